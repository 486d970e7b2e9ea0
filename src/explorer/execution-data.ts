/**
 * Data of one execution, for the views that show it: the only module that
 * reads an execution. A view's query loads it (again on `refresh()`); when it
 * is still running, its subscription (documents/live.ts, the same selection)
 * then replaces it on each event until the stream ends. `live` says how the
 * stream stands; Refresh stays the way to newer data when it fails.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { GqlError } from './client.ts';
import { WindowExecutionTree } from './documents/executions.ts';
import { AutomationExecutionLive, WindowExecutionLive } from './documents/live.ts';
import { isLive } from './format.ts';
import type { ResultOf, VariablesOf } from './graphql.ts';
import { loadAutomation, loadAutomationFrom, STEP_PAGE, type AutomationExecution, type LoadedAutomation } from './load-automation.ts';
import { useLive, type LiveStatus } from './use-live.ts';
import { useQuery } from './use-query.ts';

type NodeOf<R extends { node?: unknown }, T extends string> = Extract<NonNullable<R['node']>, { __typename: T }>;

export type WindowExecution = NodeOf<ResultOf<typeof WindowExecutionTree>, 'MaintenanceWindowExecution'>;
export type { AutomationExecution, Step } from './load-automation.ts';
export { MAX_STEPS, STEP_PAGE } from './load-automation.ts';
export type { LiveStatus } from './use-live.ts';

export interface ExecutionState<E> {
  /** Undefined while the first answer is awaited; null when the ID names no such execution. */
  execution?: E | null;
  errors?: GqlError[];
  loading: boolean;
  /** When the data on screen was received: a query's answer or a live event (ms since the epoch). */
  fetchedAt?: number;
  live: LiveStatus;
  refresh(): void;
}

export function useWindowExecution(id: string): ExecutionState<WindowExecution> {
  const q = useQuery(WindowExecutionTree, { id });
  const node = q.data?.node;
  const loaded = q.data === undefined ? undefined : node?.__typename === 'MaintenanceWindowExecution' ? node : null;
  // Events belong to the load they follow: a refresh's answer replaces them.
  const [event, setEvent] = useState<{ of?: number; execution?: WindowExecution; errors?: GqlError[]; at: number }>();
  const variables = useMemo<VariablesOf<typeof WindowExecutionLive> | undefined>(
    () => (loaded && isLive(loaded.status) ? { windowExecutionId: loaded.windowExecutionId, accountId: loaded.accountId, region: loaded.region } : undefined),
    [q.fetchedAt],
  );
  const live = useLive(
    WindowExecutionLive,
    variables,
    (r) =>
      setEvent((last) => {
        const of = q.fetchedAt;
        // An event without data (the execution is gone, or could not be read) leaves the last state on screen, beside its errors.
        const execution = r.data?.maintenanceWindowExecution ?? (last && last.of === of ? last.execution : undefined);
        return { of, execution, errors: r.errors, at: Date.now() };
      }),
    (r) => !isLive(r.data?.maintenanceWindowExecution?.status),
  );
  const current = event && event.of === q.fetchedAt ? event : undefined;
  return {
    execution: current?.execution ?? loaded,
    errors: current ? current.errors : q.errors,
    loading: q.loading,
    fetchedAt: current?.at ?? q.fetchedAt,
    live,
    refresh: q.refetch,
  };
}

export interface AutomationState extends ExecutionState<AutomationExecution>, Omit<LoadedAutomation, 'execution' | 'errors'> {}

export function useAutomationExecution(id: string): AutomationState {
  const [tick, setTick] = useState(0);
  const [state, setState] = useState<Omit<AutomationState, 'refresh' | 'live'>>({ loading: true, steps: [], childErrors: {}, truncated: false });
  const [variables, setVariables] = useState<VariablesOf<typeof AutomationExecutionLive>>();
  const eventLoad = useRef<AbortController | undefined>(undefined);
  useEffect(() => {
    const abort = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    loadAutomation(id, abort.signal).then(
      (loaded) => {
        setState({ ...loaded, loading: false, fetchedAt: Date.now() });
        const a = loaded.execution;
        setVariables(a && isLive(a.automationExecutionStatus) ? { automationExecutionId: a.automationExecutionId, accountId: a.accountId, region: a.region, first: STEP_PAGE } : undefined);
      },
      () => {}, // aborted: a newer load owns the state
    );
    return () => {
      abort.abort();
      eventLoad.current?.abort();
    };
  }, [id, tick]);
  const live = useLive(
    AutomationExecutionLive,
    variables,
    (r) => {
      // An event carries the first page of steps; a longer execution's later pages are read after it (a newer event cancels that).
      eventLoad.current?.abort();
      const abort = (eventLoad.current = new AbortController());
      loadAutomationFrom(id, r.data?.automationExecution, r.errors ?? [], abort.signal).then(
        (loaded) =>
          // An event without the execution (gone, or unreadable) leaves the last state on screen, beside its errors.
          setState((s) => (loaded.execution ? { ...loaded, loading: s.loading, fetchedAt: Date.now() } : { ...s, errors: loaded.errors })),
        () => {},
      );
    },
    (r) => !isLive(r.data?.automationExecution?.automationExecutionStatus),
  );
  return { ...state, live, refresh: () => setTick((t) => t + 1) };
}
