/**
 * `createGateway(deps)` builds the Yoga server and starts nothing: main.ts, the
 * demo, tests and benchmarks each decide where it listens (or call `yoga.fetch`).
 * Everything here is driven by `config`, so they all run the same gateway.
 *
 * Request path, in order (first refusal wins; none of these reaches SSM):
 *  0. `useHttpEdge` (http-edge.ts): request ID and access log, CORS
 *     (CORS_ORIGINS; foreign preflights → 403), malformed parameters → 400,
 *     suggestions hidden from every error (production).
 *  1. Yoga built-ins: `/health` (liveness), GraphiQL page (when enabled),
 *     body size limit (MAX_BODY_BYTES → 413), request parsing (400/405/415).
 *  2. `/ready` (readiness.ts): cached upstream check; `/metrics` (metrics/,
 *     METRICS); `/explorer` (explorer.ts, EXPLORER): the explorer page's built files.
 *  3. CSRF prevention (production): a GraphQL request needs a non-simple
 *     content type (e.g. application/json) or an `x-graphql-csrf` header → 403.
 *  4. `useJwtAuth` (when configured) → 401 (503 when its JWKS cannot be fetched).
 *  5. `useQueryLimits`: tokens while parsing; depth, aliases while validating;
 *     introspection refused unless enabled.
 *  6. `useCostExtension` (COST_EXTENSION) wraps everything from here: each
 *     response's `extensions.cost` (cost-extension.ts).
 *     `usePreflight` (preflight/): the operation planned once; fields once
 *     fragments are expanded vs MAX_FIELDS → QUERY_TOO_COMPLEX; connection
 *     arguments, cursors and filters checked as their resolvers would, before
 *     any parent is loaded → BAD_USER_INPUT; estimated upstream calls vs
 *     MAX_QUERY_COST → QUERY_TOO_EXPENSIVE. Queries and subscriptions alike.
 *  7. `useLive` (live/): a subscription is served by shared polling, over SSE;
 *     LIVE_MAX_SUBSCRIPTIONS → TOO_MANY_SUBSCRIPTIONS. Each poll is bounded as a
 *     request is (deadline, call budget), per poll.
 *  8. `useClientBudget` (CLIENT_MAX_CALLS_PER_MINUTE): a client that spent its
 *     upstream calls of the minute → THROTTLED (429); otherwise its calls are
 *     charged as they are sent (client-budget.ts; across replicas with REDIS_URL).
 *     `useResponseCache` (RESPONSE_CACHE): a repeated identical query is
 *     answered with its cached response, while what it was built from is fresh.
 *  9. `deps.plugins`, then execution: the per-request deadline (request-context.ts)
 *     and call budget (SSM_MAX_CALLS_PER_REQUEST) bound what runs; each
 *     location's rate budget (SSM_MAX_RPS, src/ssm/rate-budget.ts) paces it.
 */
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { useApolloInlineTrace } from '@graphql-yoga/plugin-apollo-inline-trace';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { NoSchemaIntrospectionCustomRule, type GraphQLError } from 'graphql';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { selectSchema, type SchemaContext } from '../schema/index.ts';
import { createCursorCodec } from '../schema/cursor.ts';
import { createUpstreamCache, type UpstreamCache } from '../ssm/cache/index.ts';
import type { LocationRegistry } from '../ssm/locations.ts';
import type { Upstream } from '../ssm/upstream.ts';
import { isAuthEnabled, useJwtAuth } from './auth.ts';
import { loadConfig, type GatewayConfig } from './config.ts';
import { createContextFactory, usePartialErrors } from './request-context.ts';
import { useExplorer } from './explorer.ts';
import { useClientBudget } from './client-budget.ts';
import { useCostExtension } from './cost-extension.ts';
import { createErrorMasker, yogaLogger } from './error-mapping.ts';
import { EXAMPLE_QUERY, EXAMPLE_TABS } from './example-query.ts';
import { createLiveHub, useLive, type LiveHub, type LiveTimers } from './live/index.ts';
import { registerLiveMetrics } from './live/metrics.ts';
import { usePreflight } from './preflight/index.ts';
import { useHttpEdge } from './http-edge.ts';
import { createLog, type LogSink } from './log.ts';
import { useQueryLimits } from './query-limits.ts';
import { useReadiness } from './readiness.ts';
import { useResponseCache } from './response-cache.ts';
import { createMetrics, type GatewayMetrics } from './metrics/registry.ts';
import { useMetrics } from './metrics/plugin.ts';
import type { SharedTier } from './shared-tier.ts';

export interface GatewayDeps {
  /** The served locations and their upstream doors (estate.ts `createGatewayEstate`). */
  locations: LocationRegistry;
  config?: GatewayConfig;
  /** Shared across gateways to test cache behaviour; one is created otherwise. */
  cache?: UpstreamCache;
  /** The shared tier (REDIS_URL, shared-tier.ts): the cache's shared level, the cursor key, `/ready`'s `redis`. */
  shared?: SharedTier;
  /** The metrics registry, when the estate's `onCall` already feeds it; one is created otherwise. */
  metrics?: GatewayMetrics;
  plugins?: Plugin[];
  /** Where the log goes (at LOG_LEVEL): access lines, upstream failures, unexpected errors; default `console`. */
  logger?: LogSink;
  /** The explorer build to serve (EXPLORER); EXPLORER_DIST unless a test builds its own. */
  explorerDir?: string;
  /** How live polls wait between ticks (default setTimeout): tests run the ticks one by one. */
  liveTimers?: LiveTimers;
}

