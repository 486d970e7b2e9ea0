/**
 * `npm run bench [-- --quick] [-- --stingy]`: the gateway against lower bounds,
 * a naive resolver set and a bare server, on the emulator with large generated
 * data and a fixed latency per upstream call. See BENCHMARKS.md.
 *
 *   --quick         a short smoke run (2 iterations, 2 s of load, 2,000 + 1,000 RSS queries)
 *   --stingy        also count calls on a stingy emulator (short and empty pages)
 *   --latency MS    latency per upstream call (default 40)
 *   --iterations N  samples per latency cell (default 20; --quick 2)
 *   --duration S    seconds of load per server (default 10; --quick 2)
 *   --connections N concurrent connections under load (default 10)
 *   --rss-queries N distinct queries of the RSS run (default 100000; --quick 2000)
 *   --rss-seconds S stop the RSS run after S seconds, with the count reached (default 420; --quick 60)
 *   --skip LIST     comma-separated parts to skip: calls,load,rss
 *
 * BENCH_RSS_NODE_OPTIONS (environment) is added to the RSS child's NODE_OPTIONS,
 * e.g. `--max-old-space-size=160` to see RSS under a V8 heap limit.
 */
import { execSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isDeepStrictEqual } from 'node:util';
import autocannon from 'autocannon';
import { generateDataset, describeDataset } from '../src/emulator/generate.ts';
import { loadConfig } from '../src/server/config.ts';
import { createGateway } from '../src/server/gateway.ts';
import { createSsmClient } from '../src/ssm/client.ts';
import { DescribeAutomationStepExecutionsCommand } from '@aws-sdk/client-ssm';
import { isTerminalAutomationStatus } from '../src/ssm/automation.ts';
import type { CallRecord } from '../src/emulator/index.ts';
import { benchGateway, startChild, stopChild, fmt, gql, listen, percentile, ratio, startRemoteEmulator, table, type RemoteEmulator } from './lib.ts';
import { createNaiveServer } from './naive.ts';
import { benchQueries, smallQuery, STEPS_500, type BenchQuery } from './queries.ts';

const { values: argv } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    stingy: { type: 'boolean', default: false },
    latency: { type: 'string', default: '40' },
    iterations: { type: 'string' },
    duration: { type: 'string' },
    connections: { type: 'string', default: '10' },
    'rss-queries': { type: 'string' },
    'rss-seconds': { type: 'string' },
    skip: { type: 'string', default: '' },
  },
});
const quick = argv.quick!;
const LATENCY = Number(argv.latency);
const ITER = Number(argv.iterations ?? (quick ? 2 : 20));
const DURATION = Number(argv.duration ?? (quick ? 2 : 10));
const CONNECTIONS = Number(argv.connections);
const RSS_QUERIES = Number(argv['rss-queries'] ?? (quick ? 2_000 : 100_000));
const RSS_SECONDS = Number(argv['rss-seconds'] ?? (quick ? 60 : 420));
const skip = new Set(argv.skip!.split(',').filter(Boolean));
const SEED = 1;
const SIZE = 'large';

const out: string[] = [];
const say = (s = '') => {
  console.log(s);
  out.push(s);
};
const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;
const log = (s: string) => console.error(`[bench ${elapsed()}] ${s}`);

function machine(): string {
  const mem = `${(totalmem() / 2 ** 30).toFixed(1)} GiB (${(freemem() / 2 ** 30).toFixed(1)} free)`;
  let commit = '?';
  try {
    commit = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
  } catch {}
  return `nproc ${cpus().length} (${cpus()[0]?.model ?? '?'}), memory ${mem}, Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}, commit ${commit}`;
}

// ---------------------------------------------------------------------------

const data = generateDataset({ seed: SEED, size: SIZE });
const queries = benchQueries(data, { heavyWindow: true });
const config = loadConfig({ CURSOR_SECRET: 'bench', GRAPHIQL: 'false', LOG_LEVEL: 'warn' });
const CAP = config.ssm.maxConcurrency;

say(`# ssm-graph benchmarks${quick ? ' (--quick)' : ''}`);
say();
say(`date ${new Date().toISOString()}; ${machine()}`);
say(`dataset: generated size=${SIZE} seed=${SEED}: ${Object.entries(describeDataset(data)).map(([k, v]) => `${k}=${v}`).join(' ')}`);
say(`emulator: non-stingy pages, fault { latencyMs: ${LATENCY} } on every call, in a child process; gateway defaults (SSM_MAX_CONCURRENCY=${CAP}, CACHE_MAX_ENTRIES=${config.cache.maxEntries}, CACHE_MAX_BYTES=${config.cache.maxBytes})`);
say();

