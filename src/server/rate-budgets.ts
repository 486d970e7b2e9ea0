/**
 * Each location's rate budget (SSM_MAX_RPS), as estate.ts gives them to the
 * locations: with the shared tier (REDIS_URL) one budget per location for the
 * whole cluster, kept in Redis under `<REDIS_PREFIX>rate:<account>:<region>`
 * (src/ssm/redis-rate-budget.ts; while Redis is out of reach each replica
 * falls back to a local budget of the same rate); without it, this replica's
 * own in-memory budget (src/ssm/rate-budget.ts).
 */
import { createMemoryRateBudget, type RateBudget } from '../ssm/rate-budget.ts';
import { createRedisRateBudget } from '../ssm/redis-rate-budget.ts';
import type { RedisConnection } from '../ssm/redis.ts';
import type { GatewayConfig } from './config.ts';

type Location = { accountId: string; region: string };

/** What the budgets tell metrics (metrics/budget.ts). */
export interface BudgetEvents {
  /** A call got its start after waiting this long (ms; about a Redis round trip when none). */
  waited(location: Location, ms: number): void;
  /** The location's shared budget turned to the local insurance (true) or back to Redis (false). */
  fallback(location: Location, local: boolean): void;
}

export interface RateBudgetsDeps {
  /** The shared tier's connection (shared-tier.ts). */
  connection?: Pick<RedisConnection, 'client' | 'usable' | 'failed'>;
  events?: BudgetEvents;
}

/** The per-location factory; undefined when SSM_MAX_RPS is 0 (unbounded). */
export function rateBudgets(config: Pick<GatewayConfig, 'ssm' | 'redis'>, { connection, events }: RateBudgetsDeps = {}): ((l: Location) => RateBudget) | undefined {
  const perSecond = config.ssm.maxRps;
  if (!perSecond) return undefined;
  return (location) => {
    let budget: RateBudget;
    if (connection) {
      const key = `${config.redis.prefix}rate:${location.accountId}:${location.region}`;
      budget = createRedisRateBudget({ connection, key, perSecond, onFallback: (local) => events?.fallback(location, local) });
      events?.fallback(location, false);
    } else budget = createMemoryRateBudget({ perSecond });
    if (!events) return budget;
    return {
      perSecond,
      take(signal) {
        const t0 = performance.now();
        return budget.take(signal).then(() => events.waited(location, performance.now() - t0));
      },
    };
  };
}
