/**
 * The Redis adapter of the cache's storage port, against a real Redis:
 * values (SSM records with Dates) round-trip exactly, TTLs are Redis's and are
 * read back, getMany keeps order, the byte bound, prefixes keep deployments
 * apart, claims; and through the two-level cache: one load for two "replicas",
 * and a Redis that is down or too slow costs no error and a bounded wait.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUpstreamCache } from '../../src/ssm/cache/index.ts';
import { createRedisStore, SharedTierDown } from '../../src/ssm/cache/redis-store.ts';
import { createRedisConnection, type RedisConnection } from '../../src/ssm/redis.ts';
import { describeWithRedis, dropPrefix, REDIS_URL, redisServerMissing, sleep, startOwnRedis, uniquePrefix } from './redis.ts';

const quiet = { info: () => undefined, warn: () => undefined };

describeWithRedis('Redis store', () => {
  let conn: RedisConnection;
  const run = uniquePrefix('store');
  beforeAll(async () => {
    conn = createRedisConnection({ url: REDIS_URL, log: quiet });
    await conn.ready(5_000);
  });
  afterAll(async () => {
    await conn.close();
    await dropPrefix(REDIS_URL, run);
  });
  /** A store of its own prefix, under this run's. */
  const store = (prefix = `${run}${randomUUID().slice(0, 8)}:`, maxEntryBytes?: number) => createRedisStore({ connection: conn, prefix, maxEntryBytes });

  it('round-trips an SSM record exactly: Dates (and an invalid one) come back as Dates with their time, `$` keys stay as they were', async () => {
    const s = store();
    const record = {
      AutomationExecutionId: 'a1',
      ExecutionStartTime: new Date('2026-11-30T10:00:00.123Z'),
      StepExecutions: [{ StepName: 'x', ExecutionEndTime: new Date(0), Inputs: { $date: '5', $$x: 'y', plain: '1' } }],
      Outputs: { '$date': ['not a date'] },
      Broken: new Date(Number.NaN),
      Nested: [[new Date(1_700_000_000_001)], null, true, 3.5, ''],
    };
    await s.set('k', record, 60_000);
    const got = (await s.get('k'))!.value as typeof record;
    expect(got).toEqual(record);
    expect(got).not.toBe(record);
    expect(got.ExecutionStartTime).toBeInstanceOf(Date);
    expect(got.ExecutionStartTime.getTime()).toBe(record.ExecutionStartTime.getTime());
    expect(got.StepExecutions[0].ExecutionEndTime.getTime()).toBe(0);
    expect(got.StepExecutions[0].Inputs).toEqual({ $date: '5', $$x: 'y', plain: '1' });
    expect(got.Outputs).toEqual({ $date: ['not a date'] });
    expect(Number.isNaN(got.Broken.getTime())).toBe(true);
    expect((got.Nested[0] as Date[])[0].getTime()).toBe(1_700_000_000_001);
  });

  it('writes with PX and reads back the TTL left; an expired key is a miss', async () => {
    const s = store();
    await s.set('short', { v: 1 }, 300);
    const first = await s.get('short');
    expect(first?.value).toEqual({ v: 1 });
    expect(first!.ttlMs).toBeGreaterThan(0);
    expect(first!.ttlMs).toBeLessThanOrEqual(300);
    await sleep(400);
    expect(await s.get('short')).toBeUndefined();
    await s.set('zero', { v: 1 }, 0);
    expect(await s.get('zero')).toBeUndefined();
  });

  it('getMany answers in order, undefined where there is nothing', async () => {
    const s = store();
    await Promise.all([s.set('a', 'A', 10_000), s.set('c', { c: new Date(5) }, 20_000)]);
    const got = await s.getMany(['a', 'b', 'c', 'a']);
    expect(got.map((g) => g?.value)).toEqual(['A', undefined, { c: new Date(5) }, 'A']);
    expect(got[2]!.ttlMs).toBeGreaterThan(10_000);
    expect(await s.getMany([])).toEqual([]);
  });

  it('an entry larger than the byte bound is not written; prefixes keep deployments apart; clear drops only its own cache keys', async () => {
    const prefix = `${run}bound:`;
    const s = store(prefix, 100);
    await s.set('small', 'x'.repeat(50), 10_000);
    await s.set('large', 'x'.repeat(200), 10_000);
    expect((await s.get('small'))?.value).toBe('x'.repeat(50));
    expect(await s.get('large')).toBeUndefined();

    const other = store();
    await other.set('small', 'theirs', 10_000);
    await conn.client.set(`${prefix}cursor-secret`, 'kept');
    await s.clear();
    expect(await s.get('small')).toBeUndefined();
    expect((await other.get('small'))?.value).toBe('theirs');
    expect(await conn.client.get(`${prefix}cursor-secret`)).toBe('kept');
    await conn.client.del(`${prefix}cursor-secret`);
  });

  it('claims: one holder at a time; a release ends only its own claim; an expired claim can be taken', async () => {
    const s = store();
    const first = await s.claim!('k', 200);
    expect(first).toBeDefined();
    expect(await s.claim!('k', 200)).toBeUndefined();
    await first!.release();
    const second = await s.claim!('k', 150);
    expect(second).toBeDefined();
    await sleep(200);
    const third = await s.claim!('k', 5_000);
    expect(third).toBeDefined();
    await second!.release(); // expired long ago: must not end the third's
    expect(await s.claim!('k', 200)).toBeUndefined();
    await third!.release();
  });

  it('two caches over one Redis (two replicas): what one loaded the other reads, concurrent misses load once, Dates intact', async () => {
    const prefix = `${run}replicas:`;
    const levels: string[] = [];
    const replica = () => createUpstreamCache({ shared: store(prefix), lockMs: 2_000, onLookup: (l) => levels.push(l) });
    const [a, b, c] = [replica(), replica(), replica()];
    let loads = 0;
    const load = async () => (loads++, await sleep(50), { value: { at: new Date(42), n: loads }, stable: true });

    expect(await a.fetch('k1', load)).toEqual({ at: new Date(42), n: 1 });
    expect(await b.fetch('k1', load)).toEqual({ at: new Date(42), n: 1 });
    expect(loads).toBe(1);

    const all = await Promise.all([a.fetch('k2', load), b.fetch('k2', load), c.fetch('k2', load)]);
    expect(loads).toBe(2);
    expect(all.map((v) => v.n)).toEqual([2, 2, 2]);
    expect(levels.filter((l) => l === 'load')).toHaveLength(2);
  });

  it('a failed load releases its claim: a waiting replica loads at once rather than after the claim ran out', async () => {
    const s = store();
    const [a, b] = [createUpstreamCache({ shared: s, lockMs: 5_000 }), createUpstreamCache({ shared: s, lockMs: 5_000 })];
    const failing = a.fetch('k', async () => (await sleep(50), Promise.reject(new Error('upstream'))));
    await sleep(10);
    const started = performance.now();
    const waiter = b.fetch('k', async () => ({ value: 'from b', stable: true }));
    await expect(failing).rejects.toThrow('upstream');
    expect(await waiter).toBe('from b');
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  describe('Redis failing', () => {
    it('Redis unreachable: every call fails at once without waiting; the cache serves from its load, reports the failures and returns the right value', async () => {
      const conn = createRedisConnection({ url: 'redis://127.0.0.1:1', log: quiet, connectTimeoutMs: 200 });
      try {
        const s = createRedisStore({ connection: conn, prefix: uniquePrefix('down') });
        await expect(s.get('k')).rejects.toBeInstanceOf(SharedTierDown);
        const errors: unknown[] = [];
        const cache = createUpstreamCache({ shared: s, lockMs: 3_000, onSharedError: (e) => errors.push(e) });
        const started = performance.now();
        expect(await cache.fetch('k', async () => ({ value: { d: new Date(7) }, stable: true }))).toEqual({ d: new Date(7) });
        expect(performance.now() - started).toBeLessThan(200);
        expect(errors.length).toBeGreaterThan(0);
        expect(errors.every((e) => e instanceof SharedTierDown)).toBe(true);
        expect(conn.state()).not.toBe('up');
      } finally {
        await conn.close();
      }
    });

    it.skipIf(redisServerMissing)('Redis too slow: a command fails after REDIS_COMMAND_TIMEOUT_MS, then Redis is skipped for the cooldown; it is used again after', async () => {
      const own = await startOwnRedis(['--enable-debug-command', 'yes']);
      const conn = createRedisConnection({ url: own.url, log: quiet, commandTimeoutMs: 100, cooldownMs: 500 });
      const blocker = createRedisConnection({ url: own.url, log: quiet, commandTimeoutMs: 5_000 });
      try {
        await Promise.all([conn.ready(5_000), blocker.ready(5_000)]);
        const s = createRedisStore({ connection: conn, prefix: uniquePrefix('slow') });
        await s.set('k', 'v', 60_000);
        const errors: unknown[] = [];
        const cache = createUpstreamCache({ shared: s, lockMs: 3_000, onSharedError: (e) => errors.push(e) });
        const sleeping = blocker.client.call('DEBUG', 'SLEEP', '1').catch(() => undefined);
        await sleep(50);
        const started = performance.now();
        // The shared level does not answer in time: the value comes from the load, after one timeout.
        expect(await cache.fetch('k', async () => ({ value: 'loaded', stable: true }))).toBe('loaded');
        const waited = performance.now() - started;
        expect(waited).toBeGreaterThanOrEqual(90);
        expect(waited).toBeLessThan(400);
        expect(errors.some((e) => (e as Error).message === 'Command timed out')).toBe(true);
        // Cooling down: skipped at once.
        await expect(s.get('k')).rejects.toBeInstanceOf(SharedTierDown);
        await sleeping;
        await sleep(550);
        expect((await s.get('k'))?.value).toBe('v');
      } finally {
        await Promise.all([conn.close(), blocker.close()]);
        await own.stop();
      }
    });
  });
});
