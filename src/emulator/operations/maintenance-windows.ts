/**
 * Maintenance windows: DescribeMaintenanceWindows, GetMaintenanceWindow,
 * DescribeMaintenanceWindowExecutions, GetMaintenanceWindowExecution,
 * DescribeMaintenanceWindowExecutionTasks, GetMaintenanceWindowExecutionTask,
 * DescribeMaintenanceWindowExecutionTaskInvocations,
 * GetMaintenanceWindowExecutionTaskInvocation.
 *
 * MaintenanceWindowFilter keys are free strings in the model; each operation
 * accepts only its documented keys (others → ValidationException, the only
 * client error these operations have):
 * - DescribeMaintenanceWindows: Name (exact), Enabled (true/false).
 * - DescribeMaintenanceWindowExecutions: ExecutedBefore (< value) and
 *   ExecutedAfter (>= value) on StartTime, ISO-8601 values.
 * - ...ExecutionTasks / ...TaskInvocations: STATUS, values from the model's
 *   MaintenanceWindowExecutionStatus enum.
 * An unknown window ID lists no executions (SSM models no error there); an
 * unknown window execution or task is DoesNotExistException.
 */
import { ServiceError } from '../errors.ts';
import { shape } from '../model.ts';
import { epochMs } from '../serialize.ts';
import { compositeKey } from '../store.ts';
import { EMPTY, allOf, type Handler, type Predicate } from './handler.ts';

type Filter = { Key?: string; Values?: string[] };
const STATUSES = shape('MaintenanceWindowExecutionStatus').enum ?? [];

/** Groups MaintenanceWindowFilters, rejecting keys outside `allowed`. */
function groups(op: string, filters: Filter[] | undefined, allowed: readonly string[]): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const f of filters ?? []) {
    if (!f.Key || !allowed.includes(f.Key)) {
      throw new ServiceError('ValidationException', `Filter key ${f.Key ?? 'null'} is not supported by ${op}; supported keys: ${allowed.join(', ')}.`);
    }
    m.set(f.Key, [...(m.get(f.Key) ?? []), ...(f.Values ?? [])]);
  }
  return m;
}

function statusPredicate(op: string, values: string[]): Predicate<{ Status?: string }> {
  for (const v of values) {
    if (!STATUSES.includes(v)) throw new ServiceError('ValidationException', `Filter value ${v} for STATUS is not valid for ${op}.`);
  }
  const set = new Set(values);
  return (r) => set.has(r.Status ?? '');
}

const DescribeMaintenanceWindows: Handler = (input, { store, pager }) => {
  const op = 'DescribeMaintenanceWindows';
  const preds: Predicate<(typeof store.windows)[number]>[] = [];
  for (const [key, values] of groups(op, input.Filters, ['Name', 'Enabled'])) {
    if (key === 'Name') {
      const set = new Set(values);
      preds.push((w) => set.has(w.Name ?? ''));
    } else {
      const bools = values.map((v) => {
        const l = v.toLowerCase();
        if (l !== 'true' && l !== 'false') throw new ServiceError('ValidationException', `Filter value ${v} for Enabled must be true or false.`);
        return l === 'true';
      });
      preds.push((w) => bools.includes(w.Enabled === true));
    }
  }
  const page = pager.page(op, input, store.windows, allOf(preds));
  return { WindowIdentities: page.items, NextToken: page.nextToken };
};

const GetMaintenanceWindow: Handler = (input, { store }) => {
  const w = store.windowById.get(input.WindowId);
  if (!w) throw new ServiceError('DoesNotExistException', `Maintenance window ${input.WindowId} does not exist`);
  return { ...w };
};

