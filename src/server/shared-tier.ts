/**
 * The shared tier (REDIS_URL): the process's one Redis connection
 * (src/ssm/redis.ts) and what is built on it: the upstream cache's shared
 * level (src/ssm/cache/redis-store.ts) and, without CURSOR_SECRET, the cursor
 * key (cursor-key.ts). Without REDIS_URL there is none and nothing connects.
 *
 * Further users of the cluster's view (a shared rate budget, a live poll
 * lease) take `connection` from here: one client per process.
 */
import { createRedisStore } from '../ssm/cache/redis-store.ts';
import type { CacheStore } from '../ssm/cache/store.ts';
import { createRedisConnection, type RedisConnection } from '../ssm/redis.ts';
import type { GatewayConfig } from './config.ts';
import { sharedCursorSecret } from './cursor-key.ts';
import type { Log } from './log.ts';

export interface SharedTier {
  connection: RedisConnection;
  /** The upstream cache's shared level. */
  store: CacheStore;
  /** The cursor key kept in Redis, when CURSOR_SECRET is unset. */
  cursorSecret?: () => string;
  close(): Promise<void>;
}

/** Undefined without REDIS_URL. Throws `CursorKeyUnshared` when the cursor key cannot be agreed on. */
export async function createSharedTier(config: Pick<GatewayConfig, 'redis' | 'cache' | 'cursors'>, log?: Pick<Log, 'info' | 'warn'>): Promise<SharedTier | undefined> {
  const { url, cluster, prefix, commandTimeoutMs, connectTimeoutMs } = config.redis;
  if (!url) return undefined;
  const connection = createRedisConnection({ url, cluster, commandTimeoutMs, connectTimeoutMs, log });
  const store = createRedisStore({ connection, prefix, maxEntryBytes: config.cache.maxBytes });
  try {
    const cursorSecret = config.cursors.secret ? undefined : await sharedCursorSecret(connection, `${prefix}cursor-secret`, connectTimeoutMs, log);
    return { connection, store, cursorSecret, close: () => connection.close() };
  } catch (e) {
    await connection.close();
    throw e;
  }
}
