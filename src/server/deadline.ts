/**
 * The whole-request deadline (REQUEST_TIMEOUT_MS).
 *
 * Each request sees the shared upstream through `withDeadline`: once the
 * request's signal aborts (the deadline passed, or the client went away),
 * every upstream call it is still waiting for, and every call it starts after,
 * fails at once with `DeadlineExceeded`. Resolvers then finish with TIMEOUT
 * errors on the fields that needed those calls; fields already resolved keep
 * their data, so the client gets a 200 with partial data, never a hung socket.
 *
 * Limits, by design (the ssm layer is not changed): the abandoned HTTP call
 * itself runs on until the SDK's own timeout (SSM_REQUEST_TIMEOUT_MS) and keeps
 * its concurrency slot until then; another request sharing that same in-flight
 * call through the cache's de-duplication sees the failure too.
 */
import { createGraphQLError } from 'graphql-yoga';
import type { GraphQLError } from 'graphql';
import { SsmError } from '../ssm/errors.ts';
import type { Upstream } from '../ssm/upstream.ts';

export const TIMEOUT = 'TIMEOUT';

/** An `SsmError` (kind UNAVAILABLE for the ssm layer's sake) that the error masker reports as TIMEOUT. */
export class DeadlineExceeded extends SsmError {
  constructor(operation: string) {
    super('UNAVAILABLE', operation, 'RequestDeadline');
  }
}

export function timeoutError(err: DeadlineExceeded): GraphQLError {
  return createGraphQLError('SSM did not answer within the time limit of this request.', {
    extensions: { code: TIMEOUT, operation: err.operation },
  });
}

export interface DeadlineOptions {
  /** The request's time limit, counted from now; 0 means none. */
  timeoutMs: number;
  /** Aborts when the client goes away. */
  clientSignal?: AbortSignal;
}

/**
 * The shared upstream as one request sees it. The deadline is fixed when this is
 * called (the request's start); its timer and signal are made only when the
 * request first calls upstream, since a request served from the cache needs
 * neither. One abort listener per request fails every call still pending.
 */
export function withDeadline(upstream: Upstream, { timeoutMs, clientSignal }: DeadlineOptions): Upstream {
  if (timeoutMs <= 0 && !clientSignal) return upstream;
  const deadline = timeoutMs > 0 ? performance.now() + timeoutMs : Infinity;
  const pending = new Set<() => void>();
  let signal: AbortSignal | undefined;
  const arm = () => {
    const remaining = Math.max(Math.ceil(deadline - performance.now()), 0);
    const parts = [remaining < Infinity ? AbortSignal.timeout(remaining) : undefined, clientSignal];
    const live = parts.filter((p): p is AbortSignal => !!p);
    const s = live.length > 1 ? AbortSignal.any(live) : live[0];
    s.addEventListener('abort', () => pending.forEach((fail) => fail()), { once: true });
    return s;
  };
  return {
    call(operation, input) {
      signal ??= arm();
      if (signal.aborted) return Promise.reject(new DeadlineExceeded(operation));
      return new Promise((resolve, reject) => {
        const fail = () => reject(new DeadlineExceeded(operation));
        pending.add(fail);
        upstream
          .call(operation, input)
          .then(resolve, reject)
          .finally(() => pending.delete(fail));
      });
    },
  };
}