const DescribeMaintenanceWindowExecutions: Handler = (input, { store, pager }) => {
  const op = 'DescribeMaintenanceWindowExecutions';
  const preds: Predicate<{ StartTime?: unknown }>[] = [];
  for (const [key, values] of groups(op, input.Filters, ['ExecutedBefore', 'ExecutedAfter'])) {
    const ts = values.map((v) => {
      const t = Date.parse(v);
      if (Number.isNaN(t)) throw new ServiceError('ValidationException', `Filter value ${v} for ${key} is not an ISO-8601 timestamp.`);
      return t;
    });
    preds.push(
      key === 'ExecutedBefore'
        ? (e) => ts.some((t) => epochMs(e.StartTime) < t)
        : (e) => ts.some((t) => epochMs(e.StartTime) >= t),
    );
  }
  const page = pager.page(op, input, store.windowExecutionsByWindow.get(input.WindowId) ?? EMPTY, allOf(preds));
  return { WindowExecutions: page.items, NextToken: page.nextToken };
};

function windowExecution(store: Parameters<Handler>[1]['store'], id: string) {
  const e = store.windowExecutionById.get(id);
  if (!e) throw new ServiceError('DoesNotExistException', `Maintenance window execution ${id} does not exist`);
  return e;
}

const GetMaintenanceWindowExecution: Handler = (input, { store }) => {
  const e = windowExecution(store, input.WindowExecutionId);
  const taskIds = e.TaskIds ?? (store.tasksByWindowExecution.get(input.WindowExecutionId) ?? []).map((t) => t.TaskExecutionId);
  return { ...e, TaskIds: taskIds };
};

const DescribeMaintenanceWindowExecutionTasks: Handler = (input, { store, pager }) => {
  const op = 'DescribeMaintenanceWindowExecutionTasks';
  windowExecution(store, input.WindowExecutionId);
  const preds: Predicate<{ Status?: string }>[] = [];
  for (const [, values] of groups(op, input.Filters, ['STATUS'])) preds.push(statusPredicate(op, values));
  const page = pager.page(op, input, store.tasksByWindowExecution.get(input.WindowExecutionId) ?? EMPTY, allOf(preds));
  // The dataset holds the Get shape, whose `Type` is the list shape's `TaskType`.
  return { WindowExecutionTaskIdentities: page.items.map((t) => ({ ...t, TaskType: t.Type })), NextToken: page.nextToken };
};

function task(store: Parameters<Handler>[1]['store'], windowExecutionId: string, taskId: string) {
  const t = store.taskById.get(compositeKey(windowExecutionId, taskId));
  if (!t) throw new ServiceError('DoesNotExistException', `Task ${taskId} of maintenance window execution ${windowExecutionId} does not exist`);
  return t;
}

const GetMaintenanceWindowExecutionTask: Handler = (input, { store }) => ({
  ...task(store, input.WindowExecutionId, input.TaskId),
});

const DescribeMaintenanceWindowExecutionTaskInvocations: Handler = (input, { store, pager }) => {
  const op = 'DescribeMaintenanceWindowExecutionTaskInvocations';
  task(store, input.WindowExecutionId, input.TaskId);
  const preds: Predicate<{ Status?: string }>[] = [];
  for (const [, values] of groups(op, input.Filters, ['STATUS'])) preds.push(statusPredicate(op, values));
  const list = store.invocationsByTask.get(compositeKey(input.WindowExecutionId, input.TaskId)) ?? EMPTY;
  const page = pager.page(op, input, list, allOf(preds));
  return { WindowExecutionTaskInvocationIdentities: page.items, NextToken: page.nextToken };
};

const GetMaintenanceWindowExecutionTaskInvocation: Handler = (input, { store }) => {
  task(store, input.WindowExecutionId, input.TaskId);
  const list = store.invocationsByTask.get(compositeKey(input.WindowExecutionId, input.TaskId)) ?? [];
  const inv = list.find((i) => i.InvocationId === input.InvocationId);
  if (!inv) throw new ServiceError('DoesNotExistException', `Invocation ${input.InvocationId} does not exist`);
  return { ...inv };
};

export const maintenanceWindowHandlers: Record<string, Handler> = {
  DescribeMaintenanceWindows,
  GetMaintenanceWindow,
  DescribeMaintenanceWindowExecutions,
  GetMaintenanceWindowExecution,
  DescribeMaintenanceWindowExecutionTasks,
  GetMaintenanceWindowExecutionTask,
  DescribeMaintenanceWindowExecutionTaskInvocations,
  GetMaintenanceWindowExecutionTaskInvocation,
};
