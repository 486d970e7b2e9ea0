/**
 * Live subscriptions across replicas (src/server/live/cluster.ts): three
 * gateways with one REDIS_URL, 10 subscribers each on one running execution,
 * cost SSM the polls of one replica with one subscriber: one of them holds the
 * execution's lease and polls, the two others hear its ticks over pub/sub.
 * Each run is a fresh emulator and clock driven by the same script as
 * test/server/live/shared-polls.test.ts: the clock moves to each change of the
 * execution, then one tick runs on every replica; each tick's calls are
 * compared between runs, call for call. The control (no REDIS_URL) costs
 * three times as much, so the comparison can fail. Then the holder stops the
 * way a killed process does: another replica takes the lease over once it
 * lapses, and the subscribers of the two others see every state to the end.
 * A cohort the holder lacks is polled by its own replica; with Redis stopped
 * mid-watch each replica polls for itself, and shares again once it is back.
 */
import { expect, it } from 'vitest';
import type { GraphQLResponse } from '../helpers/stack.ts';
import { keysOf, runningAutomation, STATUS, TIMES, until, type Watch } from '../server/live/live-stack.ts';
import type { LiveStats } from '../../src/server/live/index.ts';
import { startLiveReplicas, type LiveReplica } from './live-replicas.ts';
import { describeWithRedis, describeWithRedisServer, dropPrefix, REDIS_URL, sleep, startOwnRedis, uniquePrefix } from './redis.ts';

const { id, changes } = runningAutomation();
// Long intervals: with manual ticks they only set each tick's freshness bound (the end of the one
// before) and let replicas that subscribe a moment apart share their first polls' loads.
const ENV = { LIVE_POLL_MS: '10000', LIVE_POLL_MAX_MS: '10000', LIVE_MAX_SUBSCRIPTIONS_PER_CLIENT: '0', REDIS_COMMAND_TIMEOUT_MS: '2000' };


interface Run {
  /** The SSM calls of the subscribe phase, then of each tick (sorted). */
  calls: string[][];
  /** Each subscriber's events, replica by replica. */
  events: GraphQLResponse[][];
  /** Polls and relayed ticks per replica. */
  stats: { polls: number; relayed: number }[];
  /** The crash run: ms from the holder's crash to a survivor's first poll, and the fires before it. */
  takeover?: { ms: number; idleFires: number };
}

const sumEvents = (ws: Watch[]) => ws.reduce((n, w) => n + w.events.length, 0);

interface RunOptions {
  /** REDIS_URL: the machine's (true), another (a URL), or none. */
  redis: boolean | string;
  /** Kills the lease holder before this tick, then fires the survivors' ticks until one polls. */
  crashAfter?: number;
  env?: Record<string, string>;
  /** What replica i subscribes to (default STATUS). */
  query?: (i: number) => string;
  /** Runs before tick n. */
  beforeTick?: (n: number, replicas: LiveReplica[]) => Promise<void>;
}

