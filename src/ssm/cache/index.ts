/**
 * The upstream cache: SSM's answers (pages, records) shared across requests,
 * under the per-request session (src/ssm/session.ts). Not to be confused with
 * the GraphQL response cache (src/server/response-cache.ts), which keeps whole
 * responses in the same local level.
 *
 * Two levels. The local one is an lru-cache in this process: it de-duplicates
 * concurrent loads of a key (lru-cache's `fetch`), keeps object identity (a
 * value read twice is the same object, which the session's per-response memos
 * rely on) and answers synchronous `peek`s. The shared one is optional, a
 * `CacheStore` (store.ts) that several replicas share: a local miss asks it
 * before loading, and what is loaded or learnt is written to it.
 *
 * Contract: `fetch(key, load)` returns the cached value while it is fresh, or
 * runs `load` once however many callers ask at the same time. `load` says
 * whether its value can still change: values that cannot (an execution in a
 * terminal state, a page of its children) live for `terminalTtlMs`; the rest
 * for `mutableTtlMs`. Failed loads are never cached. The local level is bounded
 * by entries and by the approximate bytes of its JSON; a value read from the
 * shared level keeps the TTL it had left there. With `lockMs`, replicas that
 * miss a key at the same time load it once between them (claims.ts).
 *
 * Freshness bound (live polls, src/server/live/): `fetch`, `peek` and `recall`
 * take an optional `freshSince`, a time on `cacheNow()`'s clock. A mutable
 * entry loaded (or `set`) before it counts as missing: `fetch` loads it again
 * (once, however many callers ask at the same time: a refresh in flight is
 * shared) and the new value replaces it for every reader; `peek` and `recall`
 * answer undefined. A value that can no longer change is fresh whatever the
 * bound, so re-reading terminal data costs nothing. A mutable value read from
 * the shared level is taken as loaded when its TTL started, less `sharedLagMs`
 * (a value stored there with more than the mutable TTL left is taken as
 * terminal): its TTL starts when the write reaches Redis, which can be after
 * the poll that loaded it ended, and that poll's next tick, bound by that end,
 * must not take it as fresh. Without
 * `freshSince` nothing changes: an entry is fresh for its TTL.
 */
import { LRUCache } from 'lru-cache';
import { claimOrWait, type ClaimOutcome } from './claims.ts';
import type { CacheStore, Claim, Stored } from './store.ts';

export type { CacheStore, Claim, Stored } from './store.ts';
export { createMemoryStore } from './store.ts';

export interface CacheOptions {
  maxEntries?: number;
  maxBytes?: number;
  terminalTtlMs?: number;
  mutableTtlMs?: number;
  /** The shared level (REDIS_URL); without it the cache is this process's alone. */
  shared?: CacheStore;
  /** How long a replica's claim on loading a key lasts (REDIS_LOCK_MS); 0 or a store without claims: no cross-replica de-duplication. */
  lockMs?: number;
  /** Where an answer came from, for metrics: the local level, the shared one, or the load. */
  onLookup?: (level: 'local' | 'shared' | 'load') => void;
  /** A shared-level failure (it is then skipped for that lookup; nothing wrong is served). */
  onSharedError?: (error: unknown) => void;
  /** How late a write may reach the shared level (REDIS_COMMAND_TIMEOUT_MS: it lands within it, or failed). */
  sharedLagMs?: number;
}

export interface Loaded<V> {
  value: V;
  /**
   * True when the value can no longer change upstream. A promise (the parent's
   * status, still loading) is not waited for: the value is kept as mutable
   * until it resolves true, then for the terminal TTL, unless a newer value
   * replaced it or a newer load of the key is running by then.
   */
  stable: boolean | Promise<boolean>;
}

/** A lookup's freshness bound (see the module's header). */
export interface Freshness {
  /** Mutable values loaded before this time (`cacheNow()`) count as missing. */
  freshSince?: number;
}

/** The clock of the cache's load times and of `freshSince`: monotonic milliseconds. */
export const cacheNow = (): number => performance.now();

