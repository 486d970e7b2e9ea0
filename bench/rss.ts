/**
 * A bench child: the gateway alone in this process, fed distinct queries
 * through `yoga.fetch` so that its cache fills, reporting the cache's size and
 * the process's RSS as it goes. Prints `result <json>` (an RssReport).
 *
 *   rss.ts <emulator-url> <targets.json> <queries> [seconds]
 *
 * Stops issuing queries after `seconds` (default 420) and reports the count reached.
 *
 * Query i asks for automation targets[i % n] and its steps filtered on
 * `startTimeBefore` = its start + (1 + floor(i / n)) s (the first steps match),
 * alternating with `startTimeAfter` = its start − (1 + floor(i / n)) s (every
 * step matches: full pages): every query's DescribeAutomationStepExecutions
 * input is new, and the cache fills with small and large entries.
 */
import { readFileSync } from 'node:fs';
import { loadConfig } from '../src/server/config.ts';
import { benchGateway } from './lib.ts';
import type { RssReport } from './memory.ts';

const [url, file, count, limitSeconds] = process.argv.slice(2);
const DEADLINE = performance.now() + 1000 * Number(limitSeconds ?? 420);
const targets = JSON.parse(readFileSync(file, 'utf8')) as { id: string; start: number }[];
const QUERIES = Number(count);
const CONCURRENCY = 32;
const config = loadConfig({ CURSOR_SECRET: 'bench', GRAPHIQL: 'false', LOG_LEVEL: 'warn', ...pick(process.env, ['CACHE_MAX_ENTRIES', 'CACHE_MAX_BYTES']) });
let upstreamCalls = 0;
const gateway = await benchGateway(url, config, () => upstreamCalls++);

function pick(env: NodeJS.ProcessEnv, keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.filter((k) => env[k]).map((k) => [k, env[k]!]));
}

const QUERY = /* GraphQL */ `
  query Rss($id: ID!, $filter: StepExecutionFilter!) {
    automationExecution(automationExecutionId: $id) {
      automationExecutionStatus
      steps(first: 5, filter: $filter) {
        edges { node { stepName stepStatus } }
      }
    }
  }
`;

let errors = 0;
async function run(i: number): Promise<void> {
  const t = targets[i % targets.length];
  const k = 1000 * (1 + Math.floor(i / targets.length));
  const filter = i % 2 ? { startTimeAfter: new Date(t.start - k).toISOString() } : { startTimeBefore: new Date(t.start + k).toISOString() };
  const res = await gateway.fetch('http://bench/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query: QUERY, variables: { id: t.id, filter } }),
  });
  const body = (await res.json()) as { errors?: unknown[] };
  if (!res.ok || body.errors) {
    if (errors++ < 3) console.error(JSON.stringify(body).slice(0, 400));
  }
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
// Warm the code paths, then empty the cache: the base is the loaded gateway with an empty cache.
for (let i = 0; i < 200; i++) await run(QUERIES + i);
gateway.cache.clear();
gc();
const baseRss = process.memoryUsage().rss;
const baseHeap = process.memoryUsage().heapUsed;
let peakRss = baseRss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

const checkpoints: RssReport['checkpoints'] = [];
const marks = new Set([0.02, 0.1, 0.25, 0.5, 0.75, 1].map((f) => Math.round(QUERIES * f)));
const t0 = performance.now();
let next = 0;
let done = 0;
async function worker() {
  while (next < QUERIES && performance.now() < DEADLINE) {
    const i = next++;
    await run(i);
    done++;
    if (marks.has(done)) {
      const before = process.memoryUsage();
      peakRss = Math.max(peakRss, before.rss);
      gc(); // the live heap: the cache and whatever else survives
      const m = process.memoryUsage();
      checkpoints.push({
        queries: done,
        entries: gateway.cache.size,
        bytes: gateway.cache.bytes,
        heapUsed: before.heapUsed,
        liveHeap: m.heapUsed,
        rss: before.rss,
        qps: done / ((performance.now() - t0) / 1000),
      });
      console.error(`[rss] ${done} queries, cache ${gateway.cache.size} entries ${(gateway.cache.bytes / 2 ** 20).toFixed(1)} MiB, rss ${(m.rss / 2 ** 20).toFixed(1)} MiB`);
    }
  }
}
await Promise.all(Array.from({ length: CONCURRENCY }, worker));
const seconds = (performance.now() - t0) / 1000;
clearInterval(sampler);
if (done < QUERIES) {
  const before = process.memoryUsage();
  gc();
  const m = process.memoryUsage();
  checkpoints.push({ queries: done, entries: gateway.cache.size, bytes: gateway.cache.bytes, heapUsed: before.heapUsed, liveHeap: m.heapUsed, rss: before.rss, qps: done / seconds });
}
peakRss = Math.max(peakRss, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
checkpoints.sort((a, b) => a.queries - b.queries);
const report: RssReport = {
  queries: done,
  concurrency: CONCURRENCY,
  distinctInputs: done,
  upstreamCalls,
  errors,
  seconds,
  maxEntries: config.cache.maxEntries,
  maxBytes: config.cache.maxBytes,
  baseRss,
  baseHeap,
  peakRss,
  checkpoints,
};
console.log(`result ${JSON.stringify(report)}`);
gateway.locations.close();
