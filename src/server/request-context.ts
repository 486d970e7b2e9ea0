/**
 * Builds each request's context: a fresh SSM session over the served locations
 * and the shared cache, whose waits are bounded by the request's deadline
 * (wait-bound.ts), and the request's list of partial errors.
 *
 * A partial error is one a field reports while it answers (one location of a
 * merged connection failed, see src/schema/estate-connection.ts): it is masked
 * as every error is (error-mapping.ts) and `usePartialErrors` adds it to the
 * response's `errors`, at the field's path, beside the field's data.
 */
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { GraphQLError } from 'graphql';
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

export function createContextFactory({ locations, cache, cursors, config, mask }: SharedDeps) {
  return (initial: { request?: Request } = {}): SchemaContext => {
    const reported: GraphQLError[] = [];
    const context: SchemaContext & { [PARTIALS]: GraphQLError[] } = {
      [PARTIALS]: reported,
      ssm: createSsmApi({
        locations,
        guard: createWaitBound({ timeoutMs: config.limits.requestTimeoutMs, signal: initial.request?.signal }),
        cache,
        maxCallsPerRequest: config.ssm.maxCallsPerRequest,
      }),
      cursors,
      limits: config.connections,
      report: (error, path) => {
        reported.push(mask(createGraphQLError('x', { path, originalError: error as Error })) as GraphQLError);
      },
    };
    return context;
  };
}

/** Adds the partial errors fields reported to the response (see the module's header). */
export function usePartialErrors(): Plugin {
  return {
    onExecute({ args }) {
      return {
        onExecuteDone({ result, setResult }) {
          const reported = (args.contextValue as { [PARTIALS]?: GraphQLError[] })[PARTIALS];
          if (!reported?.length || !('data' in result)) return;
          setResult({ ...result, errors: [...(result.errors ?? []), ...reported] });
        },
      };
    },
  };
}
