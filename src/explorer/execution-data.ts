/**
 * Data of one execution, for the views that show it. The only module that
 * fetches an execution: today a fetch and a `refresh()` (the views' Refresh
 * button); a live subscription (another issue) replaces the insides of these
 * hooks and keeps their result shape.
 */
import { useEffect, useState } from 'preact/hooks';
import { request, type GqlError } from './client.ts';
import { AutomationExecutionView, AutomationStepsPage, WindowExecutionTree } from './documents/executions.ts';
import type { ResultOf } from './graphql.ts';
import { useQuery } from './use-query.ts';

type NodeOf<R extends { node?: unknown }, T extends string> = Extract<NonNullable<R['node']>, { __typename: T }>;

export type WindowExecution = NodeOf<ResultOf<typeof WindowExecutionTree>, 'MaintenanceWindowExecution'>;
export type AutomationExecution = Omit<NodeOf<ResultOf<typeof AutomationExecutionView>, 'AutomationExecution'>, 'steps'>;
export type Step = NonNullable<NodeOf<ResultOf<typeof AutomationExecutionView>, 'AutomationExecution'>['steps']>['edges'][number]['node'];

export interface ExecutionState<E> {
  /** Undefined while the first answer is awaited; null when the ID names no such execution. */
  execution?: E | null;
  errors?: GqlError[];
  loading: boolean;
  fetchedAt?: number;
  refresh(): void;
}

/** Steps per request; the largest `first` the gateway accepts by default (PAGE_MAX_FIRST). */
export const STEP_PAGE = 500;
/** Past this many steps the timeline says it is incomplete instead of paging on. */
export const MAX_STEPS = 5_000;

export function useWindowExecution(id: string): ExecutionState<WindowExecution> {
  const q = useQuery(WindowExecutionTree, { id });
  const node = q.data?.node;
  const execution = q.data === undefined ? undefined : node?.__typename === 'MaintenanceWindowExecution' ? node : null;
  return { execution, errors: q.errors, loading: q.loading, fetchedAt: q.fetchedAt, refresh: q.refetch };
}

export interface AutomationState extends ExecutionState<AutomationExecution> {
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

export function useAutomationExecution(id: string): AutomationState {
  const [tick, setTick] = useState(0);
  const [state, setState] = useState<Omit<AutomationState, 'refresh'>>({ loading: true, steps: [], childErrors: {}, truncated: false });
  useEffect(() => {
    const abort = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    loadAutomation(id, abort.signal).then(
      (loaded) => setState({ ...loaded, loading: false, fetchedAt: Date.now() }),
      () => {}, // aborted: a newer load owns the state
    );
    return () => abort.abort();
  }, [id, tick]);
  return { ...state, refresh: () => setTick((t) => t + 1) };
}

/** The execution and all its steps: the first page with the record, then the rest page by page. */
async function loadAutomation(id: string, signal: AbortSignal) {
  const first = await request(AutomationExecutionView, { id, first: STEP_PAGE }, signal);
  const node = first.data?.node;
  if (node?.__typename !== 'AutomationExecution') return { execution: first.data ? null : undefined, errors: first.errors ?? [], steps: [], childErrors: {}, truncated: false };
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
  add(connection?.edges.map((e) => e.node) ?? [], first.errors);
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

/** The index, in its page, of the step whose `childAutomationExecution` an error is on (`node.steps.edges.<i>.node.childAutomationExecution`). */
function childStepIndex(e: GqlError): number | undefined {
  const p = e.path ?? [];
  return p.length === 6 && p[1] === 'steps' && p[2] === 'edges' && typeof p[3] === 'number' && p[5] === 'childAutomationExecution' ? p[3] : undefined;
}
