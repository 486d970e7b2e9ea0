/**
 * The shared tier (REDIS_URL): the process's one Redis connection
 * (src/ssm/redis.ts) and what is built on it: the upstream cache's shared
 * level (src/ssm/cache/redis-store.ts) and, without CURSOR_SECRET, the cursor
 * key (cursor-key.ts), and the live polls' leases and ticks
 * (live/redis-cluster.ts, whose subscriber connection opens at the first
 * subscription). Without REDIS_URL there is none and nothing connects.
 *
 * Further users of the cluster's view take `connection` from here, one client
 * per process: the locations' rate budgets (rate-budgets.ts, through
 * estate.ts) and the per-client budgets (client-budget.ts).
 */
import { createRedisStore } from '../ssm/cache/redis-store.ts';
import type { CacheStore } from '../ssm/cache/store.ts';
import { createRedisConnection, type RedisConnection } from '../ssm/redis.ts';
import type { GatewayConfig } from './config.ts';
import { sharedCursorSecret } from './cursor-key.ts';
import { createRedisLiveCluster, type RedisLiveCluster } from './live/redis-cluster.ts';
import type { Log } from './log.ts';

export interface SharedTier {
  connection: RedisConnection;
  /** The upstream cache's shared level. */
  store: CacheStore;
  /** The cursor key kept in Redis, when CURSOR_SECRET is unset. */
  cursorSecret?: () => string;
  /** Who polls each watched record for all replicas, and how the others hear it. */
  live: RedisLiveCluster;
  close(): Promise<void>;
}

/** Undefined without REDIS_URL. Throws `CursorKeyUnshared` when the cursor key cannot be agreed on. */
export async function createSharedTier(config: Pick<GatewayConfig, 'redis' | 'cache' | 'cursors'>, log?: Pick<Log, 'info' | 'warn'>): Promise<SharedTier | undefined> {
  const { url, cluster, prefix, commandTimeoutMs, connectTimeoutMs } = config.redis;
  if (!url) return undefined;
  // While the start waits for the cursor key, the connection's lines are held: should the start
  // fail, its one line says why, not "serving from the local cache" before it.
  let held: [keyof typeof relay, string][] | undefined = config.cursors.secret ? undefined : [];
  const relay = {
    info: (line: string) => (held ? held.push(['info', line]) : log?.info(line)),
    warn: (line: string) => (held ? held.push(['warn', line]) : log?.warn(line)),
  };
  const connection = createRedisConnection({ url, cluster, commandTimeoutMs, connectTimeoutMs, log: relay });
  const store = createRedisStore({ connection, prefix, maxEntryBytes: config.cache.maxBytes });
  try {
    const cursorSecret = config.cursors.secret ? undefined : await sharedCursorSecret(connection, `${prefix}cursor-secret`, connectTimeoutMs, relay);
    const lines = held ?? [];
    held = undefined;
    for (const [level, line] of lines) relay[level](line);
    const live = createRedisLiveCluster({ connection, prefix });
    return { connection, store, cursorSecret, live, close: () => Promise.all([live.close(), connection.close()]).then(() => undefined) };
  } catch (e) {
    await connection.close();
    throw e;
  }
}
