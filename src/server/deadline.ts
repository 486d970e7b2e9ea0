/**
 * The whole-request deadline (REQUEST_TIMEOUT_MS).
 *
 * A request waits for each upstream result through its deadline guard: once the
 * deadline passes or the client goes away, every wait still pending, and every
 * one that starts after, fails at once with `DeadlineExceeded`. Resolvers then
 * finish with TIMEOUT errors on the fields that needed those calls; fields
 * already resolved keep their data, so the client gets a 200 with partial data,
 * never a hung socket.
 *
 * The guard bounds the wait, not the call: an upstream call shared with other
 * requests (the cache's in-flight de-duplication) runs on for them, so one
 * request's deadline or disconnect never fails another's. An abandoned call
 * runs until the SDK's own timeout (SSM_REQUEST_TIMEOUT_MS) and keeps its
 * concurrency slot until then.
 */
import { createGraphQLError } from 'graphql-yoga';
import type { GraphQLError } from 'graphql';
import { SsmError } from '../ssm/errors.ts';
import type { WaitGuard } from '../ssm/session.ts';

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
 * The guard of one request's waits. The deadline is fixed when this is called
 * (the request's start); its timer is made only when the request first waits
 * for upstream, since a request served from the cache needs none. One abort
 * listener per request fails every wait still pending.
 */
export function createDeadlineGuard({ timeoutMs, clientSignal }: DeadlineOptions): WaitGuard | undefined {
  if (timeoutMs <= 0 && !clientSignal) return undefined;
  const deadline = timeoutMs > 0 ? performance.now() + timeoutMs : Infinity;
  const pending = new Set<() => void>();
  let signal: AbortSignal | undefined;
  const arm = () => {
    const remaining = deadline - performance.now();
    const timer = remaining < Infinity ? AbortSignal.timeout(Math.max(Math.ceil(remaining), 0)) : undefined;
    const live = [timer, clientSignal].filter((p): p is AbortSignal => !!p);
    const s = live.length > 1 ? AbortSignal.any(live) : live[0];
    s.addEventListener('abort', () => pending.forEach((fail) => fail()), { once: true });
    return s;
  };
  return (wait, operation) => {
    signal ??= arm();
    if (signal.aborted) return Promise.reject(new DeadlineExceeded(operation));
    return new Promise((resolve, reject) => {
      const fail = () => reject(new DeadlineExceeded(operation));
      pending.add(fail);
      wait.then(resolve, reject).finally(() => pending.delete(fail));
    });
  };
}
