/**
 * Per-request loaders of single records, backed by the cross-request cache.
 *
 * Contract: `load(key)` resolves to the record or rejects with an `SsmError`
 * (NOT_FOUND when SSM does not know it). The batch function receives only the
 * keys the cache could not serve, at most `maxBatchSize` of them, and returns
 * one value or Error per key, in key order. A record learnt any other way (a
 * listed page) is handed to `prime`, so a later `load` of it costs no call.
 */
import DataLoader from 'dataloader';
import type { SsmSession } from './session.ts';

export interface EntityLoaderSpec<K, V> {
  /** Names the record type in cache keys. */
  type: string;
  /** A string that identifies the key (the loader's and the cache's key). */
  keyOf: (key: K) => string;
  batch: (keys: readonly K[]) => Promise<(V | Error)[]>;
  /** True when the record can no longer change upstream. */
  stable: (value: V) => boolean;
  maxBatchSize?: number;
}

export interface EntityLoader<K, V> {
  load(key: K): Promise<V>;
  loadMany(keys: readonly K[]): Promise<(V | Error)[]>;
  /**
   * Makes `value` this request's answer for `key`. With `shared` (the value came
   * from SSM in this request) it is also written to the cross-request cache; a
   * value read from a cached page is there already, and is not written again.
   */
  prime(key: K, value: V, shared?: boolean): void;
  /** The record if this request or the cache already holds it; never calls upstream. */
  peek(key: K): V | undefined;
}

export function createEntityLoader<K, V>(session: SsmSession, spec: EntityLoaderSpec<K, V>): EntityLoader<K, V> {
  const cacheKey = (k: K) => `entity:${spec.type}:${spec.keyOf(k)}`;
  const known = new Map<string, V>();
  const loader = new DataLoader<K, V, string>(
    async (keys) => {
      const results: (V | Error | undefined)[] = keys.map((k) => session.cache.peek<V>(cacheKey(k)));
      const missing = keys.filter((_, i) => results[i] === undefined);
      if (missing.length) {
        const loaded = await spec.batch(missing);
        let j = 0;
        results.forEach((r, i) => {
          if (r !== undefined) return;
          const v = loaded[j++];
          results[i] = v;
          if (!(v instanceof Error) && v !== undefined) session.cache.set(cacheKey(keys[i]), v, spec.stable(v));
        });
      }
      return results as (V | Error)[];
    },
    { cacheKeyFn: spec.keyOf, maxBatchSize: spec.maxBatchSize },
  );
  // Records primed by listings are answered from `known`, before the loader: a listing primes
  // every record of every page it reads, and most are never loaded by ID.
  const fromKnown = (k: K) => {
    const v = known.get(spec.keyOf(k));
    return v === undefined ? undefined : Promise.resolve(v);
  };
  return {
    load: (k) => fromKnown(k) ?? loader.load(k),
    loadMany: (ks) => Promise.all(ks.map((k) => (fromKnown(k) ?? loader.load(k)).catch((e: Error) => e))),
    prime(k, v, shared = true) {
      known.set(spec.keyOf(k), v);
      if (shared) session.cache.set(cacheKey(k), v, spec.stable(v));
    },
    peek: (k) => known.get(spec.keyOf(k)) ?? session.cache.peek<V>(cacheKey(k)),
  };
}
