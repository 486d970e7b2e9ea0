/**
 * `useResponseCache`: a repeated identical query is answered with the response
 * built the first time, without executing it again.
 *
 * Contract:
 * - The key is the operation as sent: document text, operation name and
 *   variables. Every client sees the same SSM account, so responses are not
 *   per user (auth, when on, still runs first for every request).
 * - A response is kept for as long as the freshest-to-expire cache entry it was
 *   built from (`SsmSession.freshForMs`): terminal data for the terminal TTL,
 *   anything mutable for what is left of the mutable TTL. It is never fresher
 *   or staler than re-executing it on the cache would be, except that it does
 *   not see an entry rewritten early by another request's newer listing (at
 *   most CACHE_TTL_MUTABLE_MS old, as that entry was).
 * - Kept without `extensions.cost`: that is the first execution's, and
 *   cost-extension.ts gives each answer its own (a cached one sent no call).
 * - Never kept: responses with errors, responses that read nothing cached
 *   (introspection, an emptied cache), and responses carrying a federated
 *   trace (`apollo-federation-include-trace`), which belongs to one request.
 * - It lives in the same cache and the same byte bound as the upstream data,
 *   under `response:` keys, and goes with `cache.clear()`.
 * - Cursors in a cached response keep their first issue time, so a response is
 *   also kept no longer than half of CURSOR_TTL_MS (`cursorTtlMs`) after its
 *   execution began: a served cursor is never older than that, and always has
 *   at least half its life left for the client to use it.
 */
import { createHash } from 'node:crypto';
import type { ExecutionResult } from 'graphql';
import type { Plugin, YogaInitialContext } from 'graphql-yoga';
import type { SchemaContext } from '../schema/context.ts';
import type { UpstreamCache } from '../ssm/cache/index.ts';

const TRACE_HEADER = 'apollo-federation-include-trace';

export interface ResponseCacheOptions {
  /** How long the cursors a response carries live (CURSOR_TTL_MS). */
  cursorTtlMs: number;
}

export function useResponseCache(cache: UpstreamCache, { cursorTtlMs }: ResponseCacheOptions): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      // Before any cursor of this execution is issued.
      const cursorsIssued = Date.now();
      const ctx = args.contextValue as SchemaContext & Partial<YogaInitialContext>;
      if (!ctx.params?.query || ctx.request?.headers.get(TRACE_HEADER)) return;
      const { query, operationName, variables } = ctx.params;
      const key = `response:${createHash('sha256').update(JSON.stringify([query, operationName ?? null, variables ?? null])).digest('base64url')}`;
      const hit = cache.peek<ExecutionResult>(key);
      if (hit) {
        setResultAndStopExecution(hit);
        return;
      }
      return {
        onExecuteDone({ result }) {
          if (!('data' in result) || result.errors?.length) return;
          const cursorLifeLeft = cursorsIssued + cursorTtlMs / 2 - Date.now();
          const { cost: _first, ...extensions } = result.extensions ?? {};
          const kept = Object.keys(extensions).length ? { ...result, extensions } : { data: result.data };
          cache.setFor(key, kept, Math.min(ctx.ssm.session.freshForMs(), cursorLifeLeft));
        },
      };
    },
  };
}
