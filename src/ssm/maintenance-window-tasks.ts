/**
 * The tasks a maintenance window execution ran, and each task's invocations.
 *
 * Records carry their keys: a task knows its `WindowExecutionId`, an invocation
 * its `WindowExecutionId` and `TaskExecutionId`. SSM names a task's type twice:
 * the listed MaintenanceWindowExecutionTaskIdentity has `TaskType`,
 * GetMaintenanceWindowExecutionTask has `Type`; a record carries both, equal.
 */
import type {
  GetMaintenanceWindowExecutionTaskResult,
  MaintenanceWindowExecutionTaskIdentity,
  MaintenanceWindowExecutionTaskInvocationIdentity,
} from '@aws-sdk/client-ssm';
import { createEntityLoader } from './entity-loader.ts';
import { keyValues } from './filters.ts';
import type { Page, SsmSession } from './session.ts';

/** Statuses after which a window execution, task or invocation can no longer change; nor can its children. */
const TERMINAL = new Set(['SUCCESS', 'FAILED', 'TIMED_OUT', 'CANCELLED', 'SKIPPED_OVERLAPPING']);
export const isTerminalWindowStatus = (s: string | undefined) => !!s && TERMINAL.has(s);

export type WindowTaskRecord = Partial<MaintenanceWindowExecutionTaskIdentity> &
  Partial<GetMaintenanceWindowExecutionTaskResult> & {
    WindowExecutionId: string;
    TaskExecutionId: string;
    /** True for GetMaintenanceWindowExecutionTask's full shape, false for a listed identity. */
    $detail: boolean;
  };
export interface WindowTaskKey {
  windowExecutionId: string;
  taskExecutionId: string;
}

/** The listed identity and the Get result have the same members: one record shape. */
export type WindowTaskInvocationRecord = MaintenanceWindowExecutionTaskInvocationIdentity & {
  WindowExecutionId: string;
  TaskExecutionId: string;
  InvocationId: string;
};
export interface WindowTaskInvocationKey extends WindowTaskKey {
  invocationId: string;
}

export interface WindowTaskFilter {
  /** MaintenanceWindowExecutionStatus values, ORed. */
  status?: string[];
}

const statusFilters = (f: WindowTaskFilter = {}) => keyValues([['STATUS', f.status]]);

const taskKeyString = (k: WindowTaskKey) => `${k.windowExecutionId}/${k.taskExecutionId}`;
const invocationKeyString = (k: WindowTaskInvocationKey) => `${taskKeyString(k)}/${k.invocationId}`;

function taskRecord(t: Partial<GetMaintenanceWindowExecutionTaskResult & MaintenanceWindowExecutionTaskIdentity>, key: WindowTaskKey, detail: boolean): WindowTaskRecord {
  const type = t.TaskType ?? t.Type;
  return {
    ...t,
    ...(type ? { TaskType: type, Type: type } : {}),
    WindowExecutionId: t.WindowExecutionId ?? key.windowExecutionId,
    TaskExecutionId: t.TaskExecutionId ?? key.taskExecutionId,
    $detail: detail,
  };
}

function invocationRecord(i: MaintenanceWindowExecutionTaskInvocationIdentity, key: WindowTaskInvocationKey | WindowTaskKey): WindowTaskInvocationRecord {
  return {
    ...i,
    WindowExecutionId: i.WindowExecutionId ?? key.windowExecutionId,
    TaskExecutionId: i.TaskExecutionId ?? key.taskExecutionId,
    InvocationId: i.InvocationId ?? ('invocationId' in key ? key.invocationId : ''),
  };
}

