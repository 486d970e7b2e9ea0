/**
 * Section 3: throughput with a warm cache (autocannon), the gateway with and
 * without its response cache against the bare server answering the same JSON
 * from memory; each server in its own process.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import autocannon from 'autocannon';
import { fmt, gql, type RemoteEmulator, ratio, startChild, stopChild, table } from './lib.ts';
import type { BenchSetting } from './options.ts';
import { STEPS_500, smallQuery } from './queries.ts';
import type { Report } from './report.ts';

interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  requests: number;
}

function cannon(url: string, body: string, connections: number, duration: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body,
        connections,
        duration,
      },
      (err, r) => {
        if (err) return reject(err);
        resolve({
          rps: r.requests.average,
          p50: r.latency.p50,
          p99: r.latency.p99,
          errors: r.errors + r.timeouts,
          non2xx: r.non2xx,
          requests: r.requests.total,
        });
      },
    );
  });
}

export async function load({ opts, data, queries }: BenchSetting, emu: RemoteEmulator, { log, say }: Report) {
  const small = smallQuery(data);
  const big = queries.find((q) => q.key === 'b')!;
  const cases = [
    { key: 'small', title: 'one automation, 3 fields', query: small.query, variables: small.variables },
    { key: 'b', title: '500 steps with parent links', query: STEPS_500, variables: big.variables },
  ];
  const run = (url: string, body: string) => cannon(url, body, opts.connections, opts.duration);
  const dir = mkdtempSync(join(tmpdir(), 'ssm-graph-bench-'));
  const rows: (string | number)[][] = [];
  try {
    for (const c of cases) {
      log(`load: ${c.key}`);
      const body = JSON.stringify({ query: c.query, variables: c.variables });
      const gateways: { name: string; res: LoadResult; calls: number }[] = [];
      let answer: { data?: Record<string, unknown> } = {};
      for (const [name, variant] of [
        ['gateway', []],
        ['gateway, no response cache', ['no-response-cache']],
      ] as const) {
        const gwChild = await startChild('bench/serve.ts', ['gateway', emu.url, ...variant], /ready (\S+)\n/);
        try {
          const url = gwChild.match[1];
          answer = await gql(url, c.query, c.variables); // warms the cache
          await gql(url, c.query, c.variables);
          await emu.reset();
          const res = await run(url, body);
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
        bareRes = await run(url, body);
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
  say(`## 3. Throughput, warm cache, ${opts.connections} connections × ${opts.duration} s (autocannon; each server in its own process)`);
  say();
  say(table(['query / server', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'errors', 'upstream calls', 'gateway / bare'], rows));
  say();
}
