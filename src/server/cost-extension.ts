/**
 * `useCostExtension` (COST_EXTENSION): what a response cost, in its
 * `extensions.cost`, as Shopify's API reports it, so a frontend can show and
 * log it:
 *
 *   "cost": { "estimated": 1052, "actual": 37, "cacheHits": 4, "maxCalls": 500,
 *             "budget": { "limit": 2000, "remaining": 1963, "resetMs": 58210 } }
 *
 * - `estimated`: the pre-execution upper bound (src/server/preflight/cost.ts);
 *   null when the operation was refused before it was estimated.
 * - `actual`: upstream SSM calls this request sent. Cache hits and calls
 *   shared with another request in flight are not counted; an answer from the
 *   response cache (response-cache.ts) sent none, so it says 0.
 * - `cacheHits`: calls answered without sending them (the upstream cache, or
 *   another request's call in flight).
 * - `maxCalls`: SSM_MAX_CALLS_PER_REQUEST, the most `actual` can reach.
 * - `budget`: the client's per-minute budget (client-budget.ts) after this
 *   request, when the client is budgeted.
 * Every operation that reaches execution gets one, refused ones included (they
 * cost nothing); requests refused earlier (parse, validation, auth) do not.
 * It is computed afresh for each response: a cached response never carries
 * the cost of the execution it was built from.
 */
import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { SchemaContext } from '../schema/context.ts';
import { clientBudgetOf } from './client-budget.ts';
import type { Preflight } from './preflight/index.ts';

export interface Cost {
  estimated: number | null;
  actual: number;
  cacheHits: number;
  maxCalls: number;
  budget?: { limit: number; remaining: number; resetMs: number };
}

export function useCostExtension({ maxCalls }: { maxCalls: number }): Plugin {
  return {
    onExecute({ args }) {
      const ctx = args.contextValue as unknown as SchemaContext & { preflight?: Preflight };
      return {
        onExecuteDone({ result, setResult }) {
          if (Symbol.asyncIterator in result) return;
          const session = ctx.ssm?.session;
          const client = clientBudgetOf(ctx);
          const cost: Cost = {
            estimated: ctx.preflight?.estimate ?? null,
            actual: session?.upstreamCalls ?? 0,
            cacheHits: session?.cacheHits ?? 0,
            maxCalls,
            ...(client && {
              budget: { limit: client.limit, remaining: client.remaining, resetMs: Math.max(0, Math.round(client.resetsAt - performance.now())) },
            }),
          };
          const done = result as ExecutionResult;
          setResult({ ...done, extensions: { ...done.extensions, cost } });
        },
      };
    },
  };
}