export interface UpstreamCache {
  fetch<V>(key: string, load: () => Promise<Loaded<V>>, bound?: Freshness): Promise<V>;
  /** The local level's fresh value for `key`; never waits. */
  peek<V>(key: string, bound?: Freshness): V | undefined;
  /**
   * Each key's value from the local level, else the shared one (kept locally
   * after); undefined where neither has it. Synchronous when the local level
   * answers every key or there is no shared level, so a batch served locally
   * waits no extra tick.
   */
  recall<V>(keys: readonly string[], bound?: Freshness): (V | undefined)[] | Promise<(V | undefined)[]>;
  /** Stores a value learnt otherwise than by `fetch` (a record of a listed page), in both levels. */
  set<V>(key: string, value: V, stable: boolean): void;
  /** Stores `value` locally for exactly `ttlMs` (a response derived from other entries, see src/server/response-cache.ts). */
  setFor<V>(key: string, value: V, ttlMs: number): void;
  /** How long `key` stays fresh in the local level, in ms; 0 when it is not cached. */
  remainingTtl(key: string): number;
  /** Empties the local level and the shared one. */
  clear(): void;
  readonly size: number;
  readonly bytes: number;
}

/** What one `fetch` hands lru-cache: its load and bound, and where the answer came from when that fetch ran it. */
interface Lookup extends Freshness {
  load: () => Promise<Loaded<unknown>>;
  answered?: 'shared' | 'load';
}

/** A local entry; `at` (when its load started, or it was set) only on values that can still change. */
type Entry = { v: unknown; at?: number };
const isStale = (e: Entry | undefined, { freshSince }: Freshness = {}) => freshSince !== undefined && e?.at !== undefined && e.at < freshSince;

