/**
 * A location's rate budget shared by every replica (REDIS_URL): the same
 * contract and sliding log as the in-memory budget (rate-budget.ts), kept in
 * one Redis sorted set per location, so at most `perSecond` calls start in any
 * second + `marginMs` across the cluster.
 *
 * - One Lua script, atomic on Redis's clock (TIME: replicas' clocks need not
 *   agree): it drops starts older than the window, grants as many of the
 *   wanted starts as fit, and when some do not, says how long until the oldest
 *   leaves the window. Needs Redis ≥ 5 (effects replication of TIME).
 *   rate-limiter-flexible's Redis limiters count fixed windows (or, bursty, a
 *   fixed window plus a burst one): twice the budget can start around a window's
 *   edge, so they do not give this guarantee.
 * - Waiters queue here, first come first served within the replica; one
 *   script call asks for all of them and, when some must wait, the next is
 *   sent after the delay it returned: a round trip per batch of starts when
 *   free, one poll per replica per delay when not. Across replicas a freed
 *   start goes to whichever asks first (no global order).
 * - A waiter that gives up leaves the queue; a start granted for it while the
 *   script ran passes to the next waiter, or is handed back (ZREM): a wait
 *   given up never spends a start.
 * - Redis not usable (down, or cooling down after a timeout, redis.ts) or a
 *   script call failing: waiters take a start of the local insurance budget,
 *   an in-memory one of the same `perSecond`. So the budget never blocks
 *   longer than a command timeout and never throws but BudgetWithdrawn; during
 *   an outage each replica may start up to `perSecond` calls per window
 *   (the cluster up to replicas × perSecond). `onFallback` is told each change.
 */
import { randomUUID } from 'node:crypto';
import type { RedisConnection } from './redis.ts';
import { BudgetWithdrawn, createMemoryRateBudget, type RateBudget } from './rate-budget.ts';

export interface RedisRateBudgetOptions {
  connection: Pick<RedisConnection, 'client' | 'usable' | 'failed'>;
  /** The location's key, namespaced by REDIS_PREFIX. */
  key: string;
  perSecond: number;
  /** Added to the second (default 250 ms, as the in-memory budget). */
  marginMs?: number;
  /** Called with true when waiters turn to the local insurance, false when Redis serves them again. */
  onFallback?: (local: boolean) => void;
}

// KEYS[1]: the log. ARGV: perSecond, windowMs, wanted, member base. Returns { granted, delayMs }.
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local free = tonumber(ARGV[1]) - redis.call('ZCARD', KEYS[1])
local granted = math.max(0, math.min(free, tonumber(ARGV[3])))
for i = 1, granted do redis.call('ZADD', KEYS[1], now, ARGV[4] .. ':' .. i) end
if granted > 0 then redis.call('PEXPIRE', KEYS[1], math.ceil(window)) end
local delay = 0
if granted < tonumber(ARGV[3]) then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  delay = math.ceil(tonumber(oldest[2]) + window - now)
end
return { granted, delay }`;

const COMMAND = 'ssmGraphBudgetTake';
type Scripted = { [COMMAND](key: string, perSecond: number, windowMs: number, wanted: number, base: string): Promise<[number, number]> };

interface Waiter {
  signal?: AbortSignal;
  go(): void;
  local(): void;
}

export function createRedisRateBudget({ connection, key, perSecond, marginMs = 250, onFallback }: RedisRateBudgetOptions): RateBudget {
  const client = connection.client as typeof connection.client & Scripted;
  if (typeof client[COMMAND] !== 'function') connection.client.defineCommand(COMMAND, { numberOfKeys: 1, lua: TAKE });
  const insurance = createMemoryRateBudget({ perSecond, marginMs });
  const windowMs = 1000 + marginMs;
  const self = randomUUID().slice(0, 8);
  const waiting: Waiter[] = [];
  let asks = 0;
  let asking = false;
  /** An ask is scheduled (next turn of the event loop, or after the delay Redis gave). */
  let scheduled = false;
  let local = false;
  const fallback = (on: boolean) => on !== local && ((local = on), onFallback?.(on));
  const allToInsurance = () => {
    fallback(true);
    for (const w of waiting.splice(0)) w.local();
  };

  const schedule = (delayMs: number) => {
    scheduled = true;
    const run = () => ((scheduled = false), void ask());
    if (delayMs > 0) setTimeout(run, delayMs);
    else setImmediate(run);
  };
  const ask = async () => {
    if (asking || !waiting.length) return;
    if (!connection.usable()) return allToInsurance();
    asking = true;
    const wanted = waiting.length;
    const base = `${self}:${++asks}`;
    let granted: number;
    let delayMs: number;
    try {
      [granted, delayMs] = await client[COMMAND](key, perSecond, windowMs, wanted, base);
    } catch (e) {
      connection.failed(e);
      asking = false;
      return allToInsurance();
    }
    asking = false;
    fallback(false);
    const given = waiting.splice(0, granted);
    // Starts granted to waiters that left meanwhile, and not taken by later ones, go back.
    const unused = Array.from({ length: granted - given.length }, (_, i) => `${base}:${given.length + i + 1}`);
    if (unused.length) client.zrem(key, ...unused).catch(() => {});
    for (const w of given) w.go();
    if (waiting.length) schedule(granted < wanted ? delayMs : 0);
  };

  return {
    perSecond,
    take(signal) {
      if (signal?.aborted) return Promise.reject(new BudgetWithdrawn('the call was no longer wanted'));
      if (!connection.usable()) {
        fallback(true);
        return insurance.take(signal);
      }
      return new Promise<void>((resolve, reject) => {
        const leave = () => {
          const at = waiting.indexOf(waiter);
          if (at < 0) return;
          waiting.splice(at, 1);
          reject(new BudgetWithdrawn('the call was no longer wanted'));
        };
        const waiter: Waiter = {
          signal,
          go: () => (signal?.removeEventListener('abort', leave), resolve()),
          local: () => (signal?.removeEventListener('abort', leave), insurance.take(signal).then(resolve, reject)),
        };
        signal?.addEventListener('abort', leave, { once: true });
        waiting.push(waiter);
        // Takes of one tick are asked for together.
        if (!asking && !scheduled) schedule(0);
      });
    },
  };
}
