/**
 * `usePreflight`: everything the gateway decides about an operation before it
 * runs, from one plan of it (plan.ts), for queries and subscriptions alike.
 * First refusal wins, and none of them costs an upstream call:
 *  1. QUERY_TOO_COMPLEX: more fields than MAX_FIELDS once fragments are
 *     expanded (a few hundred bytes of fragments spreading each other can
 *     stand for millions of fields);
 *  2. BAD_USER_INPUT: a bad connection argument anywhere in it, or more than
 *     MAX_NODE_IDS IDs in `nodes(ids:)` (checks.ts);
 *  3. QUERY_TOO_EXPENSIVE: more estimated upstream calls than MAX_QUERY_COST
 *     (cost.ts).
 * A refusal is the whole answer, shaped like a validation error: `{ errors }`
 * with no `data`, HTTP 400 for clients that accept
 * `application/graphql-response+json`, 200 for `application/json`-only ones.
 * An accepted operation's plan goes into the context (`plan`) for the root
 * fields' prefetch (src/schema/prefetch.ts).
 *
 * It runs at execute time, not as a validation rule: arguments and the
 * estimate depend on variables (`first: $n`), and Yoga caches validation per
 * document.
 */
import type { ExecutionArgs, GraphQLError } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { SchemaContext } from '../../schema/context.ts';
import { checkArguments, type ArgumentCheckOptions } from './checks.ts';
import { costOf, type CostLimits } from './cost.ts';
import { planOperation, type OperationPlan } from './plan.ts';

export const QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX';
export const QUERY_TOO_EXPENSIVE = 'QUERY_TOO_EXPENSIVE';

export interface PreflightOptions extends ArgumentCheckOptions {
  costLimits: CostLimits;
  /** Most estimated upstream calls; 0 turns the check off. */
  maxCost: number;
  /** Most fields once fragments are expanded; 0 turns the check off. */
  maxFields: number;
}

/** What the preflight knows of an accepted operation. */
export interface Preflight {
  plan: OperationPlan;
  /** The estimated upstream calls. */
  estimate: number;
}

/** The estimate per plan: a pure function of the plan and the gateway's fixed limits. */
type Estimates = WeakMap<OperationPlan, number>;

/** The refusal of `args`'s operation, or its preflight; undefined when it cannot execute (execution reports why). */
export function preflight(args: ExecutionArgs, opts: PreflightOptions, estimates: Estimates = new WeakMap()): GraphQLError | Preflight | undefined {
  const plan = planOperation(args.schema, args.document, args.operationName, args.variableValues as Record<string, unknown>);
  if (!plan) return undefined;
  if (opts.maxFields && plan.expandedSize > opts.maxFields) {
    return refusal(
      `This query selects ${plan.expandedSize} fields once its fragments are expanded, above the limit of ${opts.maxFields}.`,
      { code: QUERY_TOO_COMPLEX, fields: plan.expandedSize, max: opts.maxFields },
    );
  }
  const locations = (args.contextValue as Partial<SchemaContext> | undefined)?.ssm?.locations;
  const bad = checkArguments(plan.fields, { ...opts, locations });
  if (bad) return refusal(bad.message, bad.extensions, bad);
  let estimate = estimates.get(plan);
  if (estimate === undefined) estimates.set(plan, (estimate = costOf(plan, opts.costLimits)));
  if (opts.maxCost && estimate > opts.maxCost) {
    return refusal(
      `This query could cost up to ${estimate} upstream SSM calls, above the budget of ${opts.maxCost}: ask for fewer items (\`first\`) or a shallower tree.`,
      { code: QUERY_TOO_EXPENSIVE, estimate, budget: opts.maxCost },
    );
  }
  return { plan, estimate };
}

function refusal(message: string, extensions: Record<string, unknown>, located?: GraphQLError): GraphQLError {
  return createGraphQLError(message, { nodes: located?.nodes, extensions: { ...extensions, http: { status: 400, spec: true } } });
}

export function usePreflight(opts: PreflightOptions): Plugin {
  const estimates: Estimates = new WeakMap();
  const hook = ({ args, setResultAndStopExecution, extendContext }: HookPayload) => {
    const outcome = preflight(args, opts, estimates);
    if (!outcome) return;
    if ('plan' in outcome) extendContext({ preflight: outcome } as never);
    else setResultAndStopExecution({ errors: [outcome] });
  };
  return { onExecute: hook as never, onSubscribe: hook as never };
}

interface HookPayload {
  args: ExecutionArgs;
  setResultAndStopExecution: (result: { errors: GraphQLError[] }) => void;
  extendContext: (partial: never) => void;
}
