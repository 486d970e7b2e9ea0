/**
 * The live cluster (cluster.ts) over Redis: every replica with the same
 * REDIS_URL and REDIS_PREFIX that watches a record agrees on one to poll it.
 *
 * - Lease: `<prefix>live:<sha256 of the target>` holds the holder's id, set
 *   with `NX PX` and renewed (`PEXPIRE` if still its own) by one script, so
 *   two replicas never both believe they took it; released only by its holder.
 *   The TTL is the caller's (target.ts: the next interval plus LIVE_LEASE_MS).
 * - Ticks: published on `<lease key>:ticks` as JSON; this process's one
 *   subscriber connection (`duplicate()`: a connection in subscriber mode sends
 *   nothing else) is opened at the first `listen` and subscribes to each
 *   watched target's channel, again after each reconnection.
 * - A target counts as heard only once its SUBSCRIBE is confirmed on the
 *   current subscriber connection: until then, and while the main connection
 *   is not usable, `lead` answers true without asking (poll for yourself).
 * - Errors in outcomes travel as their JSON (message, locations, path,
 *   extensions: what a client sees) and are revived as GraphQLErrors, so the
 *   gateway's masker passes them as it passes the holder's.
 */
import { createHash, randomUUID } from 'node:crypto';
import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Cluster, Redis } from 'ioredis';
import { RELEASE } from '../../ssm/cache/redis-store.ts';
import type { RedisConnection } from '../../ssm/redis.ts';
import type { LiveCluster, RelayedTick } from './cluster.ts';
import type { PollOutcome } from './poll.ts';

const LEAD = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) end
if redis.call("set", KEYS[1], ARGV[1], "NX", "PX", ARGV[2]) then return 1 end
return 0`;

export interface RedisLiveCluster extends LiveCluster {
  close(): Promise<void>;
}

export function createRedisLiveCluster({ connection, prefix }: { connection: RedisConnection; prefix: string }): RedisLiveCluster {
  const me = randomUUID();
  const leaseKey = (target: string) => `${prefix}live:${createHash('sha256').update(target).digest('base64url')}`;
  const channelOf = (target: string) => `${leaseKey(target)}:ticks`;
  const listeners = new Map<string, Set<(tick: RelayedTick) => void>>();
  /** Channels whose SUBSCRIBE the current subscriber connection confirmed. */
  const heard = new Set<string>();
  let sub: Redis | Cluster | undefined;

  const subscribe = (channel: string) =>
    void sub!.subscribe(channel).then(
      () => listeners.has(channel) && heard.add(channel),
      () => undefined,
    );
  const subscriber = () => {
    if (sub) return sub;
    sub = connection.duplicate();
    sub.on('message', (channel: string, text: string) => {
      const tick = parse(text);
      if (!tick || tick.from === me) return;
      for (const on of listeners.get(channel) ?? []) on(tick);
    });
    sub.on('ready', () => {
      for (const channel of listeners.keys()) subscribe(channel);
    });
    sub.on('close', () => heard.clear());
    // The main connection logs Redis's state; this one's failures only mean "not heard".
    sub.on('error', () => undefined);
    return sub;
  };
  const send = <T>(command: () => Promise<T>): Promise<T | undefined> =>
    connection.usable() ? command().catch((e: unknown) => (connection.failed(e), undefined)) : Promise.resolve(undefined);

  return {
    async lead(target, ttlMs) {
      if (!heard.has(channelOf(target)) || !connection.usable()) return true;
      const won = await send(() => connection.client.eval(LEAD, 1, leaseKey(target), me, String(Math.ceil(ttlMs))));
      return won === undefined || won === 1;
    },
    release(target) {
      void send(() => connection.client.eval(RELEASE, 1, leaseKey(target), me));
    },
    publish(target, tick) {
      void send(() => connection.client.publish(channelOf(target), JSON.stringify({ from: me, ...tick })));
    },
    listen(target, on) {
      const channel = channelOf(target);
      let set = listeners.get(channel);
      if (!set) {
        listeners.set(channel, (set = new Set()));
        subscriber();
        subscribe(channel);
      }
      set.add(on);
      return () => {
        set.delete(on);
        if (set.size || listeners.get(channel) !== set) return;
        listeners.delete(channel);
        heard.delete(channel);
        void sub?.unsubscribe(channel).catch(() => undefined);
      };
    },
    async close() {
      listeners.clear();
      heard.clear();
      await sub?.quit().catch(() => sub?.disconnect());
    },
  };
}

type Wire = RelayedTick & { from: string };

function parse(text: string): Wire | undefined {
  try {
    const tick = JSON.parse(text) as Wire;
    return { ...tick, outcomes: tick.outcomes.map(([key, outcome]) => [key, revive(outcome)]) };
  } catch {
    return undefined;
  }
}

function revive(outcome: PollOutcome): PollOutcome {
  const errors = outcome.result.errors as (ExecutionResult['errors'] & object) | undefined;
  if (!errors) return outcome;
  const revived = errors.map((e) => {
    const { message, locations, path, extensions } = e as unknown as { message: string; locations?: GraphQLError['locations']; path?: GraphQLError['path']; extensions?: GraphQLError['extensions'] };
    const error = new GraphQLError(message, { path, extensions });
    if (locations) (error as { locations?: GraphQLError['locations'] }).locations = locations;
    return error;
  });
  return { ...outcome, result: { ...outcome.result, errors: revived } };
}