// ---------------------------------------------------------------------------

interface Sample {
  ms: number;
  calls: number;
  /** Longest chain of upstream calls that did not overlap in time (the dependency depth the gateway actually took, at most). */
  chain: number;
  ops: Record<string, number>;
}

/** Longest chain of calls each arriving after the previous one answered. */
function observedChain(calls: CallRecord[]): number {
  const cs = [...calls].sort((a, b) => a.at - b.at);
  const depth: number[] = [];
  cs.forEach((c, i) => {
    let d = 1;
    for (let j = 0; j < i; j++) if (cs[j].at + cs[j].durationMs <= c.at) d = Math.max(d, depth[j] + 1);
    depth.push(d);
  });
  return Math.max(0, ...depth);
}

const histogram = (calls: CallRecord[]) => {
  const h: Record<string, number> = {};
  for (const c of calls) h[c.operation] = (h[c.operation] ?? 0) + 1;
  return h;
};
const showOps = (h: Record<string, number>) =>
  Object.entries(h)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([op, n]) => `${op} ${n}`)
    .join(', ') || 'none';

async function timed(emu: RemoteEmulator, url: string, q: BenchQuery, before?: () => void): Promise<Sample & { data: unknown }> {
  await emu.reset();
  before?.();
  const t = performance.now();
  const res = await gql(url, q.query, q.variables);
  const ms = performance.now() - t;
  const log = await emu.calls();
  return { ms, calls: log.length, chain: observedChain(log), ops: histogram(log), data: res.data };
}

const callsCell = (s: Sample[]) => {
  const min = Math.min(...s.map((x) => x.calls));
  const max = Math.max(...s.map((x) => x.calls));
  return min === max ? String(min) : `${min}–${max}`;
};
const callsCellOf = (xs: number[]) => (Math.min(...xs) === Math.max(...xs) ? String(xs[0]) : `${Math.min(...xs)}–${Math.max(...xs)}`);
const median = (s: Sample[]) => percentile(s.map((x) => x.calls), 50);

