/**
 * `useRequestLog`: a request ID on every response, and one access-log line per
 * GraphQL request.
 *
 * Request ID: an incoming `x-request-id` of 1–128 characters from
 * `[A-Za-z0-9._:/+=-]` (what proxies and tracers send) is kept, so one ID
 * follows the request through the proxy and this log; anything else is
 * replaced by a random UUID. Every response carries it back in `x-request-id`
 * (probes included; cors.ts exposes it to browsers).
 *
 * Access log: at `info`, one JSON line per request to the GraphQL endpoint
 * (not its CORS preflights, not the GraphiQL page), refused ones included:
 *   {"msg":"request","requestId":"…","method":"POST","status":200,"operation":"AutomationTree",
 *    "durationMs":12.3,"upstreamCalls":3,"cacheHits":5,"errors":["NOT_FOUND"]}
 * `operation` is the operation's name (null when anonymous or never parsed);
 * `upstreamCalls` the calls this request sent to SSM (cache hits and calls
 * shared with other requests not counted); `errors` the distinct
 * `extensions.code`s of the response as the client got it; `durationMs` from
 * the request's arrival to its response headers.
 */
import { randomUUID } from 'node:crypto';
import { getOperationAST, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { SchemaContext } from '../schema/context.ts';
import type { Log } from './log.ts';

export const REQUEST_ID_HEADER = 'x-request-id';
const SANE_ID = /^[\w.:/+=-]{1,128}$/;

interface Entry {
  requestId: string;
  started: number;
  operation: string | null;
  session?: SessionCounts;
  errors: Set<string>;
}

/** What the access log reads from a request's SSM session (src/ssm/session.ts). */
interface SessionCounts {
  upstreamCalls: number;
  cacheHits: number;
}

export const requestIdOf = (request: Request) => {
  const given = request.headers.get(REQUEST_ID_HEADER);
  return given && SANE_ID.test(given) ? given : randomUUID();
};

/** What each logged request is, for other observers (the metrics, src/server/metrics/). */
export interface RequestRecord {
  operation: string | null;
  status: number;
  durationMs: number;
  errors: string[];
}

export function useRequestLog({ log, path, observe }: { log: Pick<Log, 'info'>; path: string; observe?: (r: RequestRecord) => void }): Plugin {
  const entries = new WeakMap<Request, Entry>();
  const codesOf = (result: ExecutionResult, into: Set<string>) => {
    for (const e of result.errors ?? []) into.add(String(e.extensions?.code ?? 'UNKNOWN'));
  };
  return {
    onRequest({ request, url }) {
      if (request.method === 'OPTIONS' || url.pathname !== path) return;
      entries.set(request, { requestId: requestIdOf(request), started: performance.now(), operation: null, errors: new Set() });
    },
    onParams({ request, params }) {
      const entry = entries.get(request);
      if (entry) entry.operation = params.operationName ?? null;
    },
    onExecute({ args }) {
      const ctx = args.contextValue as Partial<SchemaContext> & { request?: Request };
      const entry = ctx.request && entries.get(ctx.request);
      if (!entry) return;
      entry.operation = getOperationAST(args.document, args.operationName)?.name?.value ?? entry.operation;
      entry.session = ctx.ssm?.session as SessionCounts | undefined;
    },
    onResultProcess({ request, result }) {
      const entry = entries.get(request);
      if (!entry || Symbol.asyncIterator in result) return;
      for (const r of Array.isArray(result) ? result : [result]) codesOf(r, entry.errors);
    },
    onResponse({ request, response }) {
      const entry = entries.get(request);
      response.headers.set(REQUEST_ID_HEADER, entry?.requestId ?? requestIdOf(request));
      if (!entry) return;
      const record = {
        status: response.status,
        operation: entry.operation,
        durationMs: Math.round((performance.now() - entry.started) * 10) / 10,
        errors: [...entry.errors].sort(),
      };
      observe?.(record);
      log.info(
        JSON.stringify({
          msg: 'request',
          requestId: entry.requestId,
          method: request.method,
          status: record.status,
          operation: record.operation,
          durationMs: record.durationMs,
          upstreamCalls: entry.session?.upstreamCalls ?? 0,
          cacheHits: entry.session?.cacheHits ?? 0,
          errors: record.errors,
        }),
      );
    },
  };
}
