/**
 * `npm run bench:estate [-- --latency MS --iterations N]`: the fleet overview
 * across 4 locations (2 accounts × 2 regions, the second account through STS
 * AssumeRole) against its lower bound of upstream calls, and its cold latency
 * against the same query in one location (issue #12: locations run in
 * parallel, not one after another). The emulator runs in this process with a
 * fixed latency per call; every sample starts from an empty cache.
 */
import { parseArgs } from 'node:util';
import { generateEstate } from '../src/emulator/generate-estate.ts';
import { startEmulator } from '../src/emulator/index.ts';
import { loadConfig } from '../src/server/config.ts';
import { createGatewayEstate } from '../src/server/estate.ts';
import { createGateway } from '../src/server/gateway.ts';
import { maxPageSize } from '../src/ssm/model.ts';
import { fmt, percentile, ratio, table } from './lib.ts';

const { values: argv } = parseArgs({ options: { latency: { type: 'string', default: '40' }, iterations: { type: 'string', default: '10' } } });
const LATENCY = Number(argv.latency);
const ITER = Number(argv.iterations);

const estate = generateEstate({ seed: 1, size: 'small' });
const emulator = await startEmulator({ port: 0, estate, faults: [{ latencyMs: LATENCY }] });
const regions = [...new Set(estate.locations.map((l) => l.region))];
const config = loadConfig({
  CURSOR_SECRET: 'bench',
  LOG_LEVEL: 'error',
  RESPONSE_CACHE: 'false',
  SSM_REGIONS: regions.join(','),
  SSM_ACCOUNT_ROLES: Object.values(estate.roleOf).join(','),
});
const locations = await createGatewayEstate(config, {
  endpoint: emulator.url,
  stsEndpoint: emulator.url,
  credentials: { accessKeyId: estate.accessKeyOf[estate.home.accountId], secretAccessKey: 'bench' },
});
const gateway = createGateway({ locations, config });
// Every location's credentials (and the home account) resolved before measuring: AssumeRole is once per session.
await locations.list();
await post('{ associations(first: 1) { edges { cursor } } }');

const FIRST = 50;
const fleet = (args = '') =>
  `{ associations(first: ${FIRST}${args}) { edges { node { accountId region associationName executions(first: 1) { edges { node { status createdTime } } } } } } }`;
const home = `, accountIds: ["${estate.home.accountId}"], regions: ["${estate.home.region}"]`;

async function post(query: string) {
  const res = await gateway.fetch('http://bench/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  const body = (await res.json()) as { data?: any; errors?: unknown[] };
  if (body.errors) throw new Error(`bench query failed: ${JSON.stringify(body.errors).slice(0, 300)}`);
  return body.data;
}

async function sample(query: string) {
  gateway.cache.clear();
  emulator.reset();
  const t = performance.now();
  const data = await post(query);
  const ms = performance.now() - t;
  return { ms, calls: emulator.calls().filter((c) => c.service === 'ssm').length, data };
}

/** The fewest calls the answer allows: each location's pages of the associations it contributes (at least one, to merge), one executions page per association shown. */
function lowerBound(data: any): number {
  const page = maxPageSize('ListAssociations');
  const per = new Map<string, number>();
  for (const e of data.associations.edges) per.set(`${e.node.accountId}/${e.node.region}`, (per.get(`${e.node.accountId}/${e.node.region}`) ?? 0) + 1);
  let calls = 0;
  for (const l of estate.locations) calls += Math.max(1, Math.ceil((per.get(`${l.accountId}/${l.region}`) ?? 0) / page));
  return calls + data.associations.edges.length;
}

const rows: (string | number)[][] = [];
const queries = [['one location (home)', fleet(home)], ['4 locations', fleet()]] as const;
const results: Record<string, { ms: number[]; calls: number[]; bound: number }> = Object.fromEntries(queries.map(([n]) => [n, { ms: [], calls: [], bound: 0 }]));
// Interleaved, so both see the same machine load.
for (let i = 0; i < ITER; i++) {
  for (const [name, query] of queries) {
    const s = await sample(query);
    results[name].ms.push(s.ms);
    results[name].calls.push(s.calls);
    results[name].bound = name === '4 locations' ? lowerBound(s.data) : 1 + s.data.associations.edges.length;
  }
}
for (const [name] of queries) {
  const { ms, calls, bound } = results[name];
  rows.push([name, Math.min(...calls) === Math.max(...calls) ? calls[0] : `${Math.min(...calls)}–${Math.max(...calls)}`, bound, ratio(calls[0], bound), fmt(percentile(ms, 50)), fmt(percentile(ms, 90))]);
}
const one = percentile(results['one location (home)'].ms, 50);
const four = percentile(results['4 locations'].ms, 50);
console.log(`## Fleet overview across locations (associations(first: ${FIRST}) { executions(first: 1) }), ${LATENCY} ms per upstream call, ${ITER} cold samples\n`);
console.log(table(['query', 'upstream calls', 'lower bound', 'calls / bound', 'p50 ms', 'p90 ms'], rows));
console.log(`\ncold p50, 4 locations / one location: ${ratio(four, one)} (target ≤ 1.2: the locations run in parallel)`);
console.log(`critical path of either (ListAssociations, then DescribeAssociationExecutions): 2 × ${LATENCY} ms = ${2 * LATENCY} ms; p50 / critical path: one ${ratio(one, 2 * LATENCY)}, 4 locations ${ratio(four, 2 * LATENCY)}`);
locations.close();
await emulator.close();
