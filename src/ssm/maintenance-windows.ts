/**
 * Maintenance windows and their executions. The tasks an execution ran and the
 * tasks' invocations live in maintenance-window-tasks.ts; this module composes both.
 *
 * Records carry the keys needed to fetch them again. One gap SSM leaves: the
 * result of GetMaintenanceWindowExecution has no `WindowId`. A window execution
 * learnt from a listing (DescribeMaintenanceWindowExecutions, which has it) is
 * primed with it, and a later Get result is merged with the `WindowId` already
 * known to this request or the cache. An execution only ever fetched by its own
 * ID has no `WindowId`: SSM offers no lookup from execution to window.
 */
import type {
  GetMaintenanceWindowExecutionResult,
  GetMaintenanceWindowResult,
  MaintenanceWindowExecution,
  MaintenanceWindowIdentity,
} from '@aws-sdk/client-ssm';
import { createRecordLoaders } from './entity-loader.ts';
import { defineFilter, ssmFilters, type FilterValues } from './filters.ts';
import { createWindowTasksApi, isTerminalWindowStatus } from './maintenance-window-tasks.ts';
import type { Located } from './locations.ts';
import type { Page, PageRequest, SsmSession } from './session.ts';

export {
  isTerminalWindowStatus,
  type WindowTaskFilter,
  WINDOW_TASK_FILTER,
  type WindowTaskInvocationKey,
  type WindowTaskInvocationRecord,
  type WindowTaskKey,
  type WindowTaskRecord,
} from './maintenance-window-tasks.ts';

export type WindowRecord = Partial<GetMaintenanceWindowResult> &
  Partial<MaintenanceWindowIdentity> &
  Located & {
    WindowId: string;
    /** True for GetMaintenanceWindow's full shape, false for a listed MaintenanceWindowIdentity. */
    $detail: boolean;
  };

export type WindowExecutionRecord = Partial<MaintenanceWindowExecution> &
  Partial<GetMaintenanceWindowExecutionResult> &
  Located & {
    WindowExecutionId: string;
    /**
     * Known when the execution was listed under its window (in this request, or
     * earlier through the cache); absent when it was only fetched by its own ID.
     */
    WindowId?: string;
    /** True for GetMaintenanceWindowExecution's shape (with `TaskIds`), false for a listed one. */
    $detail: boolean;
  };

/** DescribeMaintenanceWindows' filters. */
export const WINDOW_FILTER = defineFilter({
  style: 'KeyValues',
  shape: 'MaintenanceWindowFilter',
  members: {
    name: { key: 'Name', type: 'String', shape: 'MaintenanceWindowName', description: 'The exact window name.' },
    enabled: { key: 'Enabled', type: 'Boolean', description: 'Only enabled (true) or only disabled (false) windows (Enabled).' },
  },
});
export type WindowFilter = FilterValues<typeof WINDOW_FILTER>;

/** DescribeMaintenanceWindowExecutions' filters, on the execution's start time. */
export const WINDOW_EXECUTION_FILTER = defineFilter({
  style: 'KeyValues',
  shape: 'MaintenanceWindowFilter',
  members: {
    executedAfter: { key: 'ExecutedAfter', type: 'DateTime', description: 'Executions that started at or after this time.' },
    executedBefore: { key: 'ExecutedBefore', type: 'DateTime', description: 'Executions that started before this time.' },
  },
});
export type WindowExecutionFilter = FilterValues<typeof WINDOW_EXECUTION_FILTER>;

export function createMaintenanceWindowsApi(session: SsmSession) {
  /** A window by ID: GetMaintenanceWindow, unless a listing already gave its summary. Windows can change: never stable. */
  const windows = createRecordLoaders(
    session,
    'MaintenanceWindow',
    async ({ WindowId: id }): Promise<WindowRecord> => {
      const out = await session.call('GetMaintenanceWindow', { WindowId: id });
      return { ...out, ...session.here, WindowId: out.WindowId ?? id, $detail: true };
    },
    () => false,
  );

  /** The WindowId of an execution, if a listing told this request or the cache. */
  const knownWindowId = (id: string) =>
    executions.record.peek({ ...session.here, WindowExecutionId: id })?.WindowId ?? executions.detail.peek({ ...session.here, WindowExecutionId: id })?.WindowId;

  /**
   * A window execution by ID: primed by listings (with WindowId), else
   * GetMaintenanceWindowExecution, merged with a known WindowId; the detail has `TaskIds`.
   */
  const executions = createRecordLoaders(
    session,
    'MaintenanceWindowExecution',
    async ({ WindowExecutionId: id }): Promise<WindowExecutionRecord> => {
      const out = await session.call('GetMaintenanceWindowExecution', { WindowExecutionId: id }, (o) =>
        isTerminalWindowStatus(o.Status),
      );
      const windowId = knownWindowId(id);
      return { ...out, ...session.here, WindowExecutionId: out.WindowExecutionId ?? id, ...(windowId ? { WindowId: windowId } : {}), $detail: true };
    },
    (e) => isTerminalWindowStatus(e.Status),
  );

  async function listWindowsPage({ filter, token }: PageRequest<WindowFilter>): Promise<Page<WindowRecord>> {
    const toItem = (w: MaintenanceWindowIdentity): WindowRecord => ({ ...w, ...session.here, WindowId: w.WindowId!, $detail: false });
    return session.page('DescribeMaintenanceWindows', { Filters: ssmFilters(WINDOW_FILTER, filter) as never }, token, false, toItem, windows.record);
  }

  /** A window's executions, newest first. A window never ends, so its listing is never stable. */
  async function listExecutionsPage(windowId: string, { filter, token }: PageRequest<WindowExecutionFilter>): Promise<Page<WindowExecutionRecord>> {
    const toItem = (e: MaintenanceWindowExecution): WindowExecutionRecord => ({ ...e, ...session.here, WindowId: e.WindowId ?? windowId, WindowExecutionId: e.WindowExecutionId!, $detail: false });
    return session.page('DescribeMaintenanceWindowExecutions', { WindowId: windowId, Filters: ssmFilters(WINDOW_EXECUTION_FILTER, filter) as never }, token, false, toItem, executions.record);
  }

  const tasks = createWindowTasksApi(session);
  return {
    /** By-key loaders of this domain's entities (src/ssm/entities.ts). */
    entities: {
      MaintenanceWindow: windows.record,
      MaintenanceWindowExecution: executions.record,
      MaintenanceWindowExecutionTask: tasks.task,
      MaintenanceWindowExecutionTaskInvocation: tasks.invocation,
    },
    window: windows.record,
    windowDetail: windows.detail,
    windowExecution: executions.record,
    windowExecutionDetail: executions.detail,
    listWindowsPage,
    listExecutionsPage,
    ...tasks,
  };
}

export type MaintenanceWindowsApi = ReturnType<typeof createMaintenanceWindowsApi>;
