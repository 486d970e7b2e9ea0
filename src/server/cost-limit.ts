/**
 * `useUpstreamCostLimit`: refuses, before execution and so before any upstream
 * call, an operation whose estimated upstream calls (cost-estimate.ts) exceed
 * the budget (MAX_QUERY_COST).
 *
 * It runs at execute time, not as a validation rule: the estimate depends on
 * variables (`first: $n`), and Yoga caches validation per document.
 *
 * The refusal is shaped like a validation error: `{ errors: [...] }` with no
 * `data`, code QUERY_TOO_EXPENSIVE, `estimate` and `budget` in extensions;
 * HTTP 400 for clients that accept `application/graphql-response+json`, 200
 * for `application/json`-only clients (GraphQL over HTTP, "application/json"
 * responses use 200 for well-formed requests).
 */
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { estimateCost, type CostLimits } from './cost-estimate.ts';

export const QUERY_TOO_EXPENSIVE = 'QUERY_TOO_EXPENSIVE';

export interface CostLimitOptions extends CostLimits {
  /** Most estimated upstream calls; 0 turns the check off. */
  budget: number;
}

export function useUpstreamCostLimit(opts: CostLimitOptions): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      if (!opts.budget) return;
      const estimate = estimateCost(args.schema, args.document, args.operationName, args.variableValues, opts);
      if (estimate <= opts.budget) return;
      setResultAndStopExecution({
        errors: [
          createGraphQLError(
            `This query could cost up to ${estimate} upstream SSM calls, above the budget of ${opts.budget}: ask for fewer items (\`first\`) or a shallower tree.`,
            { extensions: { code: QUERY_TOO_EXPENSIVE, estimate, budget: opts.budget, http: { status: 400, spec: true } } },
          ),
        ],
      });
    },
  };
}
