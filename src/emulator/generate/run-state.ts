/**
 * The state of one generator run: the PRNG, the location and reference time the
 * data describes, the fleet, and the dataset being filled.
 */
import { DATASET_COLLECTIONS, type Dataset } from '../dataset.ts';
import type { LivePlanner } from './live-planner.ts';
import { MINUTE, Rng, instanceId } from './prng.ts';

export interface Instance {
  id: string;
  name: string;
  platform: 'Linux' | 'Windows';
}

export interface Ctx {
  rng: Rng;
  d: Dataset;
  fleet: Instance[];
  /** The reference time: every generated event is an offset back from it (ms since the epoch). */
  now: number;
  /** The location the data describes: its account and region appear in ARNs, buckets and URLs. */
  accountId: string;
  region: string;
  /** Set when the run plans live mode (`live: true`). */
  live?: LivePlanner;
}

export function makeFleet(rng: Rng, n: number): Instance[] {
  const roles = ['web', 'api', 'worker', 'db', 'cache', 'batch', 'bastion', 'build'];
  const fleet: Instance[] = [];
  for (let i = 0; i < n; i++) {
    const platform = i % 5 === 4 ? 'Windows' : 'Linux';
    const role = roles[i % roles.length];
    fleet.push({ id: instanceId(rng), name: `${platform === 'Windows' ? 'win' : 'lnx'}-${role}-${String(i + 1).padStart(3, '0')}`, platform });
  }
  return fleet;
}

/** Timestamps that legitimately lie after "now" (deadlines, not events). */
export const FUTURE_KEYS = new Set(['ExpiresAfter']);

/** Visits every Date in `value` with the member name it is under. */
export function walkDates(value: unknown, key: string, visit: (d: Date, key: string) => void): void {
  if (value instanceof Date) visit(value, key);
  else if (Array.isArray(value)) for (const v of value) walkDates(v, key, visit);
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) walkDates(v, k, visit);
}

/**
 * Run `fn`, then move every timestamp of the records it added so that the latest
 * event lands 2 minutes before `ctx.now`: used for executions still under way,
 * which must end "now" whatever their generated durations.
 *
 * When the run plans live mode and `future` is given (the same run played to a
 * final outcome, in the fork it is handed), those records are replaced by
 * the planned run's views at `now`; `fn` still runs first, so that the run's
 * PRNG stream, and every later record, is the same as in a static run.
 */
export function endingNow(ctx: Ctx, fn: () => void, future?: (fork: Ctx) => void): void {
  const gapMs = 2 * MINUTE;
  const keys = DATASET_COLLECTIONS;
  const before = keys.map((k) => ctx.d[k].length);
  fn();
  if (ctx.live && future) {
    keys.forEach((k, i) => void ctx.d[k].splice(before[i]));
    ctx.live.inProgress(ctx, future);
    return;
  }
  const added: unknown[] = keys.flatMap((k, i) => ctx.d[k].slice(before[i]) as unknown[]);
  let max = -Infinity;
  walkDates(added, '', (d, k) => {
    if (!FUTURE_KEYS.has(k) && d.getTime() > max) max = d.getTime();
  });
  if (max === -Infinity) return;
  const delta = ctx.now - gapMs - max;
  const seen = new Set<Date>();
  walkDates(added, '', (d) => {
    if (seen.has(d)) return;
    seen.add(d);
    d.setTime(d.getTime() + delta);
  });
}
