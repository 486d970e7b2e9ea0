/**
 * Indexes over a Dataset, built once per dataset so calls never scan the whole
 * account: records by ID, children by parent, each list pre-sorted in the
 * order its operation returns it (a stable total order, ties broken by ID).
 *
 * Sort orders (see docs/emulator.md):
 * - associations: creation `Date` ascending, then AssociationId
 * - association executions: CreatedTime descending (newest first), then ExecutionId
 * - association execution targets: ResourceId, then ResourceType
 * - automation executions: ExecutionStartTime (else ScheduledTime) descending,
 *   not-yet-started ones first, then AutomationExecutionId
 * - automation steps: the record's execution order (ReverseOrder flips it)
 * - maintenance windows: CreatedDate ascending, then WindowId
 * - window executions: StartTime descending, then WindowExecutionId
 * - window execution tasks / invocations: StartTime ascending, then ID
 * - commands: RequestedDateTime descending, then CommandId
 * - command invocations: RequestedDateTime descending, then CommandId, InstanceId
 */
import type { AssociationDescription, AssociationExecution, AssociationExecutionTarget, Command, CommandInvocation, MaintenanceWindowExecutionTaskInvocationIdentity } from '@aws-sdk/client-ssm';
import type { AutomationExecutionRecord, Dataset, WindowExecutionRecord } from './dataset.ts';
import { epochMs } from './serialize.ts';

type WindowRecord = Dataset['maintenanceWindows'][number];
type TaskRecord = Dataset['maintenanceWindowExecutionTasks'][number];

const str = (v: string | undefined) => v ?? '';
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** Ascending by time; records without a time sort last. */
function byTime(a: unknown, b: unknown): number {
  const x = epochMs(a);
  const y = epochMs(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : 1) : -1;
  return x - y;
}
/** Descending by time; records without a time (not started) sort first. */
function byTimeDesc(a: unknown, b: unknown): number {
  const x = epochMs(a);
  const y = epochMs(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : -1) : 1;
  return y - x;
}

function group<T>(items: readonly T[], key: (t: T) => string | undefined): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    if (k === undefined) continue;
    let arr = m.get(k);
    if (!arr) m.set(k, (arr = []));
    arr.push(it);
  }
  return m;
}

function sortEach<T>(m: Map<string, T[]>, order: (a: T, b: T) => number): Map<string, T[]> {
  for (const arr of m.values()) arr.sort(order);
  return m;
}

const pair = (a: string | undefined, b: string | undefined) => `${str(a)}/${str(b)}`;

export class Store {
  readonly associations: AssociationDescription[];
  readonly associationById: Map<string, AssociationDescription>;
  readonly executionsByAssociation: Map<string, AssociationExecution[]>;
  readonly associationExecutionById: Map<string, AssociationExecution>;
  readonly targetsByExecution: Map<string, AssociationExecutionTarget[]>;

  readonly automations: AutomationExecutionRecord[];
  readonly automationById: Map<string, AutomationExecutionRecord>;

  readonly windows: WindowRecord[];
  readonly windowById: Map<string, WindowRecord>;
  readonly windowExecutionsByWindow: Map<string, WindowExecutionRecord[]>;
  readonly windowExecutionById: Map<string, WindowExecutionRecord>;
  readonly tasksByWindowExecution: Map<string, TaskRecord[]>;
  /** Key: `${WindowExecutionId}/${TaskExecutionId}`. */
  readonly taskById: Map<string, TaskRecord>;
  /** Key: `${WindowExecutionId}/${TaskExecutionId}`. */
  readonly invocationsByTask: Map<string, MaintenanceWindowExecutionTaskInvocationIdentity[]>;

  readonly commands: Command[];
  readonly commandById: Map<string, Command>;
  readonly commandInvocations: CommandInvocation[];
  readonly invocationsByCommand: Map<string, CommandInvocation[]>;
  readonly invocationsByInstance: Map<string, CommandInvocation[]>;

