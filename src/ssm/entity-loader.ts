/**
 * Per-request loaders of single records, backed by the cross-request cache.
 *
 * Contract: `load(key)` resolves to the record or rejects with an `SsmError`
 * (NOT_FOUND when SSM does not know it). The batch function receives only the
 * keys the cache could not serve, at most `maxBatchSize` of them, and returns
 * one value or Error per key, in key order. A record learnt any other way (a
 * listed page) is handed to `primePage`, so a later `load` of it costs no call.
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
   * Makes every record of a listed page this request's answer for its key
   * (`keyOf` gives it). With `shared` (the page came from SSM in this request)
   * the records are also written to the cross-request cache; a page read from
   * the cache had them written already, and they are not written again. The
   * page's index is built once and shared by every request that reads the same
   * cached page (pages and their records are never mutated).
   */
  primePage(items: readonly V[], keyOf: (value: V) => K, shared?: boolean): void;
  /** The record if this request or the cache already holds it; never calls upstream. */
  peek(key: K): V | undefined;
}

/** Indexes of listed pages by record type, then key; they live as long as their page. */
const pageIndexes = new WeakMap<readonly unknown[], Map<string, Map<string, unknown>>>();

function indexOf<V>(items: readonly V[], type: string, keyString: (value: V) => string): Map<string, V> {
  let byType = pageIndexes.get(items);
  if (!byType) pageIndexes.set(items, (byType = new Map()));
  let index = byType.get(type) as Map<string, V> | undefined;
  if (!index) byType.set(type, (index = new Map(items.map((v) => [keyString(v), v]))));
  return index;
}

export function createEntityLoader<K, V>(session: SsmSession, spec: EntityLoaderSpec<K, V>): EntityLoader<K, V> {
  const cacheKey = (k: K) => `entity:${spec.type}:${spec.keyOf(k)}`;
  /** Indexes of the pages this request listed, newest last. */
  const pages: Map<string, V>[] = [];
  const lookup = (key: string): V | undefined => {
    for (let i = pages.length - 1; i >= 0; i--) {
      const hit = pages[i].get(key);
      if (hit !== undefined) return hit;
    }
    return undefined;
  };
  const loader = new DataLoader<K, V, string>(
    async (keys) => {
      const results: (V | Error | undefined)[] = keys.map((k) => session.peek<V>(cacheKey(k)));
      const missing = keys.filter((_, i) => results[i] === undefined);
      if (missing.length) {
        const loaded = await spec.batch(missing);
        let j = 0;
        results.forEach((r, i) => {
          if (r !== undefined) return;
          const v = loaded[j++];
          results[i] = v;
          if (!(v instanceof Error) && v !== undefined) session.remember(cacheKey(keys[i]), v, spec.stable(v));
        });
      }
      return results as (V | Error)[];
    },
    { cacheKeyFn: spec.keyOf, maxBatchSize: spec.maxBatchSize },
  );
  // Records of listed pages are answered from the pages' indexes, before the loader: a listing
  // primes every record of every page it reads, and most are never loaded by ID.
  const fromKnown = (k: K) => {
    const v = lookup(spec.keyOf(k));
    return v === undefined ? undefined : Promise.resolve(v);
  };
  return {
    load: (k) => fromKnown(k) ?? loader.load(k),
    loadMany: (ks) => Promise.all(ks.map((k) => (fromKnown(k) ?? loader.load(k)).catch((e: Error) => e))),
    primePage(items, keyOf, shared = true) {
      pages.push(indexOf(items, spec.type, (v) => spec.keyOf(keyOf(v))));
      if (shared) for (const v of items) session.cache.set(cacheKey(keyOf(v)), v, spec.stable(v));
    },
    peek: (k) => lookup(spec.keyOf(k)) ?? session.peek<V>(cacheKey(k)),
  };
}
