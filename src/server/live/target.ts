/**
 * A target: one watched record (a Subscription field with its arguments) and
 * the cohorts that watch it, polled together so that their upstream calls
 * coincide: every poll of a tick asks the cache with the same freshness bound,
 * the first to need an entry loads it and the others share that load (in
 * flight, or just done). One record costs one poll's calls per tick, however
 * many cohorts and subscribers watch it; terminal data, cached for the
 * terminal TTL, costs none.
 *
 * Schedule:
 * - a new cohort is polled at once, for its first state; the ticks that follow
 *   poll every cohort whose first state is in;
 * - a tick starts `interval` after the previous one ended (they never overlap);
 *   the interval starts at LIVE_POLL_MS, grows (`nextInterval`) while nothing
 *   changes and while polls fail or SSM throttles, up to LIVE_POLL_MAX_MS, and
 *   drops back to LIVE_POLL_MS on any change;
 * - a poll's freshness bound is max(its start − LIVE_POLL_MS, the end of the
 *   target's previous poll): it reads no mutable cache entry loaded before
 *   that, so each tick sees SSM anew, while a load another target made within
 *   LIVE_POLL_MS is shared;
 * - when its last cohort leaves, the timer is cleared and the waits of polls in
 *   flight end (its AbortSignal): nothing of it stays behind.
 */
import { cacheNow } from '../../ssm/cache/index.ts';
import type { Cohort } from './cohort.ts';
import type { Poller } from './poll.ts';

/** How a target waits between ticks: `setTimeout` unless a test drives the ticks itself. */
export interface LiveTimers {
  /** Runs `tick` after `ms`; what `tick` returns (a promise of the tick's end) is for tests that wait on it. */
  set(tick: () => Promise<void>, ms: number): unknown;
  clear(handle: unknown): void;
}

export const REAL_TIMERS: LiveTimers = {
  set: (tick, ms) => setTimeout(tick, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface Pacing {
  /** LIVE_POLL_MS */
  pollMs: number;
  /** LIVE_POLL_MAX_MS */
  pollMaxMs: number;
}

/** The interval after a tick: back to the base on a change, ×2 after a failure or throttling, ×1.5 when nothing changed. */
export function nextInterval(current: number, tick: { changed: boolean; failed: boolean }, { pollMs, pollMaxMs }: Pacing): number {
  if (tick.failed) return Math.min(current * 2, pollMaxMs);
  if (tick.changed) return pollMs;
  return Math.min(Math.ceil(current * 1.5), pollMaxMs);
}

export class Target {
  readonly cohorts = new Map<string, Cohort>();
  /** Polls that answered (for statistics). */
  polls = 0;
  private interval: number;
  private timer?: unknown;
  private ticking = false;
  private stopped = false;
  private lastEnd = -Infinity;
  private readonly abort = new AbortController();

  constructor(
    readonly key: string,
    private readonly poll: Poller,
    private readonly pacing: Pacing,
    private readonly onStop: (target: Target) => void,
    private readonly timers: LiveTimers = REAL_TIMERS,
  ) {
    this.interval = pacing.pollMs;
  }

  /** Adds a new cohort and polls it at once. */
  add(cohort: Cohort): void {
    this.cohorts.set(cohort.key, cohort);
    void this.pollOne(cohort).then(() => this.schedule());
  }

  /** Removes a cohort; the last one out stops the target. */
  remove(cohort: Cohort): void {
    if (this.cohorts.get(cohort.key) === cohort) this.cohorts.delete(cohort.key);
    if (!this.cohorts.size) this.stop();
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
    this.abort.abort();
    this.onStop(this);
  }

  private async pollOne(cohort: Cohort): Promise<{ changed: boolean; failed: boolean }> {
    const bound = { freshSince: Math.max(cacheNow() - this.pacing.pollMs, this.lastEnd), signal: this.abort.signal };
    const outcome = await this.poll(cohort.spec, bound);
    this.polls++;
    this.lastEnd = Math.max(this.lastEnd, cacheNow());
    if (this.stopped) return { changed: false, failed: false };
    const changed = cohort.take(outcome);
    if (cohort.done) this.remove(cohort);
    return { changed, failed: outcome.kind === 'failed' };
  }

  private schedule(): void {
    if (this.stopped || this.ticking || this.timer !== undefined || !this.cohorts.size) return;
    this.timer = this.timers.set(() => this.tick(), this.interval);
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    this.ticking = true;
    const due = [...this.cohorts.values()].filter((c) => !c.done && !c.pending);
    const ticks = await Promise.all(due.map((c) => this.pollOne(c)));
    this.ticking = false;
    const tick = { changed: ticks.some((t) => t.changed), failed: ticks.some((t) => t.failed) };
    this.interval = nextInterval(this.interval, tick, this.pacing);
    this.schedule();
  }
}