export function createWindowTasksApi(session: SsmSession) {
  const getTask = async (k: WindowTaskKey): Promise<WindowTaskRecord | Error> => {
    try {
      const out = await session.call(
        'GetMaintenanceWindowExecutionTask',
        { WindowExecutionId: k.windowExecutionId, TaskId: k.taskExecutionId },
        (o) => isTerminalWindowStatus(o.Status),
      );
      return taskRecord(out, k, true);
    } catch (e) {
      return e as Error;
    }
  };

  /** A task by key: primed by listings, else GetMaintenanceWindowExecutionTask. */
  const task = createEntityLoader<WindowTaskKey, WindowTaskRecord>(session, {
    type: 'MaintenanceWindowExecutionTask',
    keyOf: taskKeyString,
    stable: (t) => isTerminalWindowStatus(t.Status),
    batch: (keys) => Promise.all(keys.map(getTask)),
  });

  /** The full GetMaintenanceWindowExecutionTask shape, for members a listed identity lacks. */
  const taskDetail = createEntityLoader<WindowTaskKey, WindowTaskRecord>(session, {
    type: 'MaintenanceWindowExecutionTaskDetail',
    keyOf: taskKeyString,
    stable: (t) => isTerminalWindowStatus(t.Status),
    batch: (keys) => Promise.all(keys.map(getTask)),
  });

  /** An invocation by key: primed by listings, else GetMaintenanceWindowExecutionTaskInvocation. */
  const invocation = createEntityLoader<WindowTaskInvocationKey, WindowTaskInvocationRecord>(session, {
    type: 'MaintenanceWindowExecutionTaskInvocation',
    keyOf: invocationKeyString,
    stable: (i) => isTerminalWindowStatus(i.Status),
    batch: (keys) =>
      Promise.all(
        keys.map(async (k) => {
          try {
            const out = await session.call(
              'GetMaintenanceWindowExecutionTaskInvocation',
              { WindowExecutionId: k.windowExecutionId, TaskId: k.taskExecutionId, InvocationId: k.invocationId },
              (o) => isTerminalWindowStatus(o.Status),
            );
            return invocationRecord(out, k);
          } catch (e) {
            return e as Error;
          }
        }),
      ),
  });

  /** An execution's tasks, in SSM's order; stable once the execution is terminal. */
  async function listTasksPage(
    windowExecutionId: string,
    filter: WindowTaskFilter,
    token: string | undefined,
    parentTerminal: boolean | Promise<boolean>,
  ): Promise<Page<WindowTaskRecord>> {
    const page = await session.page<'DescribeMaintenanceWindowExecutionTasks', MaintenanceWindowExecutionTaskIdentity, WindowTaskRecord>(
      'DescribeMaintenanceWindowExecutionTasks',
      { WindowExecutionId: windowExecutionId, Filters: statusFilters(filter) },
      token,
      parentTerminal,
      (t) => taskRecord(t, { windowExecutionId, taskExecutionId: t.TaskExecutionId! }, false),
    );
    task.primePage(page.items, (t) => ({ windowExecutionId, taskExecutionId: t.TaskExecutionId }), page.fresh);
    return page;
  }

  /** A task's invocations, in SSM's order; stable once the task is terminal. */
  async function listInvocationsPage(
    windowExecutionId: string,
    taskExecutionId: string,
    filter: WindowTaskFilter,
    token: string | undefined,
    parentTerminal: boolean | Promise<boolean>,
  ): Promise<Page<WindowTaskInvocationRecord>> {
    const page = await session.page<
      'DescribeMaintenanceWindowExecutionTaskInvocations',
      MaintenanceWindowExecutionTaskInvocationIdentity,
      WindowTaskInvocationRecord
    >(
      'DescribeMaintenanceWindowExecutionTaskInvocations',
      { WindowExecutionId: windowExecutionId, TaskId: taskExecutionId, Filters: statusFilters(filter) },
      token,
      parentTerminal,
      (i) => invocationRecord(i, { windowExecutionId, taskExecutionId }),
    );
    invocation.primePage(page.items, (i) => ({ windowExecutionId, taskExecutionId, invocationId: i.InvocationId }), page.fresh);
    return page;
  }

  return { task, taskDetail, invocation, listTasksPage, listInvocationsPage };
}
