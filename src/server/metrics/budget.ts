/**
 * The rate budgets' metrics (src/server/rate-budgets.ts), on the gateway's registry:
 * - `ssm_graph_budget_wait_seconds{account,region}`: how long each upstream
 *   call waited for its start in the location's budget (SSM_MAX_RPS); its
 *   count is the calls started, the buckets above a few ms the ones that queued.
 *   Waits given up (the request went away) are not observed.
 * - `ssm_graph_rate_budget_fallback{account,region}`: with REDIS_URL, 1 while
 *   the location's shared budget is served by this replica's local insurance
 *   (Redis out of reach or slow), 0 while Redis serves it; absent without REDIS_URL.
 */
import { Gauge, Histogram, type Registry } from 'prom-client';
import type { BudgetEvents } from '../rate-budgets.ts';

export function registerBudgetMetrics(registry: Registry): BudgetEvents {
  const registers = [registry];
  const labelNames = ['account', 'region'];
  const waits = new Histogram({
    name: 'ssm_graph_budget_wait_seconds',
    help: "Time an upstream call waited for a start in its location's rate budget (SSM_MAX_RPS)",
    labelNames,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const fallback = new Gauge({
    name: 'ssm_graph_rate_budget_fallback',
    help: "1 while the location's shared rate budget (Redis) is served by this replica's local budget instead",
    labelNames,
    registers,
  });
  return {
    waited: (l, ms) => waits.observe({ account: l.accountId, region: l.region }, ms / 1000),
    fallback: (l, local) => fallback.set({ account: l.accountId, region: l.region }, local ? 1 : 0),
  };
}
