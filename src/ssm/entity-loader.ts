/**
 * Per-request loaders of single records, backed by the cross-request cache.
 *
 * Contract: `load(key)` resolves to the record or rejects with an `SsmError`
 * (NOT_FOUND when SSM does not know it). Keys are `EntityKey`s of the loader's
 * entity (src/ssm/entities.ts) in the loader's location: a loader serves one
 * location of one request, so a batch never mixes locations. The batch function receives only the keys
 * neither this request nor the cache could serve, at most `maxBatchSize` of
 * them, and returns one value or Error per key, in key order. A record learnt
 * any other way (a listed page) is handed to `primePage`, so a later `load` of
 * it costs no call.
 */
import DataLoader from 'dataloader';
import { keyOf, keyString, type EntityKey, type EntityName } from './entities.ts';
import type { SsmSession } from './session.ts';

export interface EntityLoaderSpec<E extends EntityName, V extends EntityKey<E>> {
  entity: E;
  /**
   * For an entity served from listings and from a Get* call: `detail` for the
   * loader that always has the full Get* shape, `summary` for the one that
   * always has the listed shape; they are cached apart.
   */
  variant?: 'detail' | 'summary';
  batch: (keys: readonly EntityKey<E>[]) => Promise<(V | Error)[]>;
  /** True when the record can no longer change upstream. */
  stable: (value: V) => boolean;
  maxBatchSize?: number;
}

export interface EntityLoader<E extends EntityName, V extends EntityKey<E>> {
  readonly entity: E;
  load(key: EntityKey<E>): Promise<V>;
  loadMany(keys: readonly EntityKey<E>[]): Promise<(V | Error)[]>;
  /**
   * Makes every record of a listed page this request's answer for its key.
   * With `shared` (the page came from SSM in this request) the records are also
   * written to the cross-request cache; a page read from the cache had them
   * written already. The page's index is built once and shared by every request
   * that reads the same cached page (pages and their records are never mutated).
   */
  primePage(items: readonly V[], shared?: boolean): void;
  /** The record if this request or the cache already holds it; never calls upstream. */
  peek(key: EntityKey<E>): V | undefined;
}

/** Runs `get` for each key of a batch, turning each failure into that key's Error. */
export function eachKey<K, V>(get: (key: K) => Promise<V>): (keys: readonly K[]) => Promise<(V | Error)[]> {
  return (keys) => Promise.all(keys.map((k) => get(k).catch((e: Error) => e)));
}

/** Indexes of listed pages by cache type, then key; they live as long as their page. */
const pageIndexes = new WeakMap<readonly unknown[], Map<string, Map<string, unknown>>>();

function indexOf<V>(items: readonly V[], type: string, keyOfItem: (value: V) => string): Map<string, V> {
  let byType = pageIndexes.get(items);
  if (!byType) pageIndexes.set(items, (byType = new Map()));
  let index = byType.get(type) as Map<string, V> | undefined;
  if (!index) byType.set(type, (index = new Map(items.map((v) => [keyOfItem(v), v]))));
  return index;
}

export function createEntityLoader<E extends EntityName, V extends EntityKey<E>>(
  session: SsmSession,
  spec: EntityLoaderSpec<E, V>,
): EntityLoader<E, V> {
  const type = spec.variant === 'detail' ? `${spec.entity}Detail` : spec.variant === 'summary' ? `${spec.entity}Summary` : spec.entity;
  const id = (k: EntityKey<E>) => keyString(spec.entity, k);
  const cacheKey = (k: EntityKey<E>) => `entity:${type}:${id(k)}`;
  /** Indexes of the pages this request listed, newest last. */
  const pages: Map<string, V>[] = [];
  const lookup = (key: string): V | undefined => {
    for (let i = pages.length - 1; i >= 0; i--) {
      const hit = pages[i].get(key);
      if (hit !== undefined) return hit;
    }
    return undefined;
  };
  const loader = new DataLoader<EntityKey<E>, V, string>(
    async (keys) => {
      const known = session.recall<V>(keys.map(cacheKey));
      const results: (V | Error | undefined)[] = known instanceof Promise ? await known : known;
      const missing = keys.filter((_, i) => results[i] === undefined).map((k) => keyOf(spec.entity, k));
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
    { cacheKeyFn: id, maxBatchSize: spec.maxBatchSize },
  );
  // Records of listed pages are answered from the pages' indexes, before the loader: a listing
  // primes every record of every page it reads, and most are never loaded by ID.
  const fromKnown = (k: EntityKey<E>) => {
    const v = lookup(id(k));
    return v === undefined ? undefined : Promise.resolve(v);
  };
  return {
    entity: spec.entity,
    load: (k) => fromKnown(k) ?? loader.load(k),
    loadMany: (ks) => Promise.all(ks.map((k) => (fromKnown(k) ?? loader.load(k)).catch((e: Error) => e))),
    primePage(items, shared = true) {
      pages.push(indexOf(items, type, id));
      if (shared) for (const v of items) session.remember(cacheKey(v), v, spec.stable(v), false);
    },
    peek: (k) => lookup(id(k)) ?? session.peek<V>(cacheKey(k)),
  };
}

/**
 * The two loaders of an entity served from listings and from a Get* call
 * (`get`): `record` answers from listed summaries when it can, `detail` always
 * has the full shape. Both go through `get`, whose identical calls the session
 * makes once.
 */
export function createRecordLoaders<E extends EntityName, V extends EntityKey<E>>(
  session: SsmSession,
  entity: E,
  get: (key: EntityKey<E>) => Promise<V>,
  stable: (value: V) => boolean,
) {
  return {
    record: createEntityLoader<E, V>(session, { entity, stable, batch: eachKey(get) }),
    detail: createEntityLoader<E, V>(session, { entity, variant: 'detail', stable, batch: eachKey(get) }),
  };
}