async function run(replicas: number, perReplica: number, opts: RunOptions): Promise<Run> {
  const prefix = uniquePrefix('live');
  const url = opts.redis === true ? REDIS_URL : opts.redis || undefined;
  const env = { ...ENV, ...(url ? { REDIS_URL: url, REDIS_PREFIX: prefix } : {}), ...opts.env };
  const cluster = await startLiveReplicas(replicas, env);
  const { emulator, clock } = cluster;
  let live = cluster.replicas;
  const ssm = () => emulator.calls().filter((c) => c.service === 'ssm');
  const stats = () => live.map((r) => r.gateway.live.stats());
  /** Each replica polled or heard a tick since `before`, and nothing is left running or undelivered. */
  const reached = (before: LiveStats[]) => () =>
    live.every((r, i) => {
      const s = r.gateway.live.stats();
      return (s.polls > before[i].polls || s.relayed > before[i].relayed) && !s.polling && sumEvents(watchesOf(r)) === s.events;
    });
  const watches = live.map((r, i) => Array.from({ length: perReplica }, () => r.watch(opts.query?.(i) ?? STATUS, { id })));
  const watchesOf = (r: LiveReplica) => watches[cluster.replicas.indexOf(r)];
  try {
    const none = live.map(() => ({ polls: 0, relayed: -1 }) as LiveStats);
    await until('every first event', () => watches.flat().every((w) => w.events.length === 1) && live.every((r) => r.ticks.pending() === 1) && reached(none)(), 20_000);
    const calls = [keysOf(ssm())];
    let takeover: Run['takeover'];
    for (const [n, t] of changes.entries()) {
      await opts.beforeTick?.(n, live);
      emulator.reset();
      clock.advance(t - clock());
      if (n === opts.crashAfter) {
        const holder = live.find((r) => r.gateway.live.stats().relayed === 0)!;
        await holder.crash();
        live = live.filter((r) => r !== holder);
        const crashed = Date.now();
        let idleFires = 0;
        for (;;) {
          const before = stats();
          await Promise.all(live.map((r) => r.ticks.fire()));
          if (live.some((r, i) => r.gateway.live.stats().polls > before[i].polls)) {
            await until("the new holder's tick reached the other survivor", reached(before));
            break;
          }
          idleFires++;
          if (Date.now() - crashed > 15_000) throw new Error('no replica took the lease over');
          await sleep(25);
        }
        takeover = { ms: Date.now() - crashed, idleFires };
      } else {
        const before = stats();
        await Promise.all(live.map((r) => r.ticks.fire()));
        await until('the tick reached every replica', reached(before));
      }
      calls.push(keysOf(ssm()));
    }
    await until('completion', () => live.every((r) => watchesOf(r).every((w) => w.completed)), 10_000);
    const end = cluster.replicas.map((r) => ({ polls: r.gateway.live.stats().polls, relayed: r.gateway.live.stats().relayed }));
    return { calls, events: live.flatMap((r) => watchesOf(r).map((w) => w.events)), stats: end, takeover };
  } finally {
    await cluster.close();
    if (url) await dropPrefix(url, prefix).catch(() => undefined);
  }
}

describeWithRedis('live subscriptions over replicas', () => {
  it('30 subscribers over three replicas cost the polls of one replica with one subscriber; all see the same events; without Redis, three times', async () => {
    const [one, three, unshared] = await Promise.all([run(1, 1, { redis: true }), run(3, 10, { redis: true }), run(3, 10, { redis: false })]);
    expect(one.calls.length).toBe(changes.length + 1);
    const total = (r: Run) => r.calls.flat().length;
    console.log(`live replicas: SSM calls, 1 replica x 1 subscriber ${total(one)}; 3 replicas x 10 subscribers with Redis ${total(three)} (${(total(three) / total(one)).toFixed(2)}x); without Redis ${total(unshared)} (${(total(unshared) / total(one)).toFixed(2)}x)`);
    expect(three.calls).toEqual(one.calls);
    // One poll per tick: one GetAutomationExecution, the steps' pages beside it.
    for (const tick of three.calls) {
      expect(tick.filter((c) => c.startsWith('GetAutomationExecution:'))).toHaveLength(1);
      expect(tick.length).toBeGreaterThanOrEqual(2);
    }
    // One replica polled each tick; the two others heard every tick.
    const heard = three.stats.filter((s) => s.relayed > 0);
    expect(heard).toHaveLength(2);
    for (const s of heard) expect(s.relayed).toBe(changes.length);
    expect(three.events).toHaveLength(30);
    for (const events of three.events) expect(events).toEqual(one.events[0]);
    expect(one.events[0].length).toBeGreaterThan(10);
    expect(one.events[0].at(-1)!.data.automationExecution.automationExecutionStatus).toBe('Success');

    // The control: every replica polls for itself, and every call is made three times.
    expect(unshared.calls).toEqual(one.calls.map((tick) => tick.flatMap((c) => [c, c, c]).sort()));
    expect(unshared.stats.every((s) => s.relayed === 0)).toBe(true);
    for (const events of unshared.events) expect(events).toEqual(one.events[0]);
  }, 120_000);

  it('the lease holder killed mid-watch: another replica takes over once its lease lapses, and the others see every state to the end', async () => {
    const env = { LIVE_POLL_MS: '200', LIVE_POLL_MAX_MS: '200', LIVE_LEASE_MS: '1000' };
    const [one, crashed] = await Promise.all([run(1, 1, { redis: true, env }), run(3, 10, { redis: true, env, crashAfter: 3 })]);
    const { ms, idleFires } = crashed.takeover!;
    console.log(`live lease takeover: ${ms} ms after the holder's crash, ${idleFires} idle tick(s) before it (lease ${env.LIVE_LEASE_MS} ms + interval ${env.LIVE_POLL_MS} ms)`);
    // The lease outlived the holder (the survivors' first ticks polled nothing), then lapsed: at most
    // interval + lease after the holder's last tick, which ended before the crash (slack: a loaded machine).
    expect(idleFires).toBeGreaterThan(0);
    expect(ms).toBeLessThan(1200 + 3_000);
    // The ticks after the takeover cost what one replica's cost.
    expect(crashed.calls.slice(4)).toEqual(one.calls.slice(4));
    expect(crashed.events).toHaveLength(20);
    for (const events of crashed.events) expect(events).toEqual(one.events[0]);
    expect(one.events[0].at(-1)!.data.automationExecution.automationExecutionStatus).toBe('Success');
  }, 120_000);

  it("a cohort the holder lacks is polled by its own replica as the holder's ticks arrive: every subscriber sees its own selection's states", async () => {
    // Ticks 300 ms apart, past the 250 ms a value read from Redis is taken as older than its TTL says
    // (src/ssm/cache/index.ts): the lacking replica's polls can read what the holder's tick loaded.
    const LAG = { REDIS_COMMAND_TIMEOUT_MS: '250' };
    // Replicas 0 and 1 watch STATUS, replica 2 TIMES: whichever holds the lease, one replica's cohort is not the holder's.
    const [status, times, mixed] = await Promise.all([
      run(1, 1, { redis: true, env: LAG }),
      run(1, 1, { redis: true, query: () => TIMES, env: LAG }),
      run(3, 5, { redis: true, query: (i) => (i === 2 ? TIMES : STATUS), env: LAG, beforeTick: async () => void (await sleep(300)) }),
    ]);
    expect(mixed.events).toHaveLength(15);
    for (const events of mixed.events.slice(0, 10)) expect(events).toEqual(status.events[0]);
    for (const events of mixed.events.slice(10)) expect(events).toEqual(times.events[0]);
    expect(times.events[0].at(-1)!.data.automationExecution).toHaveProperty('documentName');
    // Every tick was heard by at least one replica, and the calls are at most those of both selections polled
    // apart (measured: those of STATUS alone; not asserted, since a Redis command timing out costs a load).
    expect(mixed.stats.filter((s) => s.relayed === changes.length).length).toBeGreaterThanOrEqual(1);
    const total = (r: Run) => r.calls.flat().length;
    console.log(`live replicas, mixed cohorts: SSM calls ${total(mixed)}; STATUS alone ${total(status)}, TIMES alone ${total(times)}`);
    expect(total(mixed)).toBeLessThanOrEqual(total(status) + total(times));
  }, 120_000);
});

