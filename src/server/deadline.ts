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

/** The request's signal: aborts at the deadline or when the client disconnects. */
export function requestSignal(timeoutMs: number, clientSignal?: AbortSignal): AbortSignal | undefined {
  const signals = [timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined, clientSignal].filter((s): s is AbortSignal => !!s);
  return signals.length > 1 ? AbortSignal.any(signals) : signals[0];
}

export function withDeadline(upstream: Upstream, signal: AbortSignal | undefined): Upstream {
  if (!signal) return upstream;
  return {
    call(operation, input) {
      if (signal.aborted) return Promise.reject(new DeadlineExceeded(operation));
      return new Promise((resolve, reject) => {
        const onAbort = () => reject(new DeadlineExceeded(operation));
        signal.addEventListener('abort', onAbort, { once: true });
        upstream
          .call(operation, input)
          .then(resolve, reject)
          .finally(() => signal.removeEventListener('abort', onAbort));
      });
    },
  };
}
