/**
 * `npm run bench:demand`: demand control against the naive resolvers, on the
 * emulator (large data, a fixed latency per call, in a child process), with
 * the gateway's default limits (SSM_MAX_RPS, SSM_MAX_CONCURRENCY,
 * SSM_MAX_CALLS_PER_REQUEST, MAX_QUERY_COST). See BENCHMARKS.md.
 *
 * For each benchmark query (bench/queries.ts) and the 50 × 50 × 50 window tree:
 * cold latency of the gateway and of the naive server, interleaved; the calls
 * each made; the most calls the emulator saw arrive in any one-second window
 * (from its call log) against the budget; the gateway's `extensions.cost`.
 * Then concurrent clients: K different window trees at once, cold, to show the
 * budget holding under load.
 *
 * Two departures from the defaults, both because the benchmark is one client
 * asking one query after another: the client budget is off
 * (CLIENT_MAX_CALLS_PER_MINUTE=0: this one client would spend its 2,000 calls
 * of the minute within the run and be refused), and each gateway sample waits
 * until its location's rate budget is unspent (1.3 s after the previous
 * sample), so a sample measures one query's cold latency, not the budget the
 * previous sample spent; the concurrent part shows the budget under load.
 *
 *   --latency MS    latency per upstream call (default 40)
 *   --iterations N  samples per query (default 10)
 *   --clients K     concurrent clients of the load part (default 12)
 */
import { parseArgs } from 'node:util';
import { isDeepStrictEqual } from 'node:util';
import { execSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { busiestSecond } from '../src/emulator/index.ts';
import { generateDataset } from '../src/emulator/generate.ts';
import { Store } from '../src/emulator/store.ts';
import { loadConfig } from '../src/server/config.ts';
import { createSsmClient } from '../src/ssm/client.ts';
import { benchGateway, fmt, listen, percentile, sleep, startRemoteEmulator, table, type RemoteEmulator } from './lib.ts';
import { createNaiveServer } from './naive.ts';
import { benchQueries, type BenchQuery } from './queries.ts';

const { values: argv } = parseArgs({
  options: { latency: { type: 'string', default: '40' }, iterations: { type: 'string', default: '10' }, clients: { type: 'string', default: '12' } },
});
const LATENCY = Number(argv.latency);
const ITER = Number(argv.iterations);
const CLIENTS = Number(argv.clients);
const log = (s: string) => console.error(`[bench:demand] ${s}`);


export const TREE_50 = /* GraphQL */ `
  query Tree50($windowId: ID!) {
    maintenanceWindow(windowId: $windowId) {
      windowId
      executions(first: 50) { edges { node { windowExecutionId status
        tasks(first: 50) { edges { node { taskExecutionId status
          invocations(first: 50) { edges { node { invocationId status } } } } } } } } }
    }
  }
`;

async function post(url: string, query: string, variables: Record<string, unknown>) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ query, variables }) });
  return (await res.json()) as { data?: unknown; errors?: unknown[]; extensions?: { cost?: Record<string, number> } };
}

interface Sample {
  ms: number;
  calls: number;
  busiest: number;
  cost?: Record<string, number>;
  errors: number;
  data: unknown;
}

async function sample(emu: RemoteEmulator, url: string, q: { query: string; variables: Record<string, unknown> }, before?: () => void): Promise<Sample> {
  await emu.reset();
  before?.();
  const t = performance.now();
  const res = await post(url, q.query, q.variables);
  const ms = performance.now() - t;
  const calls = await emu.calls();
  return { ms, calls: calls.length, busiest: busiestSecond(calls), cost: res.extensions?.cost, errors: res.errors?.length ?? 0, data: res.data };
}

function largestWindow(data: ReturnType<typeof generateDataset>) {
  const s = new Store(data);
  const size = (id: string) => (s.windowExecutionsByWindow.get(id) ?? []).slice(0, 50).reduce((n, e) => n + (s.tasksByWindowExecution.get(e.WindowExecutionId!) ?? []).length, 0);
  return [...s.windows].sort((a, b) => size(b.WindowId!) - size(a.WindowId!)).map((w) => w.WindowId!);
}

