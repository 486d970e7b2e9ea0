/**
 * One poll of a cohort: its subscription run as the equivalent query
 * (query-of.ts) with a context of its own, as a request would be, and the
 * watched record's status read through that same context.
 *
 * Each poll is a request of its own: a fresh session (nothing memoised from the
 * poll before), its own deadline (REQUEST_TIMEOUT_MS from the poll's start) and
 * call budget (SSM_MAX_CALLS_PER_REQUEST), and a freshness bound on the cache
 * (`freshSince`: no mutable entry loaded before it is read), so a stream never
 * fails for having lived long and never shows data older than its polls.
 *
 * Outcomes:
 * - `state`: the answer, complete (its errors, if any, are lasting ones: a
 *   child not found, a location not served); `ended` once the record is in a
 *   terminal status;
 * - `gone`: the record cannot be watched (an unknown ID, a bad argument, a
 *   location not served): one event with that error, then the stream completes;
 * - `failed`: an upstream failure this time (throttling, unavailable, timeout,
 *   call budget): the answer is incomplete. The poll is tried again, later
 *   (target.ts); what the cohort sends of it: cohort.ts.
 * Errors are masked here, once per poll (and logged once by the masker), not
 * once per subscriber.
 */
import { execute, locatedError, type DocumentNode, type ExecutionResult, type FieldNode, type GraphQLError, type GraphQLSchema } from 'graphql';
import { ErrorCode } from '../../schema/errors.ts';
import type { LiveField } from '../../schema/live.ts';
import type { OperationPlan } from '../preflight/plan.ts';
import { withPartialErrors, type ContextFactory } from '../request-context.ts';

export type PollOutcome =
  | { kind: 'state'; result: ExecutionResult; ended: boolean }
  | { kind: 'gone'; result: ExecutionResult }
  | { kind: 'failed'; result: ExecutionResult };

/** What a cohort polls: its query, and the watched field's root node and arguments. */
export interface PollSpec {
  document: DocumentNode;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
  /** The query's plan, for the root field's prefetch (src/schema/prefetch.ts). */
  plan: OperationPlan;
  live: LiveField;
  root: { node: FieldNode; args: Record<string, unknown> };
}

/** Codes a poll would get again however often it tried: part of the answer, not a failure of this poll. */
const LASTING = new Set<string>([ErrorCode.NOT_FOUND, ErrorCode.BAD_USER_INPUT, ErrorCode.LOCATION_NOT_CONFIGURED]);
const codeOf = (e: GraphQLError) => String(e.extensions?.code ?? '');

export interface PollBound {
  /** No mutable cache entry loaded before this (`cacheNow()`) is read. */
  freshSince: number;
  /** Ends the poll's waits (its target stopped). */
  signal: AbortSignal;
}

export interface PollerDeps {
  schema: GraphQLSchema;
  context: ContextFactory;
  /** The gateway's error masker. */
  mask: (error: unknown) => Error;
}

export function createPoller({ schema, context, mask }: PollerDeps) {
  const run = async (spec: PollSpec, bound: PollBound): Promise<PollOutcome> => {
    const ctx = context({}, { ...bound, fullPages: true });
    ctx.preflight = { plan: spec.plan };
    const [result, status] = await Promise.all([
      execute({ schema, document: spec.document, operationName: spec.operationName, variableValues: spec.variables, contextValue: ctx }),
      spec.live.ended(ctx, spec.root.args).then(
        (ended) => ({ ended }),
        (error: unknown) => ({ error }),
      ),
    ]);
    // Its target stopped meanwhile: what it read is not wanted, and its ended waits are no failure to log.
    if (bound.signal.aborted) return { kind: 'failed', result: {} };
    if ('error' in status) {
      const key = spec.root.node.alias?.value ?? spec.root.node.name.value;
      const error = mask(locatedError(status.error, spec.root.node, [key])) as GraphQLError;
      const result = { data: { [key]: null }, errors: [error] };
      return { kind: LASTING.has(codeOf(error)) ? 'gone' : 'failed', result };
    }
    const answer = withPartialErrors(result, ctx);
    const errors = answer.errors?.map((e) => mask(e) as GraphQLError);
    const masked = errors ? { ...answer, errors } : answer;
    if (errors?.some((e) => !LASTING.has(codeOf(e)))) return { kind: 'failed', result: masked };
    return { kind: 'state', result: masked, ended: status.ended };
  };
  // A poll never rejects: an unexpected error is logged (by the masker) and is this poll's failure.
  return (spec: PollSpec, bound: PollBound): Promise<PollOutcome> =>
    run(spec, bound).catch((error: unknown) => ({ kind: 'failed', result: { errors: [mask(error) as GraphQLError] } }));
}

export type Poller = ReturnType<typeof createPoller>;
