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
import { createEntityLoader } from './entity-loader.ts';
import { isoSeconds, keyValues } from './filters.ts';
import { createWindowTasksApi, isTerminalWindowStatus } from './maintenance-window-tasks.ts';
import type { Page, SsmSession } from './session.ts';

export {
  isTerminalWindowStatus,
  type WindowTaskFilter,
  type WindowTaskInvocationKey,
  type WindowTaskInvocationRecord,
  type WindowTaskKey,
  type WindowTaskRecord,
} from './maintenance-window-tasks.ts';

export type WindowRecord = Partial<GetMaintenanceWindowResult> &
  Partial<MaintenanceWindowIdentity> & {
    WindowId: string;
    /** True for GetMaintenanceWindow's full shape, false for a listed MaintenanceWindowIdentity. */
    $detail: boolean;
  };

export type WindowExecutionRecord = Partial<MaintenanceWindowExecution> &
  Partial<GetMaintenanceWindowExecutionResult> & {
    WindowExecutionId: string;
    /**
     * Known when the execution was listed under its window (in this request, or
     * earlier through the cache); absent when it was only fetched by its own ID.
     */
    WindowId?: string;
    /** True for GetMaintenanceWindowExecution's shape (with `TaskIds`), false for a listed one. */
    $detail: boolean;
  };

export interface WindowFilter {
  /** Exact window names, ORed. */
  name?: string | string[];
  enabled?: boolean;
}

export interface WindowExecutionFilter {
  /** Executions that started at or after this time. */
  executedAfter?: Date;
  /** Executions that started before this time. */
  executedBefore?: Date;
}

function windowFilters(f: WindowFilter = {}) {
  return keyValues([
    ['Name', f.name],
    ['Enabled', f.enabled === undefined ? undefined : String(f.enabled)],
  ]);
}

function executionFilters(f: WindowExecutionFilter = {}) {
  return keyValues([
    ['ExecutedAfter', f.executedAfter && isoSeconds(f.executedAfter)],
    ['ExecutedBefore', f.executedBefore && isoSeconds(f.executedBefore)],
  ]);
}

export function createMaintenanceWindowsApi(session: SsmSession) {
  const getWindow = async (id: string): Promise<WindowRecord | Error> => {
    try {
      const out = await session.call('GetMaintenanceWindow', { WindowId: id });
      return { ...out, WindowId: out.WindowId ?? id, $detail: true };
    } catch (e) {
      return e as Error;
    }
  };

  /** A window by ID: GetMaintenanceWindow, unless a listing already gave its summary. Windows can change: never stable. */
  const window = createEntityLoader<string, WindowRecord>(session, {
    type: 'MaintenanceWindow',
    keyOf: (id) => id,
    stable: () => false,
    batch: (ids) => Promise.all(ids.map(getWindow)),
  });

  /** The full GetMaintenanceWindow shape, for members a listed summary lacks. */
  const windowDetail = createEntityLoader<string, WindowRecord>(session, {
    type: 'MaintenanceWindowDetail',
    keyOf: (id) => id,
    stable: () => false,
    batch: (ids) => Promise.all(ids.map(getWindow)),
  });

  /** The WindowId of an execution, if a listing told this request or the cache. */
  const knownWindowId = (id: string) => windowExecution.peek(id)?.WindowId ?? windowExecutionDetail.peek(id)?.WindowId;

  const getWindowExecution = async (id: string): Promise<WindowExecutionRecord | Error> => {
    try {
      const out = await session.call('GetMaintenanceWindowExecution', { WindowExecutionId: id }, (o) =>
        isTerminalWindowStatus(o.Status),
      );
      const windowId = knownWindowId(id);
      return { ...out, WindowExecutionId: out.WindowExecutionId ?? id, ...(windowId ? { WindowId: windowId } : {}), $detail: true };
    } catch (e) {
      return e as Error;
    }
  };

  /** A window execution by ID: primed by listings (with WindowId), else GetMaintenanceWindowExecution. */
  const windowExecution = createEntityLoader<string, WindowExecutionRecord>(session, {
    type: 'MaintenanceWindowExecution',
    keyOf: (id) => id,
    stable: (e) => isTerminalWindowStatus(e.Status),
    batch: (ids) => Promise.all(ids.map(getWindowExecution)),
  });

  /** GetMaintenanceWindowExecution's shape (`TaskIds`), merged with a known WindowId. */
  const windowExecutionDetail = createEntityLoader<string, WindowExecutionRecord>(session, {
    type: 'MaintenanceWindowExecutionDetail',
    keyOf: (id) => id,
    stable: (e) => isTerminalWindowStatus(e.Status),
    batch: (ids) => Promise.all(ids.map(getWindowExecution)),
  });

  async function listWindowsPage(filter: WindowFilter, token?: string): Promise<Page<WindowRecord>> {
    const page = await session.page<'DescribeMaintenanceWindows', MaintenanceWindowIdentity, WindowRecord>(
      'DescribeMaintenanceWindows',
      { Filters: windowFilters(filter) },
      token,
      false,
      (w) => ({ ...w, WindowId: w.WindowId!, $detail: false }),
    );
    window.primePage(page.items, (w) => w.WindowId, page.fresh);
    return page;
  }

  /** A window's executions, newest first. A window never ends, so its listing is never stable. */
  async function listExecutionsPage(
    windowId: string,
    filter: WindowExecutionFilter,
    token?: string,
  ): Promise<Page<WindowExecutionRecord>> {
    const page = await session.page<'DescribeMaintenanceWindowExecutions', MaintenanceWindowExecution, WindowExecutionRecord>(
      'DescribeMaintenanceWindowExecutions',
      { WindowId: windowId, Filters: executionFilters(filter) },
      token,
      false,
      (e) => ({ ...e, WindowId: e.WindowId ?? windowId, WindowExecutionId: e.WindowExecutionId!, $detail: false }),
    );
    windowExecution.primePage(page.items, (e) => e.WindowExecutionId, page.fresh);
    return page;
  }

  return {
    window,
    windowDetail,
    windowExecution,
    windowExecutionDetail,
    listWindowsPage,
    listExecutionsPage,
    ...createWindowTasksApi(session),
  };
}

export type MaintenanceWindowsApi = ReturnType<typeof createMaintenanceWindowsApi>;