async function callsAndLatency(emu: RemoteEmulator) {
  const gatewayClient = clientOf(emu.url);
  const gateway = await benchGateway(emu.url, config);
  const gw = await listen(gateway);
  const naiveClient = clientOf(emu.url);
  const naive = await listen(createNaiveServer(naiveClient));
  // One upstream call's round trip through the SDK: the fault's latency plus HTTP, signing and (de)serialisation.
  const rtt: number[] = [];
  const big = queries.find((q) => q.key === 'b')!.variables.id as string;
  for (let i = 0; i < Math.max(ITER, 5); i++) {
    const t = performance.now();
    await gatewayClient.send(new DescribeAutomationStepExecutionsCommand({ AutomationExecutionId: big, MaxResults: 50 }));
    rtt.push(performance.now() - t);
  }
  const RTT = percentile(rtt, 50);
  const results: { q: BenchQuery; cold: Sample[]; warm: Sample[]; naive: Sample[]; same: boolean }[] = [];
  try {
    for (const q of queries) {
      log(`calls and latency: ${q.key}`);
      const cold: Sample[] = [];
      const warm: Sample[] = [];
      const nv: Sample[] = [];
      let gwData: unknown;
      let nvData: unknown;
      // Interleaved so that a change in machine load hits the three alike.
      for (let i = 0; i < ITER; i++) {
        const c = await timed(emu, gw.url, q, () => gateway.cache.clear());
        cold.push(c);
        gwData = c.data;
        warm.push(await timed(emu, gw.url, q));
        const n = await timed(emu, naive.url, q);
        nv.push(n);
        nvData = n.data;
      }
      results.push({ q, cold, warm, naive: nv, same: isDeepStrictEqual(normalise(gwData), normalise(nvData)) });
    }
  } finally {
    await gw.close();
    await naive.close();
    gatewayClient.destroy();
    naiveClient.destroy();
  }

  say('## 1. Upstream calls per query (cold cache)');
  say();
  say(table(
    ['query', 'lower bound', 'gateway cold', 'ratio to bound', 'naive', 'naive / gateway', 'gateway warm', 'same answer'],
    results.map((r) => [
      r.q.key,
      r.q.bound.calls,
      callsCell(r.cold),
      ratio(median(r.cold), r.q.bound.calls),
      callsCell(r.naive),
      ratio(median(r.naive), median(r.cold)),
      callsCell(r.warm) + (r.q.terminal ? '' : ' (mutable)'),
      r.same ? 'yes' : 'NO',
    ]),
  ));
  say();
  for (const r of results) {
    say(`- ${r.q.title}`);
    say(`  - bound: ${r.q.bound.formula} = ${r.q.bound.calls}`);
    say(`  - gateway cold: ${showOps(r.cold[0].ops)}`);
    say(`  - naive: ${showOps(r.naive[0].ops)}`);
  }
  say();
  say(`## 2. Latency (ms), ${ITER} samples each, ${LATENCY} ms per upstream call, concurrency cap ${CAP}`);
  say();
  say(table(
    ['query', 'depth', 'observed chain', 'critical-path bound', 'cap binds', 'cold p50', 'cold p95', 'cold p50 / bound', 'cold p50 / bound at RTT', 'warm p50', 'warm p95', 'naive p50', 'naive p95'],
    results.map((r) => {
      const b = r.q.bound.depth * LATENCY;
      const binds = r.q.bound.levels.some((n) => n > CAP);
      const capBound = r.q.bound.levels.reduce((s, n) => s + Math.ceil(n / CAP), 0) * LATENCY;
      const ms = (s: Sample[], p: number) => fmt(percentile(s.map((x) => x.ms), p));
      return [
        r.q.key,
        r.q.bound.depth,
        callsCellOf(r.cold.map((x) => x.chain)),
        b,
        binds ? `yes (≥ ${capBound})` : 'no',
        ms(r.cold, 50),
        ms(r.cold, 95),
        ratio(percentile(r.cold.map((x) => x.ms), 50), binds ? capBound : b),
        ratio(percentile(r.cold.map((x) => x.ms), 50), ((binds ? capBound : b) / LATENCY) * RTT),
        ms(r.warm, 50),
        ms(r.warm, 95),
        ms(r.naive, 50),
        ms(r.naive, 95),
      ];
    }),
  ));
  say();
  say(
    `critical-path bound = depth of dependent upstream calls × ${LATENCY} ms. Where one level holds more calls than the cap (${CAP}), ` +
      `the bound shown in "cap binds" is Σ over levels of ceil(calls / ${CAP}) × ${LATENCY} ms, and "cold p50 / bound" uses it. ` +
      `"observed chain" is the longest run of upstream calls that did not overlap in time (emulator call log). ` +
      `"bound at RTT" is the same bound with the measured RTT in place of ${LATENCY} ms. RTT = one upstream call through the SDK (DescribeAutomationStepExecutions, 50 steps): p50 ${fmt(RTT, 1)} ms, p95 ${fmt(percentile(rtt, 95), 1)} ms.`,
  );
  say();
}

/** Answers compared between servers: times to the second (the scalars format them alike, but not always the milliseconds). */
function normalise(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v ?? null), (_k, x: unknown) =>
    typeof x === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(x) ? x.slice(0, 19) : x,
  );
}

async function stingyCalls() {
  log('stingy calls');
  const emu = await startRemoteEmulator({ size: SIZE, seed: SEED, latencyMs: 0, stingy: true });
  const gatewayClient = clientOf(emu.url);
  const gateway = await benchGateway(emu.url, config);
  const gw = await listen(gateway);
  const naiveClient = clientOf(emu.url);
  const naive = await listen(createNaiveServer(naiveClient));
  const rows: (string | number)[][] = [];
  const failures: string[] = [];
  try {
    for (const q of queries) {
      // A failed query is a result here (stingy pages are where paging bugs show), not a crash.
      const attempt = async (url: string, before?: () => void): Promise<Sample & { data: unknown; error?: string }> => {
        try {
          return await timed(emu, url, q, before);
        } catch (e) {
          const calls = (await emu.calls()).length;
          const code = /"code":"([A-Z_]+)"/.exec(String(e))?.[1] ?? 'error';
          return { ms: NaN, calls, chain: 0, ops: {}, data: undefined, error: `${code}: ${String(e).slice(String(e).indexOf('[{'), 200)}` };
        }
      };
      const c = await attempt(gw.url, () => gateway.cache.clear());
      const w = await attempt(gw.url);
      const n = await attempt(naive.url);
      const err = (x: { error?: string }) => (x.error ? ' (failed)' : '');
      rows.push([
        q.key,
        q.bound.calls,
        c.calls + err(c),
        w.calls + err(w),
        n.calls + err(n),
        ratio(n.calls, c.calls),
        c.error || n.error ? '-' : isDeepStrictEqual(normalise(c.data), normalise(n.data)) ? 'yes' : 'NO',
      ]);
      for (const [who, x] of [['gateway cold', c], ['gateway warm', w], ['naive', n]] as const) {
        if (x.error) failures.push(`${q.key} ${who}: ${x.error}`);
      }
    }
  } finally {
    await gw.close();
    await naive.close();
    gatewayClient.destroy();
    naiveClient.destroy();
    await emu.close();
  }
  say('## 1b. Upstream calls on a stingy emulator (short pages, empty filtered pages with a NextToken)');
  say();
  say(table(['query', 'non-stingy bound', 'gateway cold', 'gateway warm', 'naive', 'naive / gateway', 'same answer'], rows));
  say();
  say('Stingy page lengths are drawn per request, so the non-stingy bound is only a floor here.');
  for (const f of failures) say(`- failed: ${f}`);
  say();
}

