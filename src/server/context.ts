/**
 * Builds each request's context: a fresh SSM session over the shared upstream
 * and cache, whose waits are bounded by the request's deadline (deadline.ts).
 */
import { createSsmApi } from '../ssm/index.ts';
import type { ResponseCache } from '../ssm/cache.ts';
import type { Upstream } from '../ssm/upstream.ts';
import type { SchemaContext } from '../schema/index.ts';
import type { CursorCodec } from '../schema/cursor.ts';
import type { GatewayConfig } from './config.ts';
import { createDeadlineGuard } from './deadline.ts';

export interface SharedDeps {
  upstream: Upstream;
  cache: ResponseCache;
  cursors: CursorCodec;
  config: GatewayConfig;
}

export function createContextFactory({ upstream, cache, cursors, config }: SharedDeps) {
  return (initial: { request?: Request } = {}): SchemaContext => ({
    ssm: createSsmApi({
      upstream,
      guard: createDeadlineGuard({ timeoutMs: config.limits.requestTimeoutMs, clientSignal: initial.request?.signal }),
      cache,
      maxCallsPerRequest: config.ssm.maxCallsPerRequest,
    }),
    cursors,
    limits: config.connections,
  });
}
