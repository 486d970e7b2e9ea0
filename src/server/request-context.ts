/**
 * Builds each request's context: a fresh SSM session over the shared upstream
 * and cache, whose waits are bounded by the request's deadline (wait-bound.ts).
 */
import { createSsmApi } from '../ssm/index.ts';
import type { UpstreamCache } from '../ssm/cache/index.ts';
import type { Upstream } from '../ssm/upstream.ts';
import type { SchemaContext } from '../schema/index.ts';
import type { CursorCodec } from '../schema/cursor.ts';
import type { GatewayConfig } from './config.ts';
import { createWaitBound } from './wait-bound.ts';

export interface SharedDeps {
  upstream: Upstream;
  cache: UpstreamCache;
  cursors: CursorCodec;
  config: GatewayConfig;
}

export function createContextFactory({ upstream, cache, cursors, config }: SharedDeps) {
  return (initial: { request?: Request } = {}): SchemaContext => ({
    ssm: createSsmApi({
      upstream,
      guard: createWaitBound({ timeoutMs: config.limits.requestTimeoutMs, signal: initial.request?.signal }),
      cache,
      maxCallsPerRequest: config.ssm.maxCallsPerRequest,
    }),
    cursors,
    limits: config.connections,
  });
}
