/**
 * The emulator's clock: what "now" is for NextToken lifetimes, temporary
 * credential expiry and live mode. Measurements (the call log's `at` and
 * `durationMs`, throttle windows, latency faults) use real time.
 */

/** Milliseconds since the epoch. */
export type Clock = () => number;

/** A clock that moves only when told: tests advance it instead of sleeping. */
export interface ManualClock extends Clock {
  /** Moves the clock forward by `ms` (>= 0) and returns the new time. */
  advance(ms: number): number;
}

export function createManualClock(start: Date | number = Date.now()): ManualClock {
  let t = new Date(start).getTime();
  if (!Number.isFinite(t)) throw new Error(`createManualClock: invalid start ${String(start)}`);
  return Object.assign(() => t, {
    advance(ms: number): number {
      if (!Number.isFinite(ms) || ms < 0) throw new Error(`advance: ms must be a non-negative number, got ${String(ms)}`);
      t += ms;
      return t;
    },
  });
}

export const isManualClock = (c: Clock): c is ManualClock => typeof (c as Partial<ManualClock>).advance === 'function';
