/**
 * The single door every upstream call goes through: it caps how many calls are
 * in flight at once, starts them within the location's rate budget
 * (rate-budget.ts: SSM_MAX_RPS, so a burst of resolvers or of clients queues
 * here instead of tripping SSM's throttling), classifies failures, and tells
 * observers about each call.
 *
 * A call waits for a slot, then for a start in the budget, then is sent: the
 * start is counted when the call leaves, so a slot freed late never crowds
 * starts. A call whose `signal` aborts while it waits (nobody wants its answer
 * any more) leaves both queues and rejects with `BudgetWithdrawn`: it spends
 * neither a slot nor a start, and is never sent.
 */
import type { SSMClient } from '@aws-sdk/client-ssm';
import { COMMANDS, type OperationInput, type OperationName, type OperationOutput } from './client.ts';
import { classifyError } from './errors.ts';
import { BudgetWithdrawn, type RateBudget } from './rate-budget.ts';

export interface UpstreamCall {
  operation: OperationName;
  durationMs: number;
  /** The classified error kind, when the call failed after the SDK's retries. */
  error?: string;
}

export interface Upstream {
  /** Sends one operation. Rejects with `SsmError`, or `BudgetWithdrawn` when `signal` aborted it before it was sent. */
  call<Op extends OperationName>(operation: Op, input: OperationInput<Op>, opts?: { signal?: AbortSignal }): Promise<OperationOutput<Op>>;
}

export interface UpstreamOptions {
  client: SSMClient;
  /** Most upstream calls in flight at once, across all requests. */
  maxConcurrency?: number;
  /** When calls may start (SSM_MAX_RPS); unbounded without one. */
  budget?: RateBudget;
  /** The location this door leads to: its failures name it. */
  location?: { accountId: string; region: string };
  onCall?: (call: UpstreamCall) => void;
}

export function createUpstream({ client, maxConcurrency = 16, budget, location, onCall }: UpstreamOptions): Upstream {
  const limit = createLimiter(maxConcurrency);
  return {
    call: (operation, input, opts = {}) =>
      limit(async () => {
        await budget?.take(opts.signal);
        const started = performance.now();
        const Command = COMMANDS[operation] as unknown as new (i: unknown) => Parameters<SSMClient['send']>[0];
        try {
          const { $metadata: _meta, ...output } = (await client.send(new Command(input))) as { $metadata: unknown };
          onCall?.({ operation, durationMs: performance.now() - started });
          return output as never;
        } catch (err) {
          const error = classifyError(operation, err);
          if (location) error.location = location;
          onCall?.({ operation, durationMs: performance.now() - started, error: error.kind });
          throw error;
        }
      }, opts.signal),
  };
}

/**
 * A FIFO semaphore: at most `max` tasks run at once; the rest wait their turn.
 * A wait whose `signal` aborts leaves the queue and rejects with `BudgetWithdrawn`.
 */
export function createLimiter(max: number): <T>(task: () => Promise<T>, signal?: AbortSignal) => Promise<T> {
  let active = 0;
  const queue: (() => void)[] = [];
  // A freed slot passes straight to the next waiter, so no newcomer slips in between.
  const next = () => {
    const go = queue.shift();
    if (go) go();
    else active--;
  };
  const turn = (signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(new BudgetWithdrawn('the call was no longer wanted'));
      const go = () => (signal?.removeEventListener('abort', leave), resolve());
      const leave = () => {
        const at = queue.indexOf(go);
        if (at >= 0) queue.splice(at, 1), reject(new BudgetWithdrawn('the call was no longer wanted'));
      };
      signal?.addEventListener('abort', leave, { once: true });
      queue.push(go);
    });
  return async (task, signal) => {
    if (active >= max) await turn(signal);
    else active++;
    try {
      return await task();
    } finally {
      next();
    }
  };
}
