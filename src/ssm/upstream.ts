/**
 * The single door every upstream call goes through: it caps how many calls are
 * in flight at once (so a burst of resolvers queues here instead of tripping
 * SSM's throttling), classifies failures, and tells observers about each call.
 */
import type { SSMClient } from '@aws-sdk/client-ssm';
import { COMMANDS, type OperationInput, type OperationName, type OperationOutput } from './client.ts';
import { classifyError } from './errors.ts';

export interface UpstreamCall {
  operation: OperationName;
  durationMs: number;
  /** The classified error kind, when the call failed after the SDK's retries. */
  error?: string;
}

export interface Upstream {
  /** Sends one operation. Rejects only with `SsmError`. */
  call<Op extends OperationName>(operation: Op, input: OperationInput<Op>): Promise<OperationOutput<Op>>;
}

export interface UpstreamOptions {
  client: SSMClient;
  /** Most upstream calls in flight at once, across all requests. */
  maxConcurrency?: number;
  /** The location this door leads to: its failures name it. */
  location?: { accountId: string; region: string };
  onCall?: (call: UpstreamCall) => void;
}

export function createUpstream({ client, maxConcurrency = 16, location, onCall }: UpstreamOptions): Upstream {
  const limit = createLimiter(maxConcurrency);
  return {
    call: (operation, input) =>
      limit(async () => {
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
      }),
  };
}

/** A FIFO semaphore: at most `max` tasks run at once; the rest wait their turn. */
export function createLimiter(max: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queue: (() => void)[] = [];
  const next = () => {
    active--;
    queue.shift()?.();
  };
  return async (task) => {
    if (active >= max) await new Promise<void>((resolve) => queue.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      next();
    }
  };
}