describeWithRedisServer('live subscriptions over replicas, Redis stopped mid-watch', () => {
  it('each replica polls for itself while Redis is down, no subscriber misses a state, and the lease is shared again once it is back', async () => {
    const own = await startOwnRedis();
    try {
      const relayedAt: number[] = [];
      const script: RunOptions['beforeTick'] = async (n, replicas) => {
        const relayed = () => replicas.reduce((sum, r) => sum + r.gateway.live.stats().relayed, 0);
        if (n === 3) {
          relayedAt.push(relayed());
          await own.stop();
          await until('both replicas see Redis down', () => replicas.every((r) => r.shared!.connection.state() === 'down'));
        }
        if (n === 10) {
          relayedAt.push(relayed());
          await own.start();
          await until('both replicas reconnected', () => replicas.every((r) => r.shared!.connection.state() === 'up'), 10_000);
          // The subscriber connections reconnect on their own schedule (ioredis's retries, at most 2 s apart).
          await sleep(2_500);
          relayedAt.push(relayed());
        }
      };
      const [one, two] = await Promise.all([run(1, 1, { redis: false }), run(2, 5, { redis: own.url, beforeTick: script })]);
      for (const events of two.events) expect(events).toEqual(one.events[0]);
      expect(two.events).toHaveLength(10);
      // Before the outage one replica heard the other's ticks; during it, none (each polled: both made polls of their own).
      expect(relayedAt[0]).toBeGreaterThan(0);
      expect(relayedAt[1]).toBe(relayedAt[0]);
      expect(two.stats.every((s) => s.polls >= 7)).toBe(true);
      // Once Redis was back, ticks were relayed again.
      expect(two.stats.reduce((sum, s) => sum + s.relayed, 0)).toBeGreaterThan(relayedAt[2]);
    } finally {
      await own.stop();
    }
  }, 120_000);
});
