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
 *
 * The parts: calls.ts (sections 1 and 2), stingy.ts (1b), load.ts (3),
 * memory.ts (4); options.ts parses the above, report.ts prints.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeDataset } from '../src/emulator/generate.ts';
import { callsAndLatency } from './calls.ts';
import { startRemoteEmulator } from './lib.ts';
import { load } from './load.ts';
import { rss } from './memory.ts';
import { benchSetting, parseBenchArgs, SIZE, SEED } from './options.ts';
import { createReport, loadAverage, machine } from './report.ts';
import { stingyCalls } from './stingy.ts';

const opts = parseBenchArgs();
const setting = benchSetting(opts);
const report = createReport();
const { say } = report;
const { config } = setting;
const { quick } = opts;

say(`# ssm-graph benchmarks${quick ? ' (--quick)' : ''}`);
say();
say(`date ${new Date().toISOString()}; ${machine()}`);
say(
  `dataset: generated size=${SIZE} seed=${SEED}: ${Object.entries(describeDataset(setting.data))
    .map(([k, v]) => `${k}=${v}`)
    .join(' ')}`,
);
say(
  `emulator: non-stingy pages, fault { latencyMs: ${opts.latency} } on every call, in a child process; gateway defaults (SSM_MAX_CONCURRENCY=${setting.cap}, CACHE_MAX_ENTRIES=${config.cache.maxEntries}, CACHE_MAX_BYTES=${config.cache.maxBytes})`,
);
say();

const emulator = await startRemoteEmulator({ size: SIZE, seed: SEED, latencyMs: opts.latency, stingy: false });
try {
  if (!opts.skip.has('calls')) await callsAndLatency(setting, emulator, report);
  if (opts.stingy && !opts.skip.has('calls')) await stingyCalls(setting, report);
  if (!opts.skip.has('load')) await load(setting, emulator, report);
  if (!opts.skip.has('rss')) {
    await rss(setting, emulator, report, opts.rssQueries, opts.rssSeconds, {});
    // The bytes bound: entries unbounded in practice, a small byte budget.
    await rss(setting, emulator, report, quick ? 1_000 : 20_000, quick ? 20 : 90, {
      CACHE_MAX_ENTRIES: '1000000',
      CACHE_MAX_BYTES: String(16 * 2 ** 20),
    });
  }
} finally {
  await emulator.close();
}
say();
say(`finished in ${report.elapsed()}; load average at the end ${loadAverage()}`);
if (!quick) report.write(join(tmpdir(), 'ssm-graph-bench.md'));
process.exit(0);
