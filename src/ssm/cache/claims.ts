/**
 * In-flight de-duplication across replicas, over a store with claims
 * (store.ts): of the replicas that miss a key at the same time, the first to
 * claim it loads it; the others wait for the value it writes, polling the
 * store (10 ms, doubling to 100 ms) for at most the claim's life.
 *
 * Contract of `claimOrWait`: resolves with the value another replica stored
 * meanwhile, or with what to do instead: load, under this caller's claim when
 * it got one. A waiter takes the claim over as soon as the holder releases it
 * (its load failed, or it kept nothing: a zero TTL) or the claim expires (the
 * holder is slow or gone), and then loads itself, unless the value landed
 * meanwhile (a holder writes its value before it releases its claim, so the
 * value is looked for once more after every claim taken). A failing store never makes
 * anyone wait: the caller loads at once. So de-duplication is only ever lost
 * (a duplicate call), never turned into a wrong or a missing value.
 */
import type { Claim, Stored } from './store.ts';

export interface ClaimingLevel {
  get(key: string): Promise<Stored | undefined>;
  /** A claim, undefined while another holds it, or `'failed'` when the store could not tell. */
  claim(key: string, ttlMs: number): Promise<Claim | undefined | 'failed'>;
  release(claim: Claim): void;
}

export type ClaimOutcome = { stored: Stored } | { claim?: Claim };

export async function claimOrWait(level: ClaimingLevel, key: string, ttlMs: number, now: () => number = Date.now): Promise<ClaimOutcome> {
  const deadline = now() + ttlMs;
  for (let delay = 10; ; delay = Math.min(delay * 2, 100)) {
    const claim = await level.claim(key, ttlMs);
    if (claim === 'failed') return {};
    if (claim) {
      // The holder may have written its value and released its claim since this caller last
      // looked: look once more before loading.
      const landed = await level.get(key);
      if (!landed) return { claim };
      level.release(claim);
      return { stored: landed };
    }
    if (now() >= deadline) return {};
    await new Promise((r) => setTimeout(r, delay));
    const stored = await level.get(key);
    if (stored) return { stored };
  }
}
