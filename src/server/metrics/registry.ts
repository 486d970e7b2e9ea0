/**
 * The gateway's Prometheus metrics (prom-client), one registry per gateway
 * (so several gateways in one process, as in tests, never mix their counts).
 * `/metrics` serves it (plugin.ts). Every name starts with `ssm_graph_`.
 *
 * What feeds it, each through the hook its source already has:
 * - `upstreamCall`: the location registry's `onCall` (src/ssm/registry.ts):
 *   `ssm_graph_upstream_calls_total{operation,account,region,outcome}`
 *   (outcome `ok` or the SsmError kind: `THROTTLED` counts SSM's throttles)
 *   and `ssm_graph_upstream_call_duration_seconds{operation,account,region}`.
 * - `cacheLookup`: the upstream cache's `onLookup`:
 *   `ssm_graph_cache_lookups_total{level}` (`local`, `shared`, `load`).
 * - `sharedError`: its `onSharedError`: `ssm_graph_shared_cache_errors_total{reason}`
 *   (`down`: skipped while Redis is unreachable; `timeout`; `error`).
 * - `watchRedis`: `ssm_graph_redis_up` (1 up, 0 not; absent without REDIS_URL).
 * - `graphqlRequest`: the access log's record of each GraphQL request
 *   (src/server/request-log.ts): `ssm_graph_graphql_requests_total` and
 *   `ssm_graph_graphql_request_duration_seconds`, by `operation` and
 *   `outcome` (`ok`, `error`: the response carries errors), and
 *   `ssm_graph_graphql_errors_total{code}` (THROTTLED there is a client's).
 * - `budget`: the rate budgets' events (src/server/rate-budgets.ts), given to
 *   the estate: `ssm_graph_budget_wait_seconds` and
 *   `ssm_graph_rate_budget_fallback`, by account and region (budget.ts).
 * - With `process: true`, prom-client's default process metrics (RSS, heap,
 *   event-loop lag, …), unprefixed as Prometheus' conventions name them.
 *
 * For further subsystems: register on `registry`, with prom-client's own
 * classes; live subscriptions do so in src/server/live/metrics.ts.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { SharedTierDown } from '../../ssm/cache/redis-store.ts';
import type { RedisConnection } from '../../ssm/redis.ts';
import { isTimeout } from '../../ssm/redis.ts';
import type { RegistryOptions } from '../../ssm/registry.ts';
import { registerBudgetMetrics } from './budget.ts';

type UpstreamCallRecord = Parameters<NonNullable<RegistryOptions['onCall']>>[0];

export interface GraphqlRequestRecord {
  operation: string | null;
  durationMs: number;
  errors: readonly string[];
}

/** Operation names are chosen by clients: past this many distinct ones, the rest count as `other`. */
const MAX_OPERATIONS = 200;

export function createMetrics(opts: { process?: boolean } = {}) {
  const registry = new Registry();
  const registers = [registry];
  if (opts.process) collectDefaultMetrics({ register: registry });
  const calls = new Counter({ name: 'ssm_graph_upstream_calls_total', help: 'SSM calls sent, after the SDK retries', labelNames: ['operation', 'account', 'region', 'outcome'], registers });
  const callSeconds = new Histogram({
    name: 'ssm_graph_upstream_call_duration_seconds',
    help: 'Duration of SSM calls, retries included',
    labelNames: ['operation', 'account', 'region'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const lookups = new Counter({ name: 'ssm_graph_cache_lookups_total', help: 'Upstream cache lookups by the level that answered (load: sent upstream)', labelNames: ['level'], registers });
  const sharedErrors = new Counter({ name: 'ssm_graph_shared_cache_errors_total', help: 'Shared cache (Redis) operations that failed or were skipped; the lookup fell back to the local level', labelNames: ['reason'], registers });
  const requests = new Counter({ name: 'ssm_graph_graphql_requests_total', help: 'GraphQL requests', labelNames: ['operation', 'outcome'], registers });
  const requestSeconds = new Histogram({
    name: 'ssm_graph_graphql_request_duration_seconds',
    help: 'GraphQL request duration, arrival to response headers',
    labelNames: ['operation', 'outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20],
    registers,
  });
  const errors = new Counter({ name: 'ssm_graph_graphql_errors_total', help: 'Errors in GraphQL responses, by extensions.code', labelNames: ['code'], registers });
  const operations = new Set<string>();
  const operationLabel = (name: string | null) => {
    const label = name ?? 'anonymous';
    if (operations.has(label) || operations.size < MAX_OPERATIONS) return operations.add(label), label;
    return 'other';
  };

  return {
    registry,
    budget: registerBudgetMetrics(registry),
    upstreamCall(call: UpstreamCallRecord) {
      const where = { operation: call.operation, account: call.accountId, region: call.region };
      calls.inc({ ...where, outcome: call.error ?? 'ok' });
      callSeconds.observe(where, call.durationMs / 1000);
    },
    cacheLookup: (level: 'local' | 'shared' | 'load') => lookups.inc({ level }),
    sharedError(e: unknown) {
      const reason = (e as SharedTierDown)?.name === 'SharedTierDown' ? 'down' : isTimeout(e) ? 'timeout' : 'error';
      sharedErrors.inc({ reason });
    },
    watchRedis(connection: Pick<RedisConnection, 'state'>) {
      new Gauge({
        name: 'ssm_graph_redis_up',
        help: '1 while the shared tier (Redis) is connected, 0 otherwise',
        registers,
        collect() {
          this.set(connection.state() === 'up' ? 1 : 0);
        },
      });
    },
    graphqlRequest(r: GraphqlRequestRecord) {
      const labels = { operation: operationLabel(r.operation), outcome: r.errors.length ? 'error' : 'ok' };
      requests.inc(labels);
      requestSeconds.observe(labels, r.durationMs / 1000);
      for (const code of r.errors) errors.inc({ code });
    },
  };
}

export type GatewayMetrics = ReturnType<typeof createMetrics>;
