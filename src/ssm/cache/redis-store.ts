/**
 * The cache's storage port (store.ts) over Redis: the shared level every
 * replica with the same REDIS_URL and REDIS_PREFIX reads and writes.
 *
 * - Keys: each cache key (already namespaced by location) becomes
 *   `<prefix>cache:{<sha256 of it>}` (the value) and `…:lock` (its load
 *   claim). Hashing keeps Redis keys short and free of the braces that cache
 *   keys (JSON inputs) hold, which Redis Cluster would read as hash tags; the
 *   explicit tag puts a value and its lock in one slot, so the holder's write
 *   reaches Redis before its release.
 * - TTLs: written with `PX` (Redis expires them, on Redis's clock); read back
 *   with `PTTL` in the same round trip, so a value keeps the life it has left.
 * - Values: JSON with Dates revived (codec.ts); a copy, never the same object.
 * - Byte bound: an entry larger than `maxEntryBytes` (CACHE_MAX_BYTES, what
 *   the local level would refuse too) is not written. The shared level as a
 *   whole is bounded by Redis itself: `maxmemory` with an LRU eviction policy
 *   (README, Replicas). Every key written has a TTL, so `volatile-lru` works
 *   in a Redis shared with other data.
 * - Reads: one `MGET` (plus `PTTL`s) per batch; in cluster mode one `GET` per
 *   key, since MGET cannot span slots. Commands sent in one tick travel in one
 *   pipeline (ioredis auto-pipelining), so a page's records are written in one
 *   round trip.
 * - Failures: while the connection is not usable (redis.ts) every call fails
 *   at once, without sending; the cache turns failures into misses.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import type { RedisConnection } from '../redis.ts';
import { decodeValue, encodeValue } from './codec.ts';
import type { CacheStore, Claim, Stored } from './store.ts';

export interface RedisStoreOptions {
  connection: Pick<RedisConnection, 'client' | 'cluster' | 'usable' | 'failed'>;
  /** REDIS_PREFIX: one per deployment. */
  prefix: string;
  /** Entries larger than this (key + JSON) are not written. */
  maxEntryBytes?: number;
}

/** Thrown without sending anything while Redis is down or cooling down after a timeout. */
export class SharedTierDown extends Error {
  override readonly name = 'SharedTierDown';
  constructor() {
    super('the shared cache (Redis) is unavailable');
  }
}

/** Deletes KEYS[1] only if it still holds ARGV[1]: a lock or lease given up by its holder alone. */
export const RELEASE = 'if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end';

export function createRedisStore({ connection, prefix, maxEntryBytes = Infinity }: RedisStoreOptions): CacheStore {
  const client = connection.client;
  const space = `${prefix}cache:`;
  const valueKey = (key: string) => `${space}{${createHash('sha256').update(key).digest('base64url')}}`;
  /** Runs `send` if Redis is usable; tells the connection about a failure. */
  const guarded = async <T>(send: () => Promise<T>): Promise<T> => {
    if (!connection.usable()) throw new SharedTierDown();
    try {
      return await send();
    } catch (e) {
      connection.failed(e);
      throw e;
    }
  };
  const stored = (text: string | null, ttlMs: number): Stored | undefined =>
    text === null || ttlMs <= 0 ? undefined : { value: decodeValue(text), ttlMs };
  const getOne = (k: string) => Promise.all([client.get(k), client.pttl(k)]).then(([text, ttl]) => stored(text, ttl));

  return {
    get: (key) => guarded(() => getOne(valueKey(key))),
    getMany: (keys) =>
      guarded(async () => {
        if (!keys.length) return [];
        const ks = keys.map(valueKey);
        if (connection.cluster) return Promise.all(ks.map(getOne));
        const [texts, ...ttls] = await Promise.all([client.mget(ks), ...ks.map((k) => client.pttl(k))]);
        return ks.map((_, i) => stored(texts[i], ttls[i]));
      }),
    set: (key, value, ttlMs) =>
      guarded(async () => {
        if (ttlMs <= 0) return;
        const k = valueKey(key);
        const text = encodeValue(value);
        if (key.length + text.length > maxEntryBytes) return;
        await client.set(k, text, 'PX', Math.ceil(ttlMs));
      }),
    clear: () => guarded(() => unlinkMatching(client, connection.cluster, `${globEscape(space)}*`)),
    claim: (key, ttlMs) =>
      guarded(async (): Promise<Claim | undefined> => {
        const lock = `${valueKey(key)}:lock`;
        const token = randomUUID();
        if ((await client.set(lock, token, 'PX', Math.ceil(ttlMs), 'NX')) !== 'OK') return undefined;
        return { release: () => guarded(() => client.eval(RELEASE, 1, lock, token)).then(() => undefined) };
      }),
  };
}

/** Deletes every key matching `pattern` (on every master in cluster mode), a SCAN page at a time. */
async function unlinkMatching(client: Redis | Cluster, cluster: boolean, pattern: string): Promise<void> {
  const nodes: Redis[] = cluster ? (client as Cluster).nodes('master') : [client as Redis];
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      // One key per UNLINK: in cluster mode the keys of one page may lie in different slots.
      if (keys.length) await Promise.all(keys.map((k) => node.unlink(k)));
    } while (cursor !== '0');
  }
}

const globEscape = (s: string) => s.replace(/[*?[\]\\]/g, '\\$&');
