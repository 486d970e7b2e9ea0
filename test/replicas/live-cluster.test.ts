/**
 * The live cluster's Redis adapter (src/server/live/redis-cluster.ts) between
 * two replicas' connections: one lease per target, taken by one replica at a
 * time, renewed by its holder only, lapsing after its TTL, given back on
 * release; ticks published by one reach the other's listeners (never its
 * own), errors revived as GraphQLErrors with what clients see of them; and a
 * replica not yet listening, or without Redis, polls for itself.
 */
import { GraphQLError } from 'graphql';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createRedisLiveCluster, type RedisLiveCluster } from '../../src/server/live/redis-cluster.ts';
import type { RelayedTick } from '../../src/server/live/cluster.ts';
import { createRedisConnection, type RedisConnection } from '../../src/ssm/redis.ts';
import { until } from '../server/live/live-stack.ts';
import { describeWithRedis, dropPrefix, REDIS_URL, sleep, uniquePrefix } from './redis.ts';

describeWithRedis('the live cluster over Redis', () => {
  const prefix = uniquePrefix('live-cluster');
  let connections: RedisConnection[];
  let a: RedisLiveCluster;
  let b: RedisLiveCluster;

  beforeAll(async () => {
    connections = [0, 1].map(() => createRedisConnection({ url: REDIS_URL, commandTimeoutMs: 2_000 }));
    await Promise.all(connections.map((c) => c.ready(5_000)));
    [a, b] = connections.map((connection) => createRedisLiveCluster({ connection, prefix }));
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await Promise.all(connections.map((c) => c.close()));
    await dropPrefix(REDIS_URL, prefix);
  });

  it('one holder per target: renewed by it alone, lapsing after its TTL, released by it; a replica not listening polls for itself', async () => {
    // Not listening yet: both poll, and neither took the lease.
    const leases = () => connections[0].client.keys(`${prefix}live:*`);
    expect([await a.lead('t1', 10_000), await b.lead('t1', 10_000)]).toEqual([true, true]);
    expect(await leases()).toEqual([]);
    const heardA: RelayedTick[] = [];
    const offA = a.listen('t1', (t) => void heardA.push(t));
    const offB = b.listen('t1', () => undefined);
    // Listening starts once the SUBSCRIBE is confirmed: then A's lead takes the lease, and B (listening too) defers to it.
    for (const end = Date.now() + 5_000; (await leases()).length === 0; await sleep(10)) {
      expect(await a.lead('t1', 10_000)).toBe(true);
      if (Date.now() > end) throw new Error('the lease was never taken');
    }
    for (const end = Date.now() + 5_000; await b.lead('t1', 10_000); await sleep(10)) {
      if (Date.now() > end) throw new Error('B never deferred to the holder');
    }
    expect(await a.lead('t1', 10_000)).toBe(true);
    expect(await a.lead('t1', 300)).toBe(true);
    expect(await b.lead('t1', 10_000)).toBe(false);
    await sleep(400);
    // A's lease lapsed: B takes it, and A no longer holds it.
    expect(await b.lead('t1', 10_000)).toBe(true);
    expect(await a.lead('t1', 10_000)).toBe(false);
    // A release by a replica that does not hold it changes nothing; the holder's frees it.
    a.release('t1');
    expect(await a.lead('t1', 10_000)).toBe(false);
    b.release('t1');
    await sleep(50);
    expect(await a.lead('t1', 10_000)).toBe(true);

    // Ticks: B's reach A, with errors as GraphQLErrors; A's own never come back to it.
    const error = new GraphQLError('SSM throttled this call.', { path: ['automationExecution'], extensions: { code: 'THROTTLED' } });
    (error as { locations?: GraphQLError['locations'] }).locations = [{ line: 2, column: 3 }];
    const tick: RelayedTick = {
      at: 123,
      outcomes: [
        ['cohort-1', { kind: 'state', result: { data: { automationExecution: { status: 'InProgress' } } }, ended: false }],
        ['cohort-2', { kind: 'failed', result: { data: { automationExecution: null }, errors: [error] } }],
      ],
    };
    a.publish('t1', tick);
    b.publish('t1', tick);
    await until('the tick reached A', () => heardA.length > 0);
    await sleep(100);
    expect(heardA).toHaveLength(1);
    expect(JSON.stringify(heardA[0])).toBe(JSON.stringify({ from: (heardA[0] as { from?: string }).from, ...tick }));
    const [, [, failed]] = heardA[0].outcomes;
    const revived = failed.result.errors![0];
    expect(revived).toBeInstanceOf(GraphQLError);
    expect(revived.toJSON()).toEqual(error.toJSON());
    offA();
    offB();
  });

  it('without Redis (unreachable or cooling down), every replica polls for itself', async () => {
    const down = createRedisConnection({ url: 'redis://127.0.0.1:1', connectTimeoutMs: 200 });
    const alone = createRedisLiveCluster({ connection: down, prefix });
    try {
      const off = alone.listen('t2', () => undefined);
      expect(await alone.lead('t2', 10_000)).toBe(true);
      alone.publish('t2', { at: 0, outcomes: [] });
      alone.release('t2');
      off();
    } finally {
      await alone.close();
      await down.close();
    }
  });
});
