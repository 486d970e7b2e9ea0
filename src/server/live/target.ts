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
 *
 * Replicas (REDIS_URL, cluster.ts): each tick first asks for the record's
 * lease. The holder polls and publishes every outcome of the tick (changed or
 * not, so a tick lost in transit costs one tick); it renews the lease for its
 * next interval plus LIVE_LEASE_MS. The others poll nothing on their ticks
 * (those only try the lease, which is how one takes over from a holder that
 * stopped); they hand each relayed outcome to their cohort of the same key,
 * and poll at once the cohorts the holder does not have, which read what its
 * tick just loaded from the cache's shared level (its freshness bound is kept:
 * a mutable value read there counts as loaded when its TTL started). A new
 * cohort's first poll is always local. Without Redis, or with it unreachable,
 * `lead` says poll: every replica then polls for itself.
 */
import { cacheNow } from '../../ssm/cache/index.ts';
import { SOLO, type LiveCluster, type RelayedTick } from './cluster.ts';
import type { Cohort } from './cohort.ts';
import type { Poller, PollOutcome } from './poll.ts';

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
  /** LIVE_LEASE_MS: how long past its next tick a holder's lease lasts (replicas only). */
  leaseMs?: number;
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
  /** Ticks heard from the lease holder (for statistics). */
  relayed = 0;
  private interval: number;
  private timer?: unknown;
  private ticking = false;
  private stopped = false;
  private lastEnd = -Infinity;
  private readonly abort = new AbortController();
  /** Whether this replica polled at its last tick (held the lease, or could not rely on the others). */
  private leading = false;
  /** A relayed outcome changed a cohort since the last tick (a follower's pacing). */
  private heard = false;
  /** Cohorts whose poll is running. */
  readonly inFlight = new Set<Cohort>();
  private readonly unlisten: () => void;

  constructor(
    readonly key: string,
    private readonly poll: Poller,
    private readonly pacing: Pacing,
    private readonly onStop: (target: Target) => void,
    private readonly timers: LiveTimers = REAL_TIMERS,
    private readonly cluster: LiveCluster = SOLO,
  ) {
    this.interval = pacing.pollMs;
    this.unlisten = cluster.listen(key, (tick) => this.hear(tick));
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
    this.unlisten();
    this.cluster.release(this.key);
    this.onStop(this);
  }

  private async pollOne(cohort: Cohort, at = Date.now()): Promise<{ changed: boolean; failed: boolean; outcome?: PollOutcome }> {
    const bound = { freshSince: Math.max(cacheNow() - this.pacing.pollMs, this.lastEnd), signal: this.abort.signal };
    this.inFlight.add(cohort);
    const outcome = await this.poll(cohort.spec, bound).finally(() => this.inFlight.delete(cohort));
    this.polls++;
    this.lastEnd = Math.max(this.lastEnd, cacheNow());
    if (this.stopped) return { changed: false, failed: false };
    const changed = cohort.take(outcome, at);
    if (cohort.done) this.remove(cohort);
    return { changed, failed: outcome.kind === 'failed', outcome };
  }

  /** A tick of the holder: its outcomes to their cohorts here, and local polls for the cohorts it lacks. */
  private hear(tick: RelayedTick): void {
    if (this.stopped) return;
    this.relayed++;
    const outcomes = new Map(tick.outcomes);
    for (const cohort of [...this.cohorts.values()]) {
      const outcome = outcomes.get(cohort.key);
      if (outcome) {
        if (cohort.take(outcome, tick.at)) this.heard = true;
        if (cohort.done) this.remove(cohort);
      } else if (!this.leading && !cohort.pending && !cohort.done && !this.inFlight.has(cohort)) {
        void this.pollOne(cohort).then((t) => void (t.changed && (this.heard = true)));
      }
    }
  }

  private schedule(): void {
    if (this.stopped || this.ticking || this.timer !== undefined || !this.cohorts.size) return;
    this.timer = this.timers.set(() => this.tick(), this.interval);
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    this.ticking = true;
    const leaseMs = this.pacing.leaseMs ?? this.pacing.pollMaxMs;
    this.leading = await this.cluster.lead(this.key, leaseMs);
    let tick = { changed: this.heard, failed: false };
    this.heard = false;
    if (this.leading && !this.stopped) {
      const at = Date.now();
      const due = [...this.cohorts.values()].filter((c) => !c.done && !c.pending);
      const ticks = await Promise.all(due.map((c) => this.pollOne(c, at)));
      const outcomes = due.flatMap((c, i): RelayedTick['outcomes'] => (ticks[i].outcome ? [[c.key, ticks[i].outcome]] : []));
      // Also when its cohorts ended with this tick (the target then stopped): the others need those last states.
      if (!this.stopped || outcomes.length) this.cluster.publish(this.key, { at, outcomes });
      tick = { changed: ticks.some((t) => t.changed), failed: ticks.some((t) => t.failed) };
    }
    this.ticking = false;
    this.interval = nextInterval(this.interval, tick, this.pacing);
    if (this.leading && !this.stopped) void this.cluster.lead(this.key, this.interval + leaseMs);
    this.schedule();
  }
}
