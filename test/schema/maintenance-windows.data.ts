/**
 * Shared by the maintenance window tests: the expected side, built from the
 * dataset alone (SSM's orders as documented for the emulator, and GraphQL
 * selections paired with the values they must return), and the stack each test
 * file starts, with helpers to query it.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import type { Dataset } from '../../src/emulator/dataset.ts';
import { callKeys, startStack, type Stack, type StackOptions } from '../helpers/stack.ts';

type Rec = Record<string, any>;

const ms = (d: unknown) => (d instanceof Date ? d.getTime() : typeof d === 'string' ? Date.parse(d) : NaN);
const cmp = (a = '', b = '') => (a < b ? -1 : a > b ? 1 : 0);
/** Ascending by time, records without one last. */
function byTime(a: unknown, b: unknown) {
  const [x, y] = [ms(a), ms(b)];
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : 1) : -1;
  return x - y;
}
/** Descending by time, records without one first. */
function byTimeDesc(a: unknown, b: unknown) {
  const [x, y] = [ms(a), ms(b)];
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : -1) : 1;
  return y - x;
}

/** SSM's orders over the dataset. */
export function ordered(d: Dataset) {
  return {
    windows: () => [...d.maintenanceWindows].sort((a, b) => byTime(a.CreatedDate, b.CreatedDate) || cmp(a.WindowId, b.WindowId)),
    executions: (windowId: string) =>
      d.maintenanceWindowExecutions
        .filter((e) => e.WindowId === windowId)
        .sort((a, b) => byTimeDesc(a.StartTime, b.StartTime) || cmp(a.WindowExecutionId, b.WindowExecutionId)),
    tasks: (windowExecutionId: string) =>
      d.maintenanceWindowExecutionTasks
        .filter((t) => t.WindowExecutionId === windowExecutionId)
        .sort((a, b) => byTime(a.StartTime, b.StartTime) || cmp(a.TaskExecutionId, b.TaskExecutionId)),
    invocations: (windowExecutionId: string, taskExecutionId: string) =>
      d.maintenanceWindowExecutionTaskInvocations
        .filter((i) => i.WindowExecutionId === windowExecutionId && i.TaskExecutionId === taskExecutionId)
        .sort((a, b) => byTime(a.StartTime, b.StartTime) || cmp(a.InvocationId, b.InvocationId)),
    commandInvocations: (commandId: string) =>
      d.commandInvocations
        .filter((i) => i.CommandId === commandId)
        .sort((a, b) => byTimeDesc(a.RequestedDateTime, b.RequestedDateTime) || cmp(a.InstanceId, b.InstanceId)),
    automation: (id: string) => d.automationExecutions.find((a) => a.AutomationExecutionId === id),
  };
}

/** A selection of SSM members: a name, or a name with the selection of its structure (or list of structures). */
export type Selection = (string | [string, Selection])[];

const camel = (m: string) => m[0].toLowerCase() + m.slice(1);

/** The GraphQL selection set for `sel`. */
export function gql(sel: Selection): string {
  return sel.map((s) => (typeof s === 'string' ? camel(s) : `${camel(s[0])} { ${gql(s[1])} }`)).join(' ');
}

/** What the gateway must answer for `rec` under `sel`: camelCased, Dates as ISO strings, absent as null. */
export function expected(rec: Rec | undefined, sel: Selection): Rec | null {
  if (!rec) return null;
  const out: Rec = {};
  for (const s of sel) {
    const [member, sub] = typeof s === 'string' ? [s, undefined] : s;
    const v = rec[member];
    out[camel(member)] =
      v === undefined || v === null
        ? null
        : sub
          ? Array.isArray(v)
            ? v.map((x) => expected(x, sub))
            : expected(v, sub)
          : v instanceof Date
            ? v.toISOString()
            : v;
  }
  return out;
}

