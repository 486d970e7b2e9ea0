/**
 * The storage port under the upstream cache's local level: a shared store that
 * several gateway replicas read and write, so a page one fetched is served to
 * the others. Adapters: `createMemoryStore` (one process; tests) and the Redis
 * one (src/ssm/cache/redis-store.ts, with REDIS_URL).
 *
 * Contract of a store:
 * - `get` resolves to the value stored under `key` and how long it stays fresh
 *   (`ttlMs` > 0), or undefined when there is none or it expired. `getMany` is
 *   the same for several keys, in order.
 * - `set` stores `value` for `ttlMs` (> 0), replacing what was there.
 * - Values are plain data: JSON with `Date`s (SSM timestamps), never functions
 *   or class instances; a store may hand back a copy, never the same object.
 * - A store never throws for a missing key. It may fail (the shared tier is
 *   down): the cache then serves from its local level and the upstream, and
 *   reports the failure through `onError`; it never returns wrong data.
 */
export interface Stored<V = unknown> {
  value: V;
  ttlMs: number;
}

export interface CacheStore {
  get(key: string): Promise<Stored | undefined>;
  getMany(keys: readonly string[]): Promise<(Stored | undefined)[]>;
  set(key: string, value: unknown, ttlMs: number): Promise<void>;
  /** Drops everything this store holds for the gateway (tests, `cache.clear()`). */
  clear(): Promise<void>;
  /**
   * Optional, for in-flight de-duplication across replicas: the right to load
   * `key` for the next `ttlMs`, or undefined while someone else holds it. A
   * claim is a hint, never a guarantee: it expires by itself, and a caller
   * without one may still load. The cache waits for the holder's value
   * (claims.ts).
   */
  claim?(key: string, ttlMs: number): Promise<Claim | undefined>;
}

export interface Claim {
  /** Ends this claim (never a claim someone else took after this one expired). */
  release(): Promise<void>;
}

/** An in-memory store: the port's reference adapter, and a stand-in for a shared tier in tests. */
export function createMemoryStore(now: () => number = Date.now): CacheStore & { readonly size: number } {
  const entries = new Map<string, { value: unknown; expires: number }>();
  const claims = new Map<string, { owner: object; expires: number }>();
  const read = (key: string): Stored | undefined => {
    const e = entries.get(key);
    if (!e) return undefined;
    const ttlMs = e.expires - now();
    if (ttlMs <= 0) {
      entries.delete(key);
      return undefined;
    }
    return { value: structuredClone(e.value), ttlMs };
  };
  return {
    get: async (key) => read(key),
    getMany: async (keys) => keys.map(read),
    async set(key, value, ttlMs) {
      if (ttlMs > 0) entries.set(key, { value: structuredClone(value), expires: now() + ttlMs });
    },
    async clear() {
      entries.clear();
    },
    async claim(key, ttlMs) {
      const held = claims.get(key);
      if (held && held.expires > now()) return undefined;
      const owner = {};
      claims.set(key, { owner, expires: now() + ttlMs });
      return { release: async () => void (claims.get(key)?.owner === owner && claims.delete(key)) };
    },
    get size() {
      return entries.size;
    },
  };
}