export type Gateway = YogaServerInstance<{}, SchemaContext> & {
  locations: LocationRegistry;
  cache: UpstreamCache;
  config: GatewayConfig;
  metrics: GatewayMetrics;
  /** The open subscriptions (src/server/live/). */
  live: LiveHub;
  /** Ends every subscription stream (SHUTTING_DOWN): what serve.ts' graceful shutdown does first. */
  endStreams(): void;
};

/** The header that satisfies CSRF prevention for requests with a simple content type (GET, form posts). */
export const CSRF_HEADER = 'x-graphql-csrf';

export function createGateway(deps: GatewayDeps): Gateway {
  const config = deps.config ?? loadConfig();
  const { locations } = deps;
  const { shared } = deps;
  const metrics = deps.metrics ?? createMetrics();
  const cache =
    deps.cache ??
    createUpstreamCache({ ...config.cache, shared: shared?.store, lockMs: config.redis.lockMs, sharedLagMs: config.redis.commandTimeoutMs, onLookup: metrics.cacheLookup, onSharedError: metrics.sharedError });
  if (shared) metrics.watchRedis(shared.connection);
  const cursors = createCursorCodec({ ...config.cursors, secret: config.cursors.secret ?? shared?.cursorSecret });
  const logger = createLog(config.log.level, deps.logger ?? console);
  const masker = createErrorMasker(logger, { production: config.production });
  const context = createContextFactory({ locations, cache, cursors, config, mask: masker });
  // Readiness is the home location's: its credentials resolve and its SSM answers.
  const home: Upstream = { call: (operation, input) => locations.home().then((l) => l.upstream.call(operation, input)) };
  const traceMasker = createErrorMasker(undefined, { production: config.production });
  // Standalone, or an Apollo Federation subgraph (SUBGRAPH=true); RELAY_NODE_FIELDS=false drops node/nodes.
  const schema = selectSchema(config.federation);
  const live = createLiveHub({ schema, context, mask: masker, settings: config.live, timers: deps.liveTimers, cluster: shared?.live });
  registerLiveMetrics(metrics.registry, live);

  const plugins: (Plugin | false)[] = [
    ...useHttpEdge(config, logger, metrics.graphqlRequest),
    useReadiness({
      upstream: home,
      cacheMs: config.readiness.cacheMs,
      log: logger,
      extra: shared && (() => ({ redis: shared.connection.state() === 'up' ? 'up' : 'down' })),
    }),
    config.metrics.enabled && useMetrics(metrics, config.metrics),
    config.explorer && useExplorer({ graphqlPath: config.path, dir: deps.explorerDir }),
    config.security.csrfPrevention && useCSRFPrevention({ requestHeaders: [CSRF_HEADER] }),
    isAuthEnabled(config.auth) && (useJwtAuth(config.auth, logger) as Plugin),
    ...useQueryLimits(config.limits),
    !config.security.introspection && { onValidate: ({ addValidationRule }) => addValidationRule(NoSchemaIntrospectionCustomRule) },
    config.demand.costExtension && useCostExtension({ maxCalls: config.ssm.maxCallsPerRequest }),
    usePreflight({
      cursors,
      limits: config.connections,
      maxNodeIds: config.limits.maxNodeIds,
      costLimits: config.connections,
      maxCost: config.limits.maxQueryCost,
      maxFields: config.limits.maxFields,
    }),
    useLive(live),
    usePartialErrors(),
    config.demand.clientCallsPerMinute > 0 &&
      useClientBudget({
        callsPerMinute: config.demand.clientCallsPerMinute,
        idHeader: config.demand.clientIdHeader,
        shared: shared && { connection: shared.connection, prefix: config.redis.prefix },
      }),
    config.responseCache && useResponseCache(cache, { cursorTtlMs: config.cursors.ttlMs }),
    // Federated tracing: `extensions.ftv1` when a router sends `apollo-federation-include-trace: ftv1`,
    // its errors masked as clients see them (and not logged twice).
    config.federation.subgraph &&
      useApolloInlineTrace({ rewriteError: (e: GraphQLError) => traceMasker(e) as GraphQLError }),
    ...(deps.plugins ?? []),
  ];

  const yoga = createYoga<{}, SchemaContext>({
    schema,
    graphqlEndpoint: config.path,
    context,
    // GraphiQL posts application/json, which CSRF prevention accepts.
    // Subscriptions over SSE, the protocol Yoga serves (src/server/live/).
    graphiql: config.graphiql ? { title: 'ssm-graph', defaultQuery: EXAMPLE_QUERY, defaultTabs: EXAMPLE_TABS, subscriptionsProtocol: 'SSE' } : false,
    renderGraphiQL,
    landingPage: false,
    // CORS is useCors (http-edge.ts): Yoga's own answers any origin with credentials.
    cors: false,
    maxRequestBodySize: config.limits.maxBodyBytes,
    // isDev false: our masker never serialises `originalError`, whatever NODE_ENV says.
    maskedErrors: { maskError: masker, isDev: false },
    // Errors through the masker are logged by it, once (error-mapping.ts), not again by Yoga.
    logging: yogaLogger(logger, masker),
    plugins: plugins.filter((p): p is Plugin => !!p),
  });
  return Object.assign(yoga, { locations, cache, config, metrics, live, endStreams: () => live.close() });
}
