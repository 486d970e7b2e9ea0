/**
 * `createGateway(deps)` builds the Yoga server and starts nothing: main.ts, the
 * demo, tests and benchmarks each decide where it listens (or call `yoga.fetch`).
 */
import type { SSMClient } from '@aws-sdk/client-ssm';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { schema, type SchemaContext } from '../schema/index.ts';
import { createCursorCodec } from '../schema/cursor.ts';
import { createResponseCache, type ResponseCache } from '../ssm/cache.ts';
import { createUpstream, type Upstream, type UpstreamCall } from '../ssm/upstream.ts';
import { loadConfig, type GatewayConfig } from './config.ts';
import { createContextFactory } from './context.ts';
import { createErrorMasker } from './error-mapping.ts';
import { EXAMPLE_QUERY } from './example-query.ts';

export interface GatewayDeps {
  client: SSMClient;
  config?: GatewayConfig;
  /** Shared across gateways to test cache behaviour; one is created otherwise. */
  cache?: ResponseCache;
  /** Observes every upstream call (metrics, tests). */
  onUpstreamCall?: (call: UpstreamCall) => void;
  plugins?: Plugin[];
}

export type Gateway = YogaServerInstance<{}, SchemaContext> & { upstream: Upstream; cache: ResponseCache; config: GatewayConfig };

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

  const yoga = createYoga<{}, SchemaContext>({
    schema,
    graphqlEndpoint: config.path,
    context,
    graphiql: config.graphiql ? { title: 'ssm-graph', defaultQuery: EXAMPLE_QUERY } : false,
    renderGraphiQL,
    landingPage: false,
    maskedErrors: { maskError: createErrorMasker(console) },
    plugins: deps.plugins ?? [],
  });
  return Object.assign(yoga, { upstream, cache, config });
}
