/**
 * An automation execution and all its steps, from the view's query or from a
 * live event (the same selection: the record and the first page of steps),
 * then the pages after the first, one request each.
 */
import { request, type GqlError } from './client.ts';
import { AutomationExecutionView, AutomationStepsPage } from './documents/executions.ts';
import type { ResultOf } from './graphql.ts';

type AutomationNode = Extract<NonNullable<ResultOf<typeof AutomationExecutionView>['node']>, { __typename: 'AutomationExecution' }>;
export type AutomationExecution = Omit<AutomationNode, 'steps'>;
export type Step = NonNullable<AutomationNode['steps']>['edges'][number]['node'];

/** Steps per request; the largest `first` the gateway accepts by default (PAGE_MAX_FIRST). */
export const STEP_PAGE = 500;
/** Past this many steps the timeline says it is incomplete instead of paging on. */
export const MAX_STEPS = 5_000;

export interface LoadedAutomation {
  /** Undefined when the answer had no data at all; null when the ID names no such execution. */
  execution?: AutomationExecution | null;
  errors: GqlError[];
  /** Every step in execution order, loop iterations included (flat: see step-tree.ts). */
  steps: Step[];
  /**
   * Why a step's child automation is missing (null), by step ID: an error the
   * answer put on that step's `childAutomationExecution` (LOCATION_NOT_CONFIGURED
   * for a target location the gateway does not serve, a refused location, ...).
   * These are not in `errors`: the step shows them.
   */
  childErrors: Record<string, GqlError>;
  /** More steps exist than MAX_STEPS. */
  truncated: boolean;
}

export async function loadAutomation(id: string, signal: AbortSignal): Promise<LoadedAutomation> {
  const first = await request(AutomationExecutionView, { id, first: STEP_PAGE }, signal);
  const node = first.data?.node;
  return loadAutomationFrom(id, first.data ? (node?.__typename === 'AutomationExecution' ? node : null) : undefined, first.errors ?? [], signal);
}

/** An execution with its first page of steps: the query's, or a live event's (which says whether more pages exist, without a cursor). */
type FirstPage = Omit<AutomationNode, 'steps'> & {
  steps: { edges: { node: Step }[]; pageInfo: { hasNextPage: boolean; endCursor?: string | null } } | null;
};

/**
 * From an answer's execution with its first page of steps (undefined: no
 * data; null: none such). A live event of an execution with more than one
 * page has no cursor to go on from: the execution is read again by query.
 */
export async function loadAutomationFrom(id: string, node: FirstPage | null | undefined, firstErrors: GqlError[], signal: AbortSignal): Promise<LoadedAutomation> {
  if (!node) return { execution: node, errors: firstErrors, steps: [], childErrors: {}, truncated: false };
  if (node.steps?.pageInfo.hasNextPage && !node.steps.pageInfo.endCursor) return loadAutomation(id, signal);
  const { steps: connection, ...execution } = node;
  const steps: Step[] = [];
  const errors: GqlError[] = [];
  const childErrors: Record<string, GqlError> = {};
  const add = (page: Step[], pageErrors: GqlError[] = []) => {
    for (const e of pageErrors) {
      const step = childStepIndex(e);
      if (step !== undefined && page[step]) childErrors[page[step].id] = e;
      else errors.push(e);
    }
    steps.push(...page);
  };
  // A connection whose page failed is null (its error is in `errors`): the execution shows without steps.
  add(connection?.edges.map((e) => e.node) ?? [], firstErrors);
  let page = connection?.pageInfo ?? { hasNextPage: false, endCursor: null };
  while (page.hasNextPage && page.endCursor && steps.length < MAX_STEPS) {
    const next = await request(AutomationStepsPage, { id, first: STEP_PAGE, after: page.endCursor }, signal);
    const more = next.data?.node;
    if (more?.__typename !== 'AutomationExecution' || !more.steps) {
      errors.push(...(next.errors ?? []));
      break;
    }
    add(more.steps.edges.map((e) => e.node), next.errors);
    page = more.steps.pageInfo;
  }
  return { execution, errors, steps, childErrors, truncated: page.hasNextPage };
}

/** The index, in its page, of the step whose `childAutomationExecution` an error is on (`<root>.steps.edges.<i>.node.childAutomationExecution`, root `node` or the subscription's field). */
function childStepIndex(e: GqlError): number | undefined {
  const p = e.path ?? [];
  return p.length === 6 && p[1] === 'steps' && p[2] === 'edges' && typeof p[3] === 'number' && p[5] === 'childAutomationExecution' ? p[3] : undefined;
}