async function main() {
  const data = generateDataset({ seed: 1, size: 'large' });
  const config = loadConfig({ CURSOR_SECRET: 'bench', GRAPHIQL: 'false', LOG_LEVEL: 'warn', CLIENT_MAX_CALLS_PER_MINUTE: '0' });
  const budget = config.ssm.maxRps;
  const windows = largestWindow(data);
  const queries: (Pick<BenchQuery, 'key' | 'title' | 'query' | 'variables'>)[] = [
    ...benchQueries(data, { heavyWindow: true }),
    { key: 't50', title: `50 × 50 × 50 window tree on the window with the most task executions (${windows[0]})`, query: TREE_50, variables: { windowId: windows[0] } },
  ];
  let commit = '?';
  try {
    commit = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
  } catch {}
  console.log(`date ${new Date().toISOString()}; nproc ${cpus().length}; Node ${process.version}; commit ${commit}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`emulator: size=large seed=1, non-stingy, fault { latencyMs: ${LATENCY} } on every call, child process. gateway defaults but CLIENT_MAX_CALLS_PER_MINUTE=0: SSM_MAX_RPS=${budget}, SSM_MAX_CONCURRENCY=${config.ssm.maxConcurrency}, SSM_MAX_CALLS_PER_REQUEST=${config.ssm.maxCallsPerRequest}, MAX_QUERY_COST=${config.limits.maxQueryCost}`);
  console.log();

  const emu = await startRemoteEmulator({ size: 'large', seed: 1, latencyMs: LATENCY, stingy: false });
  const gateway = await benchGateway(emu.url, config);
  const gw = await listen(gateway);
  const client = createSsmClient({ region: 'us-east-1', endpoint: emu.url, credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' }, maxAttempts: 1 });
  const naive = await listen(createNaiveServer(client));
  const rows: (string | number)[][] = [];
  try {
    for (const q of queries) {
      log(q.key);
      const g: Sample[] = [];
      const n: Sample[] = [];
      // The 50 × 50 × 50 tree takes seconds a sample (paced by the budget): fewer samples of it.
      for (let i = 0; i < (q.key === 't50' ? Math.min(ITER, 5) : ITER); i++) {
        await sleep(1300); // the budget's window (a second and 250 ms) clears
        g.push(await sample(emu, gw.url, q, () => gateway.cache.clear()));
        n.push(await sample(emu, naive.url, q));
      }
      const p = (s: Sample[], k: number) => fmt(percentile(s.map((x) => x.ms), k));
      const range = (xs: number[]) => (Math.min(...xs) === Math.max(...xs) ? String(xs[0]) : `${Math.min(...xs)}–${Math.max(...xs)}`);
      const same = isDeepStrictEqual(JSON.parse(JSON.stringify(g[0].data)), JSON.parse(JSON.stringify(n[0].data)));
      rows.push([
        q.key,
        p(g, 50),
        p(g, 95),
        p(n, 50),
        p(n, 95),
        (percentile(g.map((x) => x.ms), 50) / percentile(n.map((x) => x.ms), 50)).toFixed(2),
        range(g.map((x) => x.calls)),
        range(n.map((x) => x.calls)),
        `${Math.max(...g.map((x) => x.busiest))} / ${budget}`,
        Math.max(...n.map((x) => x.busiest)),
        `${g[0].cost?.estimated ?? '-'} / ${range(g.map((x) => x.cost?.actual ?? -1))}`,
        g.every((x) => x.errors === 0) && same ? 'yes' : g.some((x) => x.errors) ? 'errors' : 'NO',
      ]);
    }
    console.log(`### Cold latency (ms), ${ITER} samples each (t50: ${Math.min(ITER, 5)}), interleaved; ${LATENCY} ms per upstream call`);
    console.log();
    console.log(table(
      ['query', 'gateway p50', 'gateway p95', 'naive p50', 'naive p95', 'gateway / naive (p50)', 'gateway calls', 'naive calls', 'gateway busiest second / budget', 'naive busiest second', 'cost estimated / actual', 'same answer'],
      rows,
    ));
    console.log();
    for (const q of queries) console.log(`- ${q.key}: ${q.title}`);
    console.log();

    // Many clients at once: different trees (no sharing through the cache), all cold.
    log(`${CLIENTS} concurrent clients`);
    const trees = windows.slice(0, CLIENTS).map((windowId) => ({ query: queries[0].query, variables: { ...queries[0].variables, windowId } }));
    const load = async (url: string, before?: () => void) => {
      await emu.reset();
      before?.();
      const t = performance.now();
      const answers = await Promise.all(trees.map((q) => post(url, q.query, q.variables)));
      const ms = performance.now() - t;
      const calls = await emu.calls();
      return { ms, calls: calls.length, busiest: busiestSecond(calls), errors: answers.reduce((k, a) => k + (a.errors?.length ?? 0), 0), actual: answers.reduce((k, a) => k + (a.extensions?.cost?.actual ?? 0), 0) };
    };
    await sleep(1300);
    const lg = await load(gw.url, () => gateway.cache.clear());
    const ln = await load(naive.url);
    console.log(`### ${trees.length} concurrent clients, each a different window tree (query a's shape), cold`);
    console.log();
    console.log(table(
      ['server', 'all answered (ms)', 'calls', 'busiest second', 'budget', 'errors', 'Σ extensions.cost.actual'],
      [
        ['gateway', fmt(lg.ms), lg.calls, lg.busiest, budget, lg.errors, lg.actual],
        ['naive', fmt(ln.ms), ln.calls, ln.busiest, '-', ln.errors, '-'],
      ],
    ));
  } finally {
    await gw.close();
    await naive.close();
    client.destroy();
    gateway.locations.close();
    await emu.close();
  }
  process.exit(0);
}

await main();
