/**
 * `createGateway(deps)` builds the Yoga server and starts nothing: main.ts, the
 * demo, tests and benchmarks each decide where it listens (or call `yoga.fetch`).
 * Everything here is driven by `config`, so they all run the same gateway.
 *
 * Request path, in order (first refusal wins; none of these reaches SSM):
 *  1. Yoga built-ins: `/health` (liveness), GraphiQL page (when enabled),
 *     body size limit (MAX_BODY_BYTES → 413), request parsing (400/405/415).
 *  2. `/ready` (readiness.ts): cached upstream check; `/explorer` (explorer.ts,
 *     EXPLORER): the explorer page's built files.
 *  3. CSRF prevention (production): a GraphQL request needs a non-simple
 *     content type (e.g. application/json) or an `x-graphql-csrf` header → 403.
 *  4. `useJwtAuth` (when configured) → 401 (503 when its JWKS cannot be fetched).
 *  5. `useQueryLimits`: tokens while parsing; depth, aliases while validating;
 *     introspection refused unless enabled; suggestions hidden in production.
 *  6. `useArgumentChecks`: connection arguments, cursors and filters checked as
 *     their resolvers would, before any parent is loaded → BAD_USER_INPUT.
 *  7. `useResponseCache` (RESPONSE_CACHE): a repeated identical query is
 *     answered with its cached response, while what it was built from is fresh.
 *  8. `useUpstreamCostLimit`: estimated upstream calls vs MAX_QUERY_COST.
 *  9. `deps.plugins`, then execution: the per-request deadline (context.ts)
 *     and call budget (SSM_MAX_CALLS_PER_REQUEST) bound what runs.
 */
import type { SSMClient } from '@aws-sdk/client-ssm';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { useApolloInlineTrace } from '@graphql-yoga/plugin-apollo-inline-trace';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { NoSchemaIntrospectionCustomRule, type GraphQLError } from 'graphql';
import { createLogger, createYoga, type Plugin, type YogaLogger, type YogaServerInstance } from 'graphql-yoga';
import { selectSchema, type SchemaContext } from '../schema/index.ts';
import { createCursorCodec } from '../schema/cursor.ts';
import { createResponseCache, type ResponseCache } from '../ssm/cache.ts';
import { createUpstream, type Upstream, type UpstreamCall } from '../ssm/upstream.ts';
import { isAuthEnabled, useJwtAuth } from './auth.ts';
import { loadConfig, type GatewayConfig } from './config.ts';
import { createContextFactory } from './context.ts';
import { useArgumentChecks } from './argument-checks.ts';
import { useExplorer } from './explorer.ts';
import { useUpstreamCostLimit } from './cost-limit.ts';
import { createErrorMasker, yogaLogger } from './error-mapping.ts';
import { EXAMPLE_QUERY } from './example-query.ts';
import { useQueryLimits } from './query-limits.ts';
import { useReadiness } from './readiness.ts';
import { useResponseCache } from './response-cache.ts';

export interface GatewayDeps {
  client: SSMClient;
  config?: GatewayConfig;
  /** Shared across gateways to test cache behaviour; one is created otherwise. */
  cache?: ResponseCache;
  /** Observes every upstream call (metrics, tests). */
  onUpstreamCall?: (call: UpstreamCall) => void;
  plugins?: Plugin[];
  /** Where upstream failures and unexpected errors are logged; default `console`. */
  logger?: Pick<YogaLogger, 'warn' | 'error'>;
}

export type Gateway = YogaServerInstance<{}, SchemaContext> & { upstream: Upstream; cache: ResponseCache; config: GatewayConfig };

/** The header that satisfies CSRF prevention for requests with a simple content type (GET, form posts). */
export const CSRF_HEADER = 'x-graphql-csrf';

export function createGateway(deps: GatewayDeps): Gateway {
  const config = deps.config ?? loadConfig();
  const upstream = createUpstream({
    client: deps.client,
    maxConcurrency: config.ssm.maxConcurrency,
    onCall: deps.onUpstreamCall,
  });
  const cache = deps.cache ?? createResponseCache(config.cache);
  const cursors = createCursorCodec(config.cursors);
  const context = createContextFactory({ upstream, cache, cursors, config });
  const logger = deps.logger ?? console;
  const masker = createErrorMasker(logger, { production: config.production });
  const traceMasker = createErrorMasker(undefined, { production: config.production });

  const plugins: (Plugin | false)[] = [
    useReadiness({ upstream, cacheMs: config.readiness.cacheMs }),
    config.explorer && useExplorer({ graphqlPath: config.path }),
    config.security.csrfPrevention && useCSRFPrevention({ requestHeaders: [CSRF_HEADER] }),
    isAuthEnabled(config.auth) && (useJwtAuth(config.auth, logger) as Plugin),
    ...useQueryLimits({ ...config.limits, blockFieldSuggestions: config.security.blockFieldSuggestions }),
    !config.security.introspection && { onValidate: ({ addValidationRule }) => addValidationRule(NoSchemaIntrospectionCustomRule) },
    useArgumentChecks({ cursors, limits: config.connections }),
    // Before the cost estimate: a query answered from its cached response costs nothing upstream.
    config.responseCache && useResponseCache(cache),
    useUpstreamCostLimit({ budget: config.limits.maxQueryCost, ...config.connections }),
    // Federated tracing: `extensions.ftv1` when a router sends `apollo-federation-include-trace: ftv1`,
    // its errors masked as clients see them (and not logged twice).
    config.federation.subgraph &&
      useApolloInlineTrace({ rewriteError: (e: GraphQLError) => traceMasker(e) as GraphQLError }),
    ...(deps.plugins ?? []),
  ];

  const yoga = createYoga<{}, SchemaContext>({
    // Standalone, or an Apollo Federation subgraph (SUBGRAPH=true); RELAY_NODE_FIELDS=false drops node/nodes.
    schema: selectSchema(config.federation),
    graphqlEndpoint: config.path,
    context,
    // GraphiQL posts application/json, which CSRF prevention accepts.
    graphiql: config.graphiql ? { title: 'ssm-graph', defaultQuery: EXAMPLE_QUERY } : false,
    renderGraphiQL,
    landingPage: false,
    maxRequestBodySize: config.limits.maxBodyBytes,
    // isDev false: our masker never serialises `originalError`, whatever NODE_ENV says.
    maskedErrors: { maskError: masker, isDev: false },
    // Errors through the masker are logged by it, once (error-mapping.ts), not again by Yoga.
    logging: yogaLogger(createLogger(), masker),
    plugins: plugins.filter((p): p is Plugin => !!p),
  });
  return Object.assign(yoga, { upstream, cache, config });
}
