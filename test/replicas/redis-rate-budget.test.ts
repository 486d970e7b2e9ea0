/**
 * The shared rate budget (src/ssm/redis-rate-budget.ts) against a real Redis:
 * two budgets on one key (two replicas) never start more than N in any second
 * together; a wait given up spends no start, also when it leaves while Redis
 * is granting it; with Redis unreachable, or stalled past the command timeout,
 * takes are served by the local insurance budget (resolved, never thrown) and
 * Redis serves them again once it answers.
 */
import { afterAll, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { busiestSecond } from '../../src/emulator/index.ts';
import { BudgetWithdrawn } from '../../src/ssm/rate-budget.ts';
import { createRedisRateBudget } from '../../src/ssm/redis-rate-budget.ts';
import { createRedisConnection, type RedisConnection } from '../../src/ssm/redis.ts';
import { describeWithRedis, describeWithRedisServer, dropPrefix, REDIS_URL, sleep, startOwnRedis, uniquePrefix } from './redis.ts';

const connections: RedisConnection[] = [];
const connect = async (url: string, commandTimeoutMs = 2_000) => {
  const c = createRedisConnection({ url, commandTimeoutMs });
  connections.push(c);
  await c.ready(5_000);
  return c;
};
afterAll(async () => {
  await Promise.all(connections.map((c) => c.close()));
});

describeWithRedis('the shared rate budget', () => {
  const prefix = uniquePrefix('budget');
  afterAll(() => dropPrefix(REDIS_URL, prefix));

  it('two budgets on one key start at most N in any second together, and start every call', async () => {
    const N = 5;
    const [a, b] = await Promise.all([connect(REDIS_URL), connect(REDIS_URL)]);
    const key = `${prefix}rate:shared`;
    const budgets = [createRedisRateBudget({ connection: a, key, perSecond: N }), createRedisRateBudget({ connection: b, key, perSecond: N })];
    const started: { at: number }[] = [];
    const t0 = Date.now();
    await Promise.all(Array.from({ length: 16 }, (_, i) => budgets[i % 2].take().then(() => void started.push({ at: Date.now() }))));
    expect(started).toHaveLength(16);
    expect(busiestSecond(started)).toBe(N);
    // Four windows of 1.25 s: the last five-or-fewer start after three of them.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(3 * 1250 - 50);
  });

  it('a wait given up spends no start: left while waiting, or while Redis was granting it', async () => {
    const connection = await connect(REDIS_URL);
    const control = new Redis(REDIS_URL);
    try {
      const key = `${prefix}rate:withdrawn`;
      const budget = createRedisRateBudget({ connection, key, perSecond: 2 });
      await Promise.all([budget.take(), budget.take()]);
      const gone = new AbortController();
      const waiting = budget.take(gone.signal).catch((e: unknown) => e);
      await sleep(100);
      gone.abort();
      expect(await waiting).toBeInstanceOf(BudgetWithdrawn);
      expect(await control.zcard(key)).toBe(2);

      // The budget asks Redis on the next turn of the event loop; the waiter leaves right after it asked.
      const racing = `${prefix}rate:racing`;
      const fresh = createRedisRateBudget({ connection, key: racing, perSecond: 2 });
      const late = new AbortController();
      const granted = fresh.take(late.signal).catch((e: unknown) => e);
      await new Promise((r) => setImmediate(r));
      late.abort();
      expect(await granted).toBeInstanceOf(BudgetWithdrawn);
      await sleep(50);
      expect(await control.zcard(racing)).toBe(0);
      // Both starts are still there for the next callers, at once.
      const t = Date.now();
      await Promise.all([fresh.take(), fresh.take()]);
      expect(Date.now() - t).toBeLessThan(500);
      expect(await control.zcard(racing)).toBe(2);
    } finally {
      control.disconnect();
    }
  });
});

it('Redis unreachable: takes start from the local insurance budget, within its rate, and never throw', async () => {
  const connection = createRedisConnection({ url: 'redis://127.0.0.1:1', connectTimeoutMs: 200 });
  connections.push(connection);
  const fallbacks: boolean[] = [];
  const budget = createRedisRateBudget({ connection, key: 'unreachable', perSecond: 3, onFallback: (local) => fallbacks.push(local) });
  const t0 = performance.now();
  const at: number[] = [];
  await Promise.all(Array.from({ length: 4 }, () => budget.take().then(() => at.push(performance.now() - t0))));
  expect(at.slice(0, 3).every((ms) => ms < 100)).toBe(true);
  expect(at[3]).toBeGreaterThanOrEqual(1200);
  expect(fallbacks).toEqual([true]);
});

describeWithRedisServer('the shared rate budget while Redis stalls', () => {
  it('a take waits one command timeout at most, then the insurance serves it; Redis serves again once it answers', async () => {
    const own = await startOwnRedis();
    const control = new Redis(own.url);
    try {
      const connection = await connect(own.url, 100);
      const fallbacks: boolean[] = [];
      const budget = createRedisRateBudget({ connection, key: 'stall', perSecond: 5, onFallback: (local) => fallbacks.push(local) });
      await budget.take();
      expect(await control.zcard('stall')).toBe(1);
      await control.client('PAUSE', 1500, 'ALL');
      const t0 = performance.now();
      await Promise.all([budget.take(), budget.take()]);
      expect(performance.now() - t0).toBeLessThan(600);
      expect(fallbacks).toEqual([true]);
      // Past the pause and the connection's cooldown after a timeout (1 s), Redis counts again.
      await sleep(1600);
      await budget.take();
      expect(fallbacks).toEqual([true, false]);
      expect(await control.zcard('stall')).toBeGreaterThanOrEqual(2);
    } finally {
      control.disconnect();
      await own.stop();
    }
  }, 20_000);
});
