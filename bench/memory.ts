/**
 * Section 4: memory as the cache fills. A child process (rss.ts) runs the
 * gateway alone on distinct queries and reports its cache size, heap and RSS
 * at checkpoints (`RssReport`); this side starts it and prints the table.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isTerminalAutomationStatus } from '../src/ssm/automation.ts';
import { fmt, type RemoteEmulator, ratio, startChild, stopChild, table } from './lib.ts';
import type { BenchSetting } from './options.ts';
import type { Report } from './report.ts';

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

/** One RSS run of `queryCount` distinct queries (at most `limitSeconds`), with the cache settings `cacheEnv`. */
export async function rss(
  { opts, data }: BenchSetting,
  emu: RemoteEmulator,
  { log, say }: Report,
  queryCount: number,
  limitSeconds: number,
  cacheEnv: Record<string, string>,
) {
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
    await emu.setFaults([{ latencyMs: opts.latency }]);
  }
  const mib = (b: number) => (b / 2 ** 20).toFixed(1);
  const last = report.checkpoints.at(-1)!;
  const setting = `CACHE_MAX_ENTRIES=${report.maxEntries}, CACHE_MAX_BYTES=${mib(report.maxBytes)} MiB`;
  const stopped = report.queries < queryCount ? ` (stopped at the ${limitSeconds} s limit, of ${queryCount})` : '';
  say(
    `## 4. Memory (${setting}): ${report.queries} distinct queries${stopped} (${report.distinctInputs} distinct upstream inputs), no latency fault, concurrency ${report.concurrency}, in a child process`,
  );
  say();
  say(
    table(
      ['after queries', 'cache entries', 'cache MiB (JSON)', 'heap used MiB', 'live heap MiB (after GC)', 'RSS MiB', 'queries/s'],
      report.checkpoints.map((c) => [c.queries, c.entries, mib(c.bytes), mib(c.heapUsed), mib(c.liveHeap), mib(c.rss), fmt(c.qps)]),
    ),
  );
  say();
  say(
    `base (gateway loaded, cache empty, after GC): RSS ${mib(report.baseRss)} MiB, live heap ${mib(report.baseHeap)} MiB; ` +
      `live heap − base at the end ${mib(last.liveHeap - report.baseHeap)} MiB for ${mib(last.bytes)} MiB of cache JSON ` +
      `(${ratio(last.liveHeap - report.baseHeap, last.bytes)} heap bytes per JSON byte); ` +
      `peak RSS ${mib(report.peakRss)} MiB; peak − base ${mib(report.peakRss - report.baseRss)} MiB = ${ratio(report.peakRss - report.baseRss, report.maxBytes)} × CACHE_MAX_BYTES; ` +
      `upstream calls ${report.upstreamCalls}; errors ${report.errors}; ${fmt(report.seconds)} s`,
  );
  say();
}
