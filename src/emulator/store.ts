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
type InvocationRecord = MaintenanceWindowExecutionTaskInvocationIdentity;

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

/** Each collection's order (see above): one place, used to build the indexes and to keep them sorted as live records change. */
export const ORDER = {
  associations: (a: AssociationDescription, b: AssociationDescription) => byTime(a.Date, b.Date) || cmp(str(a.AssociationId), str(b.AssociationId)),
  associationExecutions: (a: AssociationExecution, b: AssociationExecution) => byTimeDesc(a.CreatedTime, b.CreatedTime) || cmp(str(a.ExecutionId), str(b.ExecutionId)),
  associationExecutionTargets: (a: AssociationExecutionTarget, b: AssociationExecutionTarget) => cmp(str(a.ResourceId), str(b.ResourceId)) || cmp(str(a.ResourceType), str(b.ResourceType)),
  automationExecutions: (a: AutomationExecutionRecord, b: AutomationExecutionRecord) =>
    byTimeDesc(a.ExecutionStartTime ?? a.ScheduledTime, b.ExecutionStartTime ?? b.ScheduledTime) || cmp(str(a.AutomationExecutionId), str(b.AutomationExecutionId)),
  maintenanceWindows: (a: WindowRecord, b: WindowRecord) => byTime(a.CreatedDate, b.CreatedDate) || cmp(str(a.WindowId), str(b.WindowId)),
  maintenanceWindowExecutions: (a: WindowExecutionRecord, b: WindowExecutionRecord) => byTimeDesc(a.StartTime, b.StartTime) || cmp(str(a.WindowExecutionId), str(b.WindowExecutionId)),
  maintenanceWindowExecutionTasks: (a: TaskRecord, b: TaskRecord) => byTime(a.StartTime, b.StartTime) || cmp(str(a.TaskExecutionId), str(b.TaskExecutionId)),
  maintenanceWindowExecutionTaskInvocations: (a: InvocationRecord, b: InvocationRecord) => byTime(a.StartTime, b.StartTime) || cmp(str(a.InvocationId), str(b.InvocationId)),
  commands: (a: Command, b: Command) => byTimeDesc(a.RequestedDateTime, b.RequestedDateTime) || cmp(str(a.CommandId), str(b.CommandId)),
  commandInvocations: (a: CommandInvocation, b: CommandInvocation) =>
    byTimeDesc(a.RequestedDateTime, b.RequestedDateTime) || cmp(str(a.CommandId), str(b.CommandId)) || cmp(str(a.InstanceId), str(b.InstanceId)),
};

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
    this.associations = [...data.associations].sort(ORDER.associations);
    this.associationById = new Map(this.associations.map((a) => [str(a.AssociationId), a]));
    this.executionsByAssociation = sortEach(group(data.associationExecutions, (e) => e.AssociationId), ORDER.associationExecutions);
    this.associationExecutionById = new Map(
      data.associationExecutions.map((e) => [pair(e.AssociationId, e.ExecutionId), e]),
    );
    this.targetsByExecution = sortEach(group(data.associationExecutionTargets, (t) => pair(t.AssociationId, t.ExecutionId)), ORDER.associationExecutionTargets);

    this.automations = [...data.automationExecutions].sort(ORDER.automationExecutions);
    this.automationById = new Map(this.automations.map((a) => [str(a.AutomationExecutionId), a]));

    this.windows = [...data.maintenanceWindows].sort(ORDER.maintenanceWindows);
    this.windowById = new Map(this.windows.map((w) => [str(w.WindowId), w]));
    this.windowExecutionsByWindow = sortEach(group(data.maintenanceWindowExecutions, (e) => e.WindowId), ORDER.maintenanceWindowExecutions);
    this.windowExecutionById = new Map(data.maintenanceWindowExecutions.map((e) => [str(e.WindowExecutionId), e]));
    this.tasksByWindowExecution = sortEach(group(data.maintenanceWindowExecutionTasks, (t) => t.WindowExecutionId), ORDER.maintenanceWindowExecutionTasks);
    this.taskById = new Map(
      data.maintenanceWindowExecutionTasks.map((t) => [pair(t.WindowExecutionId, t.TaskExecutionId), t]),
    );
    this.invocationsByTask = sortEach(group(data.maintenanceWindowExecutionTaskInvocations, (i) => pair(i.WindowExecutionId, i.TaskExecutionId)), ORDER.maintenanceWindowExecutionTaskInvocations);

    this.commands = [...data.commands].sort(ORDER.commands);
    this.commandById = new Map(this.commands.map((c) => [str(c.CommandId), c]));
    this.commandInvocations = [...data.commandInvocations].sort(ORDER.commandInvocations);
    // Grouping a sorted list keeps each group sorted.
    this.invocationsByCommand = group(this.commandInvocations, (i) => i.CommandId);
    this.invocationsByInstance = group(this.commandInvocations, (i) => i.InstanceId);
  }
}

export { pair as compositeKey };