// ---------------------------------------------------------------------------

interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  requests: number;
}

function cannon(url: string, body: string): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body,
        connections: CONNECTIONS,
        duration: DURATION,
      },
      (err, r) => {
        if (err) return reject(err);
        resolve({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx, requests: r.requests.total });
      },
    );
  });
}

async function load(emu: RemoteEmulator) {
  const small = smallQuery(data);
  const big = queries.find((q) => q.key === 'b')!;
  const cases = [
    { key: 'small', title: 'one automation, 3 fields', query: small.query, variables: small.variables },
    { key: 'b', title: '500 steps with parent links', query: STEPS_500, variables: big.variables },
  ];
  const dir = mkdtempSync(join(tmpdir(), 'ssm-graph-bench-'));
  const rows: (string | number)[][] = [];
  try {
    for (const c of cases) {
      log(`load: ${c.key}`);
      const body = JSON.stringify({ query: c.query, variables: c.variables });
      const gateways: { name: string; res: LoadResult; calls: number }[] = [];
      let answer: { data?: Record<string, unknown> } = {};
      for (const [name, variant] of [['gateway', []], ['gateway, no response cache', ['no-response-cache']]] as const) {
        const gwChild = await startChild('bench/serve.ts', ['gateway', emu.url, ...variant], /ready (\S+)\n/);
        try {
          const url = gwChild.match[1];
          answer = await gql(url, c.query, c.variables); // warms the cache
          await gql(url, c.query, c.variables);
          await emu.reset();
          const res = await cannon(url, body);
          gateways.push({ name, res, calls: (await emu.calls()).length });
        } finally {
          await stopChild(gwChild.child);
        }
      }
      const file = join(dir, `${c.key}.json`);
      writeFileSync(file, JSON.stringify(answer.data));
      const bareChild = await startChild('bench/serve.ts', ['bare', file], /ready (\S+)\n/);
      let bareRes: LoadResult;
      try {
        const url = bareChild.match[1];
        const check = await gql(url, c.query, c.variables);
        if (!isDeepStrictEqual(check.data, answer.data)) throw new Error(`bare server answer differs for ${c.key}`);
        bareRes = await cannon(url, body);
      } finally {
        await stopChild(bareChild.child);
      }
      const bytes = Buffer.byteLength(JSON.stringify(answer));
      for (const { name, res, calls } of [...gateways, { name: 'bare', res: bareRes, calls: undefined }]) {
        rows.push([
          `${c.key} (${(bytes / 1024).toFixed(1)} KiB) ${name}`,
          fmt(res.rps),
          fmt(res.p50),
          fmt(res.p99),
          res.requests,
          res.errors + res.non2xx,
          calls ?? '-',
          calls === undefined ? '' : ratio(res.rps, bareRes.rps),
        ]);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  say(`## 3. Throughput, warm cache, ${CONNECTIONS} connections × ${DURATION} s (autocannon; each server in its own process)`);
  say();
  say(table(['query / server', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'errors', 'upstream calls', 'gateway / bare'], rows));
  say();
}

// ---------------------------------------------------------------------------

async function rss(emu: RemoteEmulator, queryCount: number, limitSeconds: number, cacheEnv: Record<string, string>) {
  log(`rss: ${queryCount} distinct queries ${JSON.stringify(cacheEnv)}`);
  await emu.setFaults([]);
  await emu.reset();
  const dir = mkdtempSync(join(tmpdir(), 'ssm-graph-bench-'));
  const targets = data.automationExecutions
    .filter((a) => a.ExecutionStartTime && isTerminalAutomationStatus(a.AutomationExecutionStatus))
    .map((a) => ({ id: a.AutomationExecutionId!, start: new Date(a.ExecutionStartTime!).getTime() }));
  const file = join(dir, 'targets.json');
  writeFileSync(file, JSON.stringify(targets));
  let report: RssReport;
  try {
    const child = await startChild(
      'bench/rss.ts',
      [emu.url, file, String(queryCount), String(limitSeconds)],
      /^result (.*)\n/m,
      { NODE_OPTIONS: `--expose-gc --no-warnings ${process.env.BENCH_RSS_NODE_OPTIONS ?? ''}`, ...cacheEnv },
      { timeoutMs: (limitSeconds + 120) * 1000, stderr: (l) => l.startsWith('[rss]') && log(l) },
    );
    report = JSON.parse(child.match[1]) as RssReport;
    await stopChild(child.child);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await emu.setFaults([{ latencyMs: LATENCY }]);
  }
  const mib = (b: number) => (b / 2 ** 20).toFixed(1);
  const setting = `CACHE_MAX_ENTRIES=${report.maxEntries}, CACHE_MAX_BYTES=${mib(report.maxBytes)} MiB`;
  say(`## 4. Memory (${setting}): ${report.queries} distinct queries${report.queries < queryCount ? ` (stopped at the ${limitSeconds} s limit, of ${queryCount})` : ''} (${report.distinctInputs} distinct upstream inputs), no latency fault, concurrency ${report.concurrency}, in a child process`);
  say();
  say(table(
    ['after queries', 'cache entries', 'cache MiB (JSON)', 'heap used MiB', 'live heap MiB (after GC)', 'RSS MiB', 'queries/s'],
    report.checkpoints.map((c) => [c.queries, c.entries, mib(c.bytes), mib(c.heapUsed), mib(c.liveHeap), mib(c.rss), fmt(c.qps)]),
  ));
  say();
  say(
    `base (gateway loaded, cache empty, after GC): RSS ${mib(report.baseRss)} MiB, live heap ${mib(report.baseHeap)} MiB; ` +
      `live heap − base at the end ${mib(report.checkpoints.at(-1)!.liveHeap - report.baseHeap)} MiB for ${mib(report.checkpoints.at(-1)!.bytes)} MiB of cache JSON ` +
      `(${ratio(report.checkpoints.at(-1)!.liveHeap - report.baseHeap, report.checkpoints.at(-1)!.bytes)} heap bytes per JSON byte); ` +
      `peak RSS ${mib(report.peakRss)} MiB; peak − base ${mib(report.peakRss - report.baseRss)} MiB = ${ratio(report.peakRss - report.baseRss, report.maxBytes)} × CACHE_MAX_BYTES; ` +
      `upstream calls ${report.upstreamCalls}; errors ${report.errors}; ${fmt(report.seconds)} s`,
  );
  say();
}

export interface RssReport {
  queries: number;
  concurrency: number;
  distinctInputs: number;
  upstreamCalls: number;
  errors: number;
  seconds: number;
  maxEntries: number;
  maxBytes: number;
  baseRss: number;
  /** Heap used after a forced GC, cache empty. */
  baseHeap: number;
  peakRss: number;
  /** heapUsed and rss before, liveHeap after a forced GC. */
  checkpoints: { queries: number; entries: number; bytes: number; heapUsed: number; liveHeap: number; rss: number; qps: number }[];
}

function clientOf(endpoint: string) {
  return createSsmClient({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' }, maxAttempts: 1 });
}

async function main() {
  const emulator = await startRemoteEmulator({ size: SIZE, seed: SEED, latencyMs: LATENCY, stingy: false });

  try {
    if (!skip.has('calls')) await callsAndLatency(emulator);
    if (argv.stingy && !skip.has('calls')) await stingyCalls();
    if (!skip.has('load')) await load(emulator);
    if (!skip.has('rss')) {
      await rss(emulator, RSS_QUERIES, RSS_SECONDS, {});
      // The bytes bound: entries unbounded in practice, a small byte budget.
      await rss(emulator, quick ? 1_000 : 20_000, quick ? 20 : 90, { CACHE_MAX_ENTRIES: '1000000', CACHE_MAX_BYTES: String(16 * 2 ** 20) });
    }
  } finally {
    await emulator.close();
  }
  say();
  say(`finished in ${elapsed()}; load average at the end ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  if (!quick) writeFileSync(join(tmpdir(), 'ssm-graph-bench.md'), out.join('\n') + '\n');
  process.exit(0);
}

await main();
