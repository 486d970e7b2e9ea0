/**
 * Sections 1 and 2: upstream calls per query (gateway cold and warm, the naive
 * resolvers, the lower bound) and latency against the critical-path bound, on
 * the emulator with a fixed latency per call.
 */
import { DescribeAutomationStepExecutionsCommand } from '@aws-sdk/client-ssm';
import { isDeepStrictEqual } from 'node:util';
import { benchGateway, fmt, listen, percentile, type RemoteEmulator, ratio, table } from './lib.ts';
import { createNaiveServer } from './naive.ts';
import { type BenchSetting, clientOf } from './options.ts';
import type { BenchQuery } from './queries.ts';
import type { Report } from './report.ts';
import { callsCell, callsCellOf, medianCalls, normalise, type Sample, showOps, timed } from './samples.ts';

interface QueryResult {
  q: BenchQuery;
  cold: Sample[];
  warm: Sample[];
  naive: Sample[];
  same: boolean;
}

export async function callsAndLatency({ opts, queries, config, cap }: BenchSetting, emu: RemoteEmulator, report: Report) {
  const gatewayClient = clientOf(emu.url);
  const gateway = await benchGateway(emu.url, config);
  const gw = await listen(gateway);
  const naiveClient = clientOf(emu.url);
  const naive = await listen(createNaiveServer(naiveClient));
  // One upstream call's round trip through the SDK: the fault's latency plus HTTP, signing and (de)serialisation.
  const rtt: number[] = [];
  const big = queries.find((q) => q.key === 'b')!.variables.id as string;
  for (let i = 0; i < Math.max(opts.iterations, 5); i++) {
    const t = performance.now();
    await gatewayClient.send(new DescribeAutomationStepExecutionsCommand({ AutomationExecutionId: big, MaxResults: 50 }));
    rtt.push(performance.now() - t);
  }
  const results: QueryResult[] = [];
  try {
    for (const q of queries) {
      report.log(`calls and latency: ${q.key}`);
      const cold: Sample[] = [];
      const warm: Sample[] = [];
      const nv: Sample[] = [];
      let gwData: unknown;
      let nvData: unknown;
      // Interleaved so that a change in machine load hits the three alike.
      for (let i = 0; i < opts.iterations; i++) {
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
  reportCalls(results, report);
  reportLatency(results, rtt, opts.latency, cap, opts.iterations, report);
}

function reportCalls(results: QueryResult[], { say }: Report) {
  say('## 1. Upstream calls per query (cold cache)');
  say();
  say(
    table(
      ['query', 'lower bound', 'gateway cold', 'ratio to bound', 'naive', 'naive / gateway', 'gateway warm', 'same answer'],
      results.map((r) => [
        r.q.key,
        r.q.bound.calls,
        callsCell(r.cold),
        ratio(medianCalls(r.cold), r.q.bound.calls),
        callsCell(r.naive),
        ratio(medianCalls(r.naive), medianCalls(r.cold)),
        callsCell(r.warm) + (r.q.terminal ? '' : ' (mutable)'),
        r.same ? 'yes' : 'NO',
      ]),
    ),
  );
  say();
  for (const r of results) {
    say(`- ${r.q.title}`);
    say(`  - bound: ${r.q.bound.formula} = ${r.q.bound.calls}`);
    say(`  - gateway cold: ${showOps(r.cold[0].ops)}`);
    say(`  - naive: ${showOps(r.naive[0].ops)}`);
  }
  say();
}

function reportLatency(results: QueryResult[], rtt: number[], latency: number, cap: number, iterations: number, { say }: Report) {
  const RTT = percentile(rtt, 50);
  const p = (s: Sample[], at: number) =>
    percentile(
      s.map((x) => x.ms),
      at,
    );
  say(`## 2. Latency (ms), ${iterations} samples each, ${latency} ms per upstream call, concurrency cap ${cap}`);
  say();
  say(
    table(
      [
        'query',
        'depth',
        'observed chain',
        'critical-path bound',
        'cap binds',
        'cold p50',
        'cold p95',
        'cold p50 / bound',
        'cold p50 / bound at RTT',
        'warm p50',
        'warm p95',
        'naive p50',
        'naive p95',
      ],
      results.map((r) => {
        const b = r.q.bound.depth * latency;
        const binds = r.q.bound.levels.some((n) => n > cap);
        const capBound = r.q.bound.levels.reduce((s, n) => s + Math.ceil(n / cap), 0) * latency;
        return [
          r.q.key,
          r.q.bound.depth,
          callsCellOf(r.cold.map((x) => x.chain)),
          b,
          binds ? `yes (≥ ${capBound})` : 'no',
          fmt(p(r.cold, 50)),
          fmt(p(r.cold, 95)),
          ratio(p(r.cold, 50), binds ? capBound : b),
          ratio(p(r.cold, 50), ((binds ? capBound : b) / latency) * RTT),
          fmt(p(r.warm, 50)),
          fmt(p(r.warm, 95)),
          fmt(p(r.naive, 50)),
          fmt(p(r.naive, 95)),
        ];
      }),
    ),
  );
  say();
  say(
    `critical-path bound = depth of dependent upstream calls × ${latency} ms. Where one level holds more calls than the cap (${cap}), ` +
      `the bound shown in "cap binds" is Σ over levels of ceil(calls / ${cap}) × ${latency} ms, and "cold p50 / bound" uses it. ` +
      `"observed chain" is the longest run of upstream calls that did not overlap in time (emulator call log). ` +
      `"bound at RTT" is the same bound with the measured RTT in place of ${latency} ms. RTT = one upstream call through the SDK (DescribeAutomationStepExecutions, 50 steps): p50 ${fmt(RTT, 1)} ms, p95 ${fmt(percentile(rtt, 95), 1)} ms.`,
  );
  say();
}
