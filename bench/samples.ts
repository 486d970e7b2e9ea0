/**
 * One measured query: its latency, the upstream calls the emulator saw for it
 * (how many, by operation, and the longest chain of dependent ones), and its
 * answer; and the cells the report prints of several samples.
 */
import type { CallRecord } from '../src/emulator/index.ts';
import { gql, percentile, type RemoteEmulator } from './lib.ts';
import type { BenchQuery } from './queries.ts';

export interface Sample {
  ms: number;
  calls: number;
  /** Longest chain of upstream calls that did not overlap in time (the dependency depth the gateway actually took, at most). */
  chain: number;
  ops: Record<string, number>;
}

/** Longest chain of calls each arriving after the previous one answered. */
export function observedChain(calls: CallRecord[]): number {
  const cs = [...calls].sort((a, b) => a.at - b.at);
  const depth: number[] = [];
  cs.forEach((c, i) => {
    let d = 1;
    for (let j = 0; j < i; j++) if (cs[j].at + cs[j].durationMs <= c.at) d = Math.max(d, depth[j] + 1);
    depth.push(d);
  });
  return Math.max(0, ...depth);
}

export const histogram = (calls: CallRecord[]) => {
  const h: Record<string, number> = {};
  for (const c of calls) h[c.operation] = (h[c.operation] ?? 0) + 1;
  return h;
};

export const showOps = (h: Record<string, number>) =>
  Object.entries(h)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([op, n]) => `${op} ${n}`)
    .join(', ') || 'none';

/** Runs `q` once against `url` with the emulator's call log reset first (`before` runs after the reset). */
export async function timed(emu: RemoteEmulator, url: string, q: BenchQuery, before?: () => void): Promise<Sample & { data: unknown }> {
  await emu.reset();
  before?.();
  const t = performance.now();
  const res = await gql(url, q.query, q.variables);
  const ms = performance.now() - t;
  const log = await emu.calls();
  return { ms, calls: log.length, chain: observedChain(log), ops: histogram(log), data: res.data };
}

/** `n`, or `min–max` when the samples differ. */
export const callsCellOf = (xs: number[]) =>
  Math.min(...xs) === Math.max(...xs) ? String(xs[0]) : `${Math.min(...xs)}–${Math.max(...xs)}`;
export const callsCell = (s: Sample[]) => callsCellOf(s.map((x) => x.calls));
export const medianCalls = (s: Sample[]) =>
  percentile(
    s.map((x) => x.calls),
    50,
  );

/** Answers compared between servers: times to the second (the scalars format them alike, but not always the milliseconds). */
export function normalise(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v ?? null), (_k, x: unknown) =>
    typeof x === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(x) ? x.slice(0, 19) : x,
  );
}
