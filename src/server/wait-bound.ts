/**
 * A bound on waits for upstream results: a time limit and/or an abort signal.
 * Its main use is the whole-request deadline (REQUEST_TIMEOUT_MS, with the
 * client's disconnect as the signal, see request-context.ts); the readiness
 * probe bounds its one call with it too.
 *
 * A request waits for each upstream result through its bound: once the
 * deadline passes or the signal aborts, every wait still pending, and every
 * one that starts after, fails at once with `WaitBoundExceeded`. Resolvers then
 * finish with TIMEOUT errors on the fields that needed those calls; fields
 * already resolved keep their data, so the client gets a 200 with partial data,
 * never a hung socket.
 *
 * The guard bounds the wait, not the call: an upstream call shared with other
 * requests (the cache's in-flight de-duplication) runs on for them, so one
 * request's deadline or disconnect never fails another's. An abandoned call
 * runs until the SDK's own timeout (SSM_REQUEST_TIMEOUT_MS) and keeps its
 * concurrency slot until then. A call not sent yet (waiting for a slot or for
 * the rate budget) that no other request waits for is withdrawn: the guard's
 * `signal` aborts when the request gives up (src/ssm/interest.ts).
 */
import { createGraphQLError } from 'graphql-yoga';
import type { GraphQLError } from 'graphql';
import { SsmError } from '../ssm/errors.ts';
import type { WaitGuard } from '../ssm/session.ts';

export const TIMEOUT = 'TIMEOUT';

/** An `SsmError` (kind UNAVAILABLE for the ssm layer's sake) that the error masker reports as TIMEOUT. */
export class WaitBoundExceeded extends SsmError {
  constructor(operation: string) {
    super('UNAVAILABLE', operation, 'RequestDeadline');
  }
}

export function timeoutError(err: WaitBoundExceeded): GraphQLError {
  return createGraphQLError('SSM did not answer within the time limit of this request.', {
    extensions: { code: TIMEOUT, operation: err.operation },
  });
}

export interface WaitBoundOptions {
  /** The time limit, counted from now; 0 means none. */
  timeoutMs: number;
  /** Ends every wait when it aborts (the client went away). */
  signal?: AbortSignal;
}

/**
 * The guard of one request's waits. The deadline is fixed when this is called
 * (the request's start). A timer and a listener on the signal exist
 * only while the request waits for something: they are set up when its first
 * wait starts and removed when its last one ends, so a finished request leaves
 * nothing behind (no timer, no listener, no composite signal).
 */
export function createWaitBound({ timeoutMs, signal }: WaitBoundOptions): WaitGuard | undefined {
  if (timeoutMs <= 0 && !signal) return undefined;
  const deadline = timeoutMs > 0 ? performance.now() + timeoutMs : Infinity;
  const pending = new Set<() => void>();
  const gaveUp = new AbortController();
  const failAll = () => {
    [...pending].forEach((fail) => fail());
    gaveUp.abort();
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const watch = () => {
    const remaining = deadline - performance.now();
    if (remaining < Infinity) timer = setTimeout(failAll, Math.max(Math.ceil(remaining), 0));
    signal?.addEventListener('abort', failAll, { once: true });
  };
  const unwatch = () => {
    clearTimeout(timer);
    signal?.removeEventListener('abort', failAll);
  };
  const guard = <T>(wait: Promise<T>, operation: string): Promise<T> => {
    if (performance.now() >= deadline || signal?.aborted) {
      gaveUp.abort();
      return Promise.reject(new WaitBoundExceeded(operation));
    }
    return new Promise((resolve, reject) => {
      const fail = () => {
        pending.delete(fail);
        if (!pending.size) unwatch();
        reject(new WaitBoundExceeded(operation));
      };
      if (!pending.size) watch();
      pending.add(fail);
      const settle = () => pending.delete(fail) && !pending.size && unwatch();
      wait.then(
        (value) => (settle(), resolve(value)),
        (error) => (settle(), reject(error)),
      );
    });
  };
  return Object.assign(guard, { signal: gaveUp.signal }) as WaitGuard;
}
