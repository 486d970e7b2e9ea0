/**
 * A location's upstream rate budget: at most `perSecond` calls start in any
 * one-second window, a burst included (a burst spends the same budget, it is
 * not added to it). Calls over it wait their turn, first come first served;
 * the SDK's adaptive retry stays the second line, should SSM throttle anyway.
 *
 * Contract of `RateBudget.take(signal)`: resolves when the caller may start
 * one call now, and counts that start; rejects with `BudgetWithdrawn` when
 * `signal` aborts first, and the waiter then leaves the queue: a wait given up
 * never spends a start later on.
 *
 * The in-memory budget is a sliding log of the latest `perSecond` starts: a
 * call may start once the oldest of them is a window old. The window is a
 * second plus `marginMs` (250 ms), what a request's way to SSM may vary by
 * (signing, a new connection, a busy event loop: tens of ms against the
 * emulator in the test process, more under load), so SSM too sees at most `perSecond`
 * arrivals in any second when one request travels slower than the next. The
 * cost: a sustained rate of perSecond / 1.25. Only while calls wait is a timer
 * set, one per budget.
 * Replicas share a budget through redis-rate-budget.ts, the same log in Redis.
 */

export interface RateBudget {
  readonly perSecond: number;
  take(signal?: AbortSignal): Promise<void>;
}

/** The wait for a start was given up (the request that wanted the call went away). */
export class BudgetWithdrawn extends Error {
  override readonly name = 'BudgetWithdrawn';
}

export interface MemoryRateBudgetOptions {
  perSecond: number;
  /** Added to the second (default 250 ms). */
  marginMs?: number;
  now?: () => number;
}

export function createMemoryRateBudget({ perSecond, marginMs = 250, now = performance.now.bind(performance) }: MemoryRateBudgetOptions): RateBudget {
  const windowMs = 1000 + marginMs;
  /** Start times, oldest first; never more than `perSecond`. */
  const starts: number[] = [];
  const waiting: { go: () => void }[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  /** Time (ms) until a start is free: 0 when one is free now. */
  const wait = () => (starts.length < perSecond ? 0 : Math.max(0, starts[0] + windowMs - now()));
  const start = () => {
    if (starts.length >= perSecond) starts.shift();
    starts.push(now());
  };
  const drain = () => {
    timer = undefined;
    while (waiting.length && wait() === 0) {
      start();
      waiting.shift()!.go();
    }
    if (waiting.length) timer = setTimeout(drain, Math.ceil(wait()));
  };

  return {
    perSecond,
    take(signal) {
      if (signal?.aborted) return Promise.reject(new BudgetWithdrawn('the call was no longer wanted'));
      if (!waiting.length && wait() === 0) {
        start();
        return Promise.resolve();
      }
      return new Promise<void>((resolve, reject) => {
        const waiter = {
          go: () => {
            signal?.removeEventListener('abort', leave);
            resolve();
          },
        };
        const leave = () => {
          const at = waiting.indexOf(waiter);
          if (at < 0) return;
          waiting.splice(at, 1);
          if (!waiting.length && timer) (clearTimeout(timer), (timer = undefined));
          reject(new BudgetWithdrawn('the call was no longer wanted'));
        };
        signal?.addEventListener('abort', leave, { once: true });
        waiting.push(waiter);
        if (!timer) timer = setTimeout(drain, Math.ceil(wait()));
      });
    },
  };
}
