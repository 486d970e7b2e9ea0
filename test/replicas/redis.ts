/**
 * Redis for the replica tests: the machine's (REDIS_URL, default
 * redis://127.0.0.1:6379) and, for outages, a redis-server a test starts
 * itself on a free port (nothing kept on disk) and stops at will.
 *
 * `describeWithRedis(name, fn)`: with Redis answering, a describe block; under
 * CI=true without it, one failing test (CI must run these); elsewhere one
 * skipped test and one line saying why.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, connect } from 'node:net';
import { Redis } from 'ioredis';
import { describe, it } from 'vitest';

export const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

/** Whether a Redis answers PING at `url` within a second. */
export function redisAnswers(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port || 6379), hostname);
    const done = (ok: boolean) => (socket.destroy(), resolve(ok));
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (d) => done(d.toString().startsWith('+PONG')));
  });
}

const available = await redisAnswers(REDIS_URL);
export const redisServerMissing = spawnSync('redis-server', ['--version']).status !== 0;

export function describeWithRedis(name: string, fn: () => void): void {
  describeIf(name, available ? undefined : `no Redis answers at ${REDIS_URL} (start redis-server, or set REDIS_URL)`, fn);
}

/** `describeWithRedis` for tests that start a redis-server of their own. */
export function describeWithRedisServer(name: string, fn: () => void): void {
  describeIf(name, redisServerMissing ? 'redis-server is not installed (apt-get install -y redis-server)' : undefined, fn);
}

function describeIf(name: string, missing: string | undefined, fn: () => void): void {
  if (!missing) return void describe(name, fn);
  if (process.env.CI === 'true') {
    return void it(`${name}: needs what CI has`, () => {
      throw new Error(`${missing}: .ci/run installs and starts redis-server; set REDIS_URL if Redis runs elsewhere`);
    });
  }
  const why = `${name} skipped: ${missing}`;
  console.warn(why);
  it.skip(why, () => {});
}

/** A key prefix no other test run uses. */
export const uniquePrefix = (what: string) => `test:${what}:${randomUUID().slice(0, 8)}:`;

/** Deletes every key under `prefix` (the cursor key has no TTL: it would stay behind). */
export async function dropPrefix(url: string, prefix: string): Promise<void> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await client.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
}


export interface OwnRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** A redis-server of this test's own on a free port, with no persistence, started now. */
export async function startOwnRedis(extra: string[] = []): Promise<OwnRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extra], { stdio: 'ignore' });
    for (const end = Date.now() + 10_000; !(await redisAnswers(url)); await sleep(25)) {
      if (Date.now() > end) throw new Error(`redis-server on ${port} did not answer`);
    }
  };
  const stop = async () => {
    const c = child;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => (c.once('exit', () => resolve()), c.kill('SIGKILL')));
  };
  await start();
  return { url, port, start, stop };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
