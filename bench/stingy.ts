/**
 * Section 1b (`--stingy`): upstream calls on a stingy emulator (short pages,
 * empty filtered pages with a NextToken), where paging bugs show. A failed
 * query is a result here, not a crash.
 */
import { isDeepStrictEqual } from 'node:util';
import { benchGateway, listen, type RemoteEmulator, ratio, startRemoteEmulator, table } from './lib.ts';
import { createNaiveServer } from './naive.ts';
import { type BenchSetting, clientOf, SEED, SIZE } from './options.ts';
import type { BenchQuery } from './queries.ts';
import type { Report } from './report.ts';
import { normalise, type Sample, timed } from './samples.ts';

type Attempt = Sample & { data: unknown; error?: string };

/** One run of `q`; a failure comes back as a sample with its error code and the calls made until then. */
async function attempt(emu: RemoteEmulator, url: string, q: BenchQuery, before?: () => void): Promise<Attempt> {
  try {
    return await timed(emu, url, q, before);
  } catch (e) {
    const calls = (await emu.calls()).length;
    const code = /"code":"([A-Z_]+)"/.exec(String(e))?.[1] ?? 'error';
    return {
      ms: Number.NaN,
      calls,
      chain: 0,
      ops: {},
      data: undefined,
      error: `${code}: ${String(e).slice(String(e).indexOf('[{'), 200)}`,
    };
  }
}

export async function stingyCalls({ queries, config }: BenchSetting, { log, say }: Report) {
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
      const c = await attempt(emu, gw.url, q, () => gateway.cache.clear());
      const w = await attempt(emu, gw.url, q);
      const n = await attempt(emu, naive.url, q);
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
      for (const [who, x] of [
        ['gateway cold', c],
        ['gateway warm', w],
        ['naive', n],
      ] as const) {
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