  constructor(readonly data: Dataset) {
    this.associations = [...data.associations].sort(
      (a, b) => byTime(a.Date, b.Date) || cmp(str(a.AssociationId), str(b.AssociationId)),
    );
    this.associationById = new Map(this.associations.map((a) => [str(a.AssociationId), a]));
    this.executionsByAssociation = sortEach(
      group(data.associationExecutions, (e) => e.AssociationId),
      (a, b) => byTimeDesc(a.CreatedTime, b.CreatedTime) || cmp(str(a.ExecutionId), str(b.ExecutionId)),
    );
    this.associationExecutionById = new Map(
      data.associationExecutions.map((e) => [pair(e.AssociationId, e.ExecutionId), e]),
    );
    this.targetsByExecution = sortEach(
      group(data.associationExecutionTargets, (t) => pair(t.AssociationId, t.ExecutionId)),
      (a, b) => cmp(str(a.ResourceId), str(b.ResourceId)) || cmp(str(a.ResourceType), str(b.ResourceType)),
    );

    const started = (a: AutomationExecutionRecord) => a.ExecutionStartTime ?? a.ScheduledTime;
    this.automations = [...data.automationExecutions].sort(
      (a, b) => byTimeDesc(started(a), started(b)) || cmp(str(a.AutomationExecutionId), str(b.AutomationExecutionId)),
    );
    this.automationById = new Map(this.automations.map((a) => [str(a.AutomationExecutionId), a]));

    this.windows = [...data.maintenanceWindows].sort(
      (a, b) => byTime(a.CreatedDate, b.CreatedDate) || cmp(str(a.WindowId), str(b.WindowId)),
    );
    this.windowById = new Map(this.windows.map((w) => [str(w.WindowId), w]));
    this.windowExecutionsByWindow = sortEach(
      group(data.maintenanceWindowExecutions, (e) => e.WindowId),
      (a, b) => byTimeDesc(a.StartTime, b.StartTime) || cmp(str(a.WindowExecutionId), str(b.WindowExecutionId)),
    );
    this.windowExecutionById = new Map(data.maintenanceWindowExecutions.map((e) => [str(e.WindowExecutionId), e]));
    this.tasksByWindowExecution = sortEach(
      group(data.maintenanceWindowExecutionTasks, (t) => t.WindowExecutionId),
      (a, b) => byTime(a.StartTime, b.StartTime) || cmp(str(a.TaskExecutionId), str(b.TaskExecutionId)),
    );
    this.taskById = new Map(
      data.maintenanceWindowExecutionTasks.map((t) => [pair(t.WindowExecutionId, t.TaskExecutionId), t]),
    );
    this.invocationsByTask = sortEach(
      group(data.maintenanceWindowExecutionTaskInvocations, (i) => pair(i.WindowExecutionId, i.TaskExecutionId)),
      (a, b) => byTime(a.StartTime, b.StartTime) || cmp(str(a.InvocationId), str(b.InvocationId)),
    );

    this.commands = [...data.commands].sort(
      (a, b) => byTimeDesc(a.RequestedDateTime, b.RequestedDateTime) || cmp(str(a.CommandId), str(b.CommandId)),
    );
    this.commandById = new Map(this.commands.map((c) => [str(c.CommandId), c]));
    this.commandInvocations = [...data.commandInvocations].sort(
      (a, b) =>
        byTimeDesc(a.RequestedDateTime, b.RequestedDateTime) ||
        cmp(str(a.CommandId), str(b.CommandId)) ||
        cmp(str(a.InstanceId), str(b.InstanceId)),
    );
    // Grouping a sorted list keeps each group sorted.
    this.invocationsByCommand = group(this.commandInvocations, (i) => i.CommandId);
    this.invocationsByInstance = group(this.commandInvocations, (i) => i.InstanceId);
  }
}

export { pair as compositeKey };
