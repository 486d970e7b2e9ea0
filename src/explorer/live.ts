/**
 * The page's subscriptions: GraphQL over SSE with graphql-sse's client
 * (distinct connections mode: one POST of JSON per stream, which passes CSRF
 * prevention as the queries do), to the same endpoint as `request`.
 *
 * Contract of `watch(doc, variables, sink)`: `sink.next` receives each event
 * (logged in the query log as a live update, with its `extensions.cost` when it
 * carries one, never an invented one); `sink.complete` runs when the gateway
 * ended the stream (the execution reached a terminal state, or the gateway is
 * shutting down); `sink.error` when the stream could not be opened or broke and
 * graphql-sse's retries gave up (the view falls back to Refresh). The returned
 * function stops the stream; no sink method runs after it.
 */
import { print } from '@0no-co/graphql.web';
import { createClient, type Client } from 'graphql-sse';
import { costOf, endpoint, log, operationNameOf, type GqlError, type GqlResult } from './client.ts';
import type { TadaDocumentNode } from './graphql.ts';

export interface LiveSink<R> {
  next(result: GqlResult<R>): void;
  complete(): void;
  error(code: string): void;
}

/** Reconnects after a dropped stream before giving up (graphql-sse's randomised exponential backoff, ~1, 2, 4 s). */
const RETRY_ATTEMPTS = 3;

let client: Client | undefined;
const clientOf = () => (client ??= createClient({ url: new URL(endpoint(), location.href).href, retryAttempts: RETRY_ATTEMPTS }));

export function watch<R, V>(doc: TadaDocumentNode<R, V>, variables: V, sink: LiveSink<R>): () => void {
  const operationName = operationNameOf(doc);
  let stopped = false;
  const dispose = clientOf().subscribe<R, Record<string, unknown>>(
    { query: print(doc), operationName, variables: variables as Record<string, unknown> },
    {
      next(event) {
        if (stopped) return;
        const errors = event.errors as GqlError[] | undefined;
        log({ kind: 'live', operationName, startedAt: performance.now(), status: 200, errors: errors?.length ?? 0, cost: costOf(event.extensions) });
        sink.next({ data: event.data, errors });
      },
      complete: () => stopped || sink.complete(),
      error: (e) => stopped || sink.error(codeOf(e)),
    },
  );
  return () => {
    stopped = true;
    dispose();
  };
}

/** A stream's failure as a code like the queries' (`HTTP_429`, `NETWORK`, or the gateway's own error code). */
function codeOf(e: unknown): string {
  const status = (e as { response?: { status?: unknown } } | null)?.response?.status;
  if (typeof status === 'number') return `HTTP_${status}`;
  const code = Array.isArray(e) ? (e[0] as GqlError | undefined)?.extensions?.code : undefined;
  return typeof code === 'string' ? code : 'NETWORK';
}
