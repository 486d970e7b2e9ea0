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
import { createEntityLoader, createRecordLoaders, eachKey } from './entity-loader.ts';
import type { EntityKey } from './entities.ts';
import { defineFilter, ssmFilters, type FilterValues } from './filters.ts';
import type { Located } from './locations.ts';
import type { Page, PageRequest, SsmSession } from './session.ts';

/** Statuses after which a window execution, task or invocation can no longer change; nor can its children. */
const TERMINAL = new Set(['SUCCESS', 'FAILED', 'TIMED_OUT', 'CANCELLED', 'SKIPPED_OVERLAPPING']);
export const isTerminalWindowStatus = (s: string | undefined) => !!s && TERMINAL.has(s);

export type WindowTaskRecord = Partial<MaintenanceWindowExecutionTaskIdentity> &
  Partial<GetMaintenanceWindowExecutionTaskResult> &
  Located & {
    WindowExecutionId: string;
    TaskExecutionId: string;
    /** True for GetMaintenanceWindowExecutionTask's full shape, false for a listed identity. */
    $detail: boolean;
  };
export type WindowTaskKey = EntityKey<'MaintenanceWindowExecutionTask'>;

/** The listed identity and the Get result have the same members: one record shape. */
export type WindowTaskInvocationRecord = MaintenanceWindowExecutionTaskInvocationIdentity &
  Located & {
  WindowExecutionId: string;
  TaskExecutionId: string;
  InvocationId: string;
};
export type WindowTaskInvocationKey = EntityKey<'MaintenanceWindowExecutionTaskInvocation'>;

/** The STATUS filter of DescribeMaintenanceWindowExecutionTasks and ...TaskInvocations. */
export const WINDOW_TASK_FILTER = defineFilter({
  style: 'KeyValues',
  shape: 'MaintenanceWindowFilter',
  members: {
    status: { key: 'STATUS', type: { enum: 'MaintenanceWindowExecutionStatus' }, list: true, description: 'Tasks (or invocations) in any of these statuses (STATUS).' },
  },
});
export type WindowTaskFilter = FilterValues<typeof WINDOW_TASK_FILTER>;
const statusFilters = (f: WindowTaskFilter) => ssmFilters(WINDOW_TASK_FILTER, f) as never;

function taskRecord(t: Partial<GetMaintenanceWindowExecutionTaskResult & MaintenanceWindowExecutionTaskIdentity>, key: WindowTaskKey, detail: boolean): WindowTaskRecord {
  const type = t.TaskType ?? t.Type;
  return {
    ...t,
    ...(type ? { TaskType: type, Type: type } : {}),
    AccountId: key.AccountId,
    Region: key.Region,
    WindowExecutionId: t.WindowExecutionId ?? key.WindowExecutionId,
    TaskExecutionId: t.TaskExecutionId ?? key.TaskExecutionId,
    $detail: detail,
  };
}

function invocationRecord(i: MaintenanceWindowExecutionTaskInvocationIdentity, key: WindowTaskInvocationKey | WindowTaskKey): WindowTaskInvocationRecord {
  return {
    ...i,
    AccountId: key.AccountId,
    Region: key.Region,
    WindowExecutionId: i.WindowExecutionId ?? key.WindowExecutionId,
    TaskExecutionId: i.TaskExecutionId ?? key.TaskExecutionId,
    InvocationId: i.InvocationId ?? ('InvocationId' in key ? key.InvocationId : ''),
  };
}

export function createWindowTasksApi(session: SsmSession) {
  /** A task by key: primed by listings, else GetMaintenanceWindowExecutionTask (the full shape, also `detail`'s). */
  const tasks = createRecordLoaders(
    session,
    'MaintenanceWindowExecutionTask',
    async (k) => {
      const out = await session.call(
        'GetMaintenanceWindowExecutionTask',
        { WindowExecutionId: k.WindowExecutionId, TaskId: k.TaskExecutionId },
        (o) => isTerminalWindowStatus(o.Status),
      );
      return taskRecord(out, k, true);
    },
    (t) => isTerminalWindowStatus(t.Status),
  );

  /** An invocation by key: primed by listings, else GetMaintenanceWindowExecutionTaskInvocation. */
  const invocation = createEntityLoader<'MaintenanceWindowExecutionTaskInvocation', WindowTaskInvocationRecord>(session, {
    entity: 'MaintenanceWindowExecutionTaskInvocation',
    stable: (i) => isTerminalWindowStatus(i.Status),
    batch: eachKey(async (k) => {
      const out = await session.call(
        'GetMaintenanceWindowExecutionTaskInvocation',
        { WindowExecutionId: k.WindowExecutionId, TaskId: k.TaskExecutionId, InvocationId: k.InvocationId },
        (o) => isTerminalWindowStatus(o.Status),
      );
      return invocationRecord(out, k);
    }),
  });

  /** An execution's tasks, in SSM's order; stable once the execution is terminal. */
  async function listTasksPage(windowExecutionId: string, { filter, token, stable = false }: PageRequest<WindowTaskFilter>): Promise<Page<WindowTaskRecord>> {
    const toItem = (t: MaintenanceWindowExecutionTaskIdentity) => taskRecord(t, { ...session.here, WindowExecutionId: windowExecutionId, TaskExecutionId: t.TaskExecutionId! }, false);
    const input = { WindowExecutionId: windowExecutionId, Filters: statusFilters(filter) };
    return session.page('DescribeMaintenanceWindowExecutionTasks', input, token, stable, toItem, tasks.record);
  }

  /** A task's invocations, in SSM's order; stable once the task is terminal. */
  async function listInvocationsPage(key: WindowTaskKey, { filter, token, stable = false }: PageRequest<WindowTaskFilter>): Promise<Page<WindowTaskInvocationRecord>> {
    const { WindowExecutionId: windowExecutionId, TaskExecutionId: taskExecutionId } = key;
    const input = { WindowExecutionId: windowExecutionId, TaskId: taskExecutionId, Filters: statusFilters(filter) };
    const toItem = (i: MaintenanceWindowExecutionTaskInvocationIdentity) => invocationRecord(i, key);
    return session.page('DescribeMaintenanceWindowExecutionTaskInvocations', input, token, stable, toItem, invocation);
  }

  return { task: tasks.record, taskDetail: tasks.detail, invocation, listTasksPage, listInvocationsPage };
}