export const WINDOW: Selection = [
  'WindowId', 'Name', 'Description', 'StartDate', 'EndDate', 'Schedule', 'ScheduleTimezone', 'ScheduleOffset',
  'NextExecutionTime', 'Duration', 'Cutoff', 'AllowUnassociatedTargets', 'Enabled', 'CreatedDate', 'ModifiedDate',
];
export const WINDOW_SUMMARY: Selection = WINDOW.filter((m) => !['CreatedDate', 'ModifiedDate', 'AllowUnassociatedTargets'].includes(m as string));
export const EXECUTION: Selection = ['WindowExecutionId', 'Status', 'StatusDetails', 'StartTime', 'EndTime'];
export const TASK: Selection = [
  'WindowExecutionId', 'TaskExecutionId', 'TaskArn', 'TaskType', 'Type', 'Status', 'StatusDetails', 'StartTime', 'EndTime',
  'ServiceRole', 'Priority', 'MaxConcurrency', 'MaxErrors', 'TaskParameters',
];
/** The list shape's members only: no GetMaintenanceWindowExecutionTask call needed. */
export const TASK_SUMMARY: Selection = ['TaskExecutionId', 'TaskArn', 'TaskType', 'Type', 'Status', 'StartTime', 'EndTime'];
export const INVOCATION: Selection = [
  'WindowExecutionId', 'TaskExecutionId', 'InvocationId', 'ExecutionId', 'TaskType', 'Parameters', 'Status',
  'StatusDetails', 'StartTime', 'EndTime', 'OwnerInformation', 'WindowTargetId',
];
export const COMMAND_INVOCATION: Selection = [
  'CommandId', 'InstanceId', 'InstanceName', 'Comment', 'DocumentName', 'DocumentVersion', 'RequestedDateTime',
  'Status', 'StatusDetails', 'TraceOutput', 'StandardOutputUrl', 'StandardErrorUrl', 'ServiceRole',
  ['CommandPlugins', [
    'Name', 'Status', 'StatusDetails', 'ResponseCode', 'ResponseStartDateTime', 'ResponseFinishDateTime', 'Output',
    'StandardOutputUrl', 'StandardErrorUrl', 'OutputS3Region', 'OutputS3BucketName', 'OutputS3KeyPrefix',
  ]],
  ['NotificationConfig', ['NotificationArn', 'NotificationEvents', 'NotificationType']],
  ['CloudWatchOutputConfig', ['CloudWatchLogGroupName', 'CloudWatchOutputEnabled']],
];

export { globalId } from '../helpers/stack.ts';

// Live bindings, set by useWindowsStack() before the file's tests run.
export let stack: Stack;
export let order: ReturnType<typeof ordered>;

/**
 * Starts the file's stack (and `order` over its dataset) before its tests and
 * closes it after them. Call once per test file, at top level.
 */
export function useWindowsStack(opts: StackOptions): void {
  beforeAll(async () => {
    stack = await startStack(opts);
    order = ordered(stack.data);
  });
  afterAll(() => stack.close());
}

export const task = (t: Record<string, any>) => ({ ...t, TaskType: t.Type });

/** Runs a query with a fresh call log; asserts no error and no (operation, input) called twice. */
export async function run(query: string, variables?: Record<string, unknown>) {
  stack.resetCalls();
  const res = await stack.query(query, variables);
  expect(res.errors).toBeUndefined();
  const keys = callKeys(stack.calls());
  expect(keys.length - new Set(keys).size).toBe(0);
  return res.data;
}
export const ops = () => stack.calls().map((c) => c.operation);

/** The busiest window, and the task with the most invocations. */
export function busiest() {
  const windows = order.windows();
  const window = windows.reduce((a, b) => (order.executions(b.WindowId!).length > order.executions(a.WindowId!).length ? b : a));
  const tasks = stack.data.maintenanceWindowExecutionTasks;
  const count = (t: (typeof tasks)[number]) => order.invocations(t.WindowExecutionId!, t.TaskExecutionId!).length;
  return { window, task: tasks.reduce((a, b) => (count(b) > count(a) ? b : a)) };
}