export function createUpstreamCache(opts: CacheOptions = {}): UpstreamCache {
  const terminalTtl = opts.terminalTtlMs ?? 10 * 60_000;
  const mutableTtl = opts.mutableTtlMs ?? 5_000;
  const ttlOf = (stable: boolean) => (stable ? terminalTtl : mutableTtl);
  const shared = opts.shared && sharedLevel(opts.shared, opts.onSharedError);
  const lockMs = opts.lockMs ?? 0;
  /** A shared-level value as a local entry (see the header for its load time). */
  const lagMs = opts.sharedLagMs ?? 0;
  const fromShared = (value: unknown, ttlMs: number): Entry => (ttlMs > mutableTtl ? { v: value } : { v: value, at: cacheNow() - (mutableTtl - ttlMs) - lagMs });
  const lru = new LRUCache<string, Entry, Lookup>({
    max: opts.maxEntries ?? 10_000,
    maxSize: opts.maxBytes ?? 64 * 1024 * 1024,
    sizeCalculation: (entry, key) => key.length + approximateBytes(entry.v),
    ttl: mutableTtl || 1,
    ttlAutopurge: false,
    fetchMethod: async (key, _stale, { context, options }) => {
      loading.add(key);
      let claimed: ClaimOutcome | undefined;
      try {
        // A shared value older than the bound is no answer (it was not claimed either: a load follows).
        const fresh = (stored: Stored | undefined) => (stored && !isStale(fromShared(stored.value, stored.ttlMs), context) ? stored : undefined);
        let remote = fresh(await shared?.get(key));
        claimed = !remote && shared?.claims && lockMs > 0 ? await claimOrWait(shared, key, lockMs) : undefined;
        if (claimed && 'stored' in claimed) remote = fresh(claimed.stored);
        if (remote) {
          context.answered = 'shared';
          opts.onLookup?.('shared');
          options.ttl = remote.ttlMs;
          return fromShared(remote.value, remote.ttlMs);
        }
        context.answered = 'load';
        opts.onLookup?.('load');
        const at = cacheNow();
        const { value, stable } = await context.load();
        const ttl = ttlOf(stable === true);
        // lru-cache reads a ttl of 0 as "forever": a zero TTL means "do not keep", so the entry is
        // dropped as soon as its fetch has answered everyone waiting for it.
        options.ttl = Math.max(ttl, 1);
        if (ttl <= 0) unkept.add(key);
        else shared?.set(key, value, ttl);
        if (typeof stable !== 'boolean') later.set(key, { value, stable });
        return stable === true ? { v: value } : { v: value, at };
      } finally {
        loading.delete(key);
        // After the write: waiting replicas find the value, or (nothing kept, a failed load) take the claim.
        if (claimed && 'claim' in claimed && claimed.claim) shared!.release(claimed.claim);
      }
    },
  });
  /** Keys whose fetch is running: writing one would abort that fetch (lru-cache rejects it with "replaced"). */
  const loading = new Set<string>();
  /** Keys fetched with a zero TTL, to drop once their fetch returns. */
  const unkept = new Set<string>();
  /** Values stored as mutable whose stability is still being learnt, until their fetch returns. */
  const later = new Map<string, { value: unknown; stable: Promise<boolean> }>();
  const promote = (key: string) => {
    const pending = later.get(key);
    if (!pending) return;
    later.delete(key);
    pending.stable.then(
      (stable) => {
        const current = lru.peek(key, { allowStale: true });
        // Unless a newer value replaced it meanwhile, or a newer fetch is running (it stores its own answer).
        if (stable && terminalTtl > 0 && !loading.has(key) && (!current || current.v === pending.value)) {
          lru.set(key, { v: pending.value }, { ttl: terminalTtl });
          shared?.set(key, pending.value, terminalTtl);
        }
      },
      () => undefined,
    );
  };
  const peek = <V>(key: string, bound?: Freshness) => {
    const entry = lru.get(key);
    return isStale(entry, bound) ? undefined : (entry?.v as V | undefined);
  };

  return {
    async fetch<V>(key: string, load: () => Promise<Loaded<V>>, bound?: Freshness): Promise<V> {
      if (terminalTtl <= 0 && mutableTtl <= 0) return (await load()).value;
      let entry: Entry | undefined;
      // Used only when this call starts the fetch; a call that joins one in flight is answered locally.
      const lookup: Lookup = { load, freshSince: bound?.freshSince };
      try {
        // A stale entry is refreshed; a refresh already in flight is joined, and joined again if
        // it had started before the bound.
        for (let tries = 0; tries < 2 && (!entry || isStale(entry, bound)); tries++) {
          entry = await lru.fetch(key, { context: lookup, forceRefresh: isStale(lru.peek(key), bound) });
        }
      } finally {
        // Also when the fetch failed after its load answered (lru-cache aborts a fetch whose key
        // is written meanwhile): the bookkeeping of that load must not outlive it.
        if (unkept.delete(key) && entry) lru.delete(key);
        if (entry) promote(key);
        else later.delete(key);
      }
      if (!lookup.answered) opts.onLookup?.('local');
      return entry!.v as V;
    },
    peek,
    recall<V>(keys: readonly string[], bound?: Freshness) {
      const out = keys.map((k) => peek<V>(k, bound));
      const missing = keys.filter((_, i) => out[i] === undefined);
      if (!shared || !missing.length) return out;
      return shared.getMany(missing).then((remote) => {
        let j = 0;
        return out.map((v, i) => {
          if (v !== undefined) return v;
          const hit = remote[j++];
          const found = hit && fromShared(hit.value, hit.ttlMs);
          if (!hit || isStale(found, bound)) return undefined;
          opts.onLookup?.('shared');
          lru.set(keys[i], found!, { ttl: hit.ttlMs });
          return hit.value as V;
        });
      });
    },
    set(key, value, stable) {
      const ttl = ttlOf(stable);
      if (ttl <= 0) return;
      lru.set(key, stable ? { v: value } : { v: value, at: cacheNow() }, { ttl });
      shared?.set(key, value, ttl);
    },
    setFor(key, value, ttlMs) {
      if (ttlMs > 0) lru.set(key, { v: value }, { ttl: ttlMs });
    },
    remainingTtl(key) {
      const left = lru.getRemainingTTL(key);
      return Number.isFinite(left) && left > 0 ? left : 0;
    },
    clear: () => {
      lru.clear();
      shared?.clear();
    },
    get size() {
      return lru.size;
    },
    get bytes() {
      return lru.calculatedSize;
    },
  };
}

/**
 * The shared store with its failures reported and turned into misses (never into errors of a
 * request); a claim the store could not answer is `'failed'`: the caller loads without waiting.
 */
function sharedLevel(store: CacheStore, onError: (e: unknown) => void = () => undefined) {
  const quiet = <T>(p: Promise<T>, fallback: T) => p.catch((e) => (onError(e), fallback));
  return {
    get: (key: string) => quiet(store.get(key), undefined),
    getMany: (keys: readonly string[]) => quiet(store.getMany(keys), keys.map(() => undefined)),
    set: (key: string, value: unknown, ttlMs: number) => void quiet(store.set(key, value, ttlMs), undefined),
    clear: () => void quiet(store.clear(), undefined),
    claims: !!store.claim,
    claim: (key: string, ttlMs: number) => quiet<Claim | undefined | 'failed'>(store.claim!(key, ttlMs), 'failed'),
    release: (claim: Claim) => void quiet(claim.release(), undefined),
  };
}

/** Bytes of the value's JSON, as a stand-in for its heap footprint. */
function approximateBytes(value: unknown): number {
  try {
    return Math.max(JSON.stringify(value)?.length ?? 16, 16);
  } catch {
    return 1024;
  }
}
