/**
 * The live hub's view of the other replicas: who polls a watched record for
 * all of them, and how the others hear its polls. Two adapters: `SOLO` (no
 * REDIS_URL: this process is alone and polls everything it watches) and the
 * Redis one (redis-cluster.ts: a lease per record, its ticks over pub/sub).
 *
 * Contract, per target (a watched record, target.ts):
 * - `lead(target, ttlMs)` takes or renews this replica's lease for `ttlMs`
 *   and says whether to poll: true for the holder, and whenever the others
 *   cannot be relied on (Redis unreachable, this replica not listening): then
 *   every replica polls for itself, as a single one does. False: another
 *   replica holds the lease and its ticks reach `listen`.
 * - `publish` sends one tick's outcomes, per cohort key, to the others;
 *   `listen` receives the others' (never this replica's own). Delivery is at
 *   most once: a tick lost costs a listener that tick's state until the next.
 * - `release` gives the lease up (the target stopped), so another replica
 *   watching the record takes it at its next tick.
 * Failures never reach the caller: they read as "poll for yourself".
 */
import type { PollOutcome } from './poll.ts';

/** One tick of the lease holder: when its polls started (`Date.now()`), and each cohort's outcome. */
export interface RelayedTick {
  at: number;
  outcomes: [cohort: string, outcome: PollOutcome][];
}

export interface LiveCluster {
  lead(target: string, ttlMs: number): Promise<boolean>;
  release(target: string): void;
  publish(target: string, tick: RelayedTick): void;
  /** Returns the unsubscribe. */
  listen(target: string, on: (tick: RelayedTick) => void): () => void;
}

/** A replica on its own: it polls every target itself. */
export const SOLO: LiveCluster = {
  lead: () => Promise.resolve(true),
  release: () => undefined,
  publish: () => undefined,
  listen: () => () => undefined,
};
