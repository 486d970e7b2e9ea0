/**
 * The process's one Redis connection (REDIS_URL), for everything the replicas
 * share: the cache's shared level (cache/redis-store.ts), the cursor key
 * (src/server/cursor-key.ts), the rate budgets (redis-rate-budget.ts), the
 * per-client budgets, and whatever else needs the cluster's view (a live poll
 * lease: they take this connection, they do not open their own; a subscriber
 * takes `duplicate()`, since a connection in subscriber mode sends nothing else).
 *
 * Contract:
 * - Commands never wait for a connection: with Redis unreachable they fail at
 *   once (no offline queue), and a command fails after `commandTimeoutMs`. So
 *   a slow or absent Redis costs a lookup at most that long, and callers fall
 *   back to what they have locally.
 * - `usable()` is false while the connection is not up, and for `cooldownMs`
 *   after a command timed out: callers skip Redis then instead of paying the
 *   timeout on every lookup of a request.
 * - It reconnects by itself, forever (ioredis's retry strategy, at most every
 *   2 s); each change of state is told to `onState` listeners and logged once.
 * - Cluster mode (`cluster: true`): the URL names one node (the seed), the
 *   others are discovered; `rediss://` means TLS for every node.
 */
import { Cluster, Redis, type RedisOptions } from 'ioredis';

export type RedisState = 'connecting' | 'up' | 'down';

export interface RedisConnection {
  readonly client: Redis | Cluster;
  readonly cluster: boolean;
  /** host:port, without credentials, for log lines. */
  readonly where: string;
  state(): RedisState;
  /** Up, and no command timed out in the last `cooldownMs`. */
  usable(): boolean;
  /** Called on each change of state; returns the unsubscribe. */
  onState(listener: (state: RedisState) => void): () => void;
  /** Resolves once up; rejects after `timeoutMs` with why it is not. */
  ready(timeoutMs: number): Promise<void>;
  /** Tells the connection a command failed: a timeout makes it unusable for `cooldownMs`. */
  failed(error: unknown): void;
  /** A second connection with the same options (a subscriber's). */
  duplicate(): Redis | Cluster;
  close(): Promise<void>;
}

export interface RedisConnectionOptions {
  url: string;
  cluster?: boolean;
  commandTimeoutMs?: number;
  connectTimeoutMs?: number;
  cooldownMs?: number;
  log?: { info(line: string): void; warn(line: string): void };
  now?: () => number;
}

export const isTimeout = (e: unknown) => e instanceof Error && e.message === 'Command timed out';

export function createRedisConnection(opts: RedisConnectionOptions): RedisConnection {
  const now = opts.now ?? Date.now;
  const cooldownMs = opts.cooldownMs ?? 1_000;
  const url = new URL(opts.url);
  const where = `${url.hostname}:${url.port || 6379}`;
  const common: RedisOptions = {
    commandTimeout: opts.commandTimeoutMs ?? 250,
    connectTimeout: opts.connectTimeoutMs ?? 10_000,
    enableOfflineQueue: false,
    // Commands of one tick travel in one pipeline (a page's records are written in one round trip).
    enableAutoPipelining: true,
    maxRetriesPerRequest: 0,
    retryStrategy: (times) => Math.min(times * 100, 2_000),
    lazyConnect: false,
  };
  const client: Redis | Cluster = opts.cluster ? clusterClient(url, common) : new Redis(opts.url, common);

  let state: RedisState = 'connecting';
  let why = '';
  let timedOutAt = -Infinity;
  const listeners = new Set<(s: RedisState) => void>();
  const become = (next: RedisState) => {
    if (next === state) return;
    state = next;
    if (next === 'up') opts.log?.info(`redis: connected to ${where}`);
    else opts.log?.warn(`redis: ${where} unreachable (${why || 'connection closed'}); serving from the local cache, reconnecting`);
    for (const l of listeners) l(next);
  };
  client.on('ready', () => ((why = ''), become('up')));
  // ioredis reports every failed attempt as an 'error' event; without a listener it prints them.
  client.on('error', (e: Error) => {
    why = (e as NodeJS.ErrnoException).code ?? e.message;
    if (state !== 'up') become('down');
  });
  client.on('close', () => become('down'));
  client.on('end', () => become('down'));

  const onState = (listener: (s: RedisState) => void) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  };
  return {
    client,
    cluster: !!opts.cluster,
    where,
    state: () => state,
    usable: () => state === 'up' && now() - timedOutAt >= cooldownMs,
    onState,
    ready(timeoutMs) {
      if (state === 'up') return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => (off(), reject(new Error(`${where} not reachable within ${timeoutMs} ms (${why || 'no answer'})`))), timeoutMs);
        const off = onState((s) => s === 'up' && (clearTimeout(timer), off(), resolve()));
      });
    },
    failed(error) {
      if (isTimeout(error)) timedOutAt = now();
    },
    duplicate: () => (client instanceof Cluster ? client.duplicate() : client.duplicate()),
    async close() {
      listeners.clear();
      await client.quit().catch(() => client.disconnect());
    },
  };
}

/** A cluster client seeded with the URL's node; its credentials and TLS apply to every node. */
function clusterClient(url: URL, common: RedisOptions): Cluster {
  const tls = url.protocol === 'rediss:';
  return new Cluster([{ host: url.hostname, port: Number(url.port || 6379) }], {
    enableOfflineQueue: false,
    enableAutoPipelining: true,
    // Managed TLS clusters announce node addresses that must be looked up as given (the certificate names them).
    ...(tls ? { dnsLookup: (address: string, cb: (e: Error | null, a: string) => void) => cb(null, address) } : {}),
    clusterRetryStrategy: (times) => Math.min(times * 100, 2_000),
    redisOptions: {
      ...common,
      username: url.username ? decodeURIComponent(url.username) : undefined,
      password: url.password ? decodeURIComponent(url.password) : undefined,
      ...(tls ? { tls: { servername: url.hostname } } : {}),
    },
  });
}
