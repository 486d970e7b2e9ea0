/**
 * Builds each request's context: a fresh SSM session over the served locations
 * and the shared cache, whose waits are bounded by the request's deadline
 * (wait-bound.ts), and the request's list of partial errors. A live poll
 * (src/server/live/) builds one per poll the same way, with its own signal and
 * a freshness bound on the cache (`ContextOptions`).
 *
 * A partial error is one a field reports while it answers (one location of a
 * merged connection failed, see src/schema/estate-connection.ts): it is masked
 * as every error is (error-mapping.ts) and `usePartialErrors` adds it to the
 * response's `errors`, at the field's path, beside the field's data.
 */
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { ExecutionResult, GraphQLError } from 'graphql';
import { createSsmApi } from '../ssm/index.ts';
import type { UpstreamCache } from '../ssm/cache/index.ts';
import type { LocationRegistry } from '../ssm/locations.ts';
import type { SchemaContext } from '../schema/index.ts';
import type { CursorCodec } from '../schema/cursor.ts';
import type { GatewayConfig } from './config.ts';
import { createWaitBound } from './wait-bound.ts';

export interface SharedDeps {
  locations: LocationRegistry;
  cache: UpstreamCache;
  cursors: CursorCodec;
  config: GatewayConfig;
  /** The gateway's error masker: what clients may see of an error. */
  mask: (error: unknown) => Error;
}

/** Where a context keeps its partial errors (a symbol: Yoga copies the context's own properties). */
const PARTIALS = Symbol('partialErrors');

export interface ContextOptions {
  /** Ends every upstream wait when it aborts; default: the request's signal. */
  signal?: AbortSignal;
  /** Reads no mutable cache entry loaded before this time (`cacheNow()`): a live poll sees fresh data. */
  freshSince?: number;
  /** Every first page the operation's largest (SchemaContext `fullPages`): a live poll shares its pages. */
  fullPages?: boolean;
}

export type ContextFactory = (initial?: { request?: Request }, opts?: ContextOptions) => SchemaContext;

export function createContextFactory({ locations, cache, cursors, config, mask }: SharedDeps): ContextFactory {
  return (initial = {}, opts = {}) => {
    const reported: GraphQLError[] = [];
    const context: SchemaContext & { [PARTIALS]: GraphQLError[] } = {
      [PARTIALS]: reported,
      ssm: createSsmApi({
        locations,
        guard: createWaitBound({ timeoutMs: config.limits.requestTimeoutMs, signal: opts.signal ?? initial.request?.signal }),
        cache,
        maxCallsPerRequest: config.ssm.maxCallsPerRequest,
        freshSince: opts.freshSince,
      }),
      cursors,
      limits: config.connections,
      fullPages: opts.fullPages,
      report: (error, path) => {
        reported.push(mask(createGraphQLError('x', { path, originalError: error as Error })) as GraphQLError);
      },
    };
    return context;
  };
}

/** `result` with the partial errors its execution's fields reported (see the module's header). */
export function withPartialErrors<R extends ExecutionResult>(result: R, context: unknown): R {
  const reported = (context as { [PARTIALS]?: GraphQLError[] })[PARTIALS];
  if (!reported?.length || !('data' in result)) return result;
  return { ...result, errors: [...(result.errors ?? []), ...reported] };
}

/** Adds the partial errors fields reported to the response. */
export function usePartialErrors(): Plugin {
  return {
    onExecute({ args }) {
      return {
        onExecuteDone({ result, setResult }) {
          if (!('data' in result)) return;
          const withErrors = withPartialErrors(result, args.contextValue);
          if (withErrors !== result) setResult(withErrors);
        },
      };
    },
  };
}
