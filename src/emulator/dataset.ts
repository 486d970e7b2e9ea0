/**
 * The emulator's dataset: the SSM account it pretends to be.
 *
 * Contract. Every record is the shape SSM itself returns for that resource (the
 * AWS SDK's own types, PascalCase members, `Date` for timestamps), so a snapshot
 * taken from a real account with the SDK can be replayed as it is. Each list
 * holds the richest shape SSM returns for the resource (the `Get*`/`Describe*`
 * detail); the emulator derives the summary shapes of the `List*`/`Describe*`
 * operations from it. Records carry the foreign keys that tie them together
 * (`AssociationId`, `WindowId`, `WindowExecutionId`, `TaskExecutionId`,
 * `CommandId`, `ParentAutomationExecutionId`, `ParentStepDetails`), exactly the
 * members SSM uses for them.
 *
 * Order within a list carries no meaning: each operation sorts as SSM does.
 */
import type {
  AssociationDescription,
  AssociationExecution,
  AssociationExecutionTarget,
  AutomationExecution,
  Command,
  CommandInvocation,
  GetMaintenanceWindowExecutionTaskResult,
  GetMaintenanceWindowResult,
  MaintenanceWindowExecution,
  MaintenanceWindowExecutionTaskInvocationIdentity,
} from '@aws-sdk/client-ssm';

type Plain<T> = Omit<T, '$metadata'>;

/** A window execution: the list shape (which has `WindowId`) plus `TaskIds` from the Get shape. */
export type WindowExecutionRecord = MaintenanceWindowExecution & { TaskIds?: string[] };

/** An automation execution with its full step list in execution order (`StepExecutions`). */
export type AutomationExecutionRecord = AutomationExecution & {
  /** DescribeAutomationExecutions' `AutomationType` (`Local` or `CrossAccount`). */
  AutomationType?: string;
  LogFile?: string;
};

export interface Dataset {
  /** Plans of executions in progress, for live mode (generated with `live: true`; never in a data file). */
  live?: unknown;
  associations: AssociationDescription[];
  associationExecutions: AssociationExecution[];
  associationExecutionTargets: AssociationExecutionTarget[];
  automationExecutions: AutomationExecutionRecord[];
  maintenanceWindows: Plain<GetMaintenanceWindowResult>[];
  maintenanceWindowExecutions: WindowExecutionRecord[];
  /** The Get shape: its `Type` is the list shape's `TaskType`. */
  maintenanceWindowExecutionTasks: Plain<GetMaintenanceWindowExecutionTaskResult>[];
  maintenanceWindowExecutionTaskInvocations: MaintenanceWindowExecutionTaskInvocationIdentity[];
  commands: Command[];
  commandInvocations: CommandInvocation[];
}

export const DATASET_COLLECTIONS = [
  'associations',
  'associationExecutions',
  'associationExecutionTargets',
  'automationExecutions',
  'maintenanceWindows',
  'maintenanceWindowExecutions',
  'maintenanceWindowExecutionTasks',
  'maintenanceWindowExecutionTaskInvocations',
  'commands',
  'commandInvocations',
] as const satisfies readonly (keyof Dataset)[];

/** A collection of records (every member of a Dataset but `live`). */
export type CollectionKey = (typeof DATASET_COLLECTIONS)[number];

export function emptyDataset(): Dataset {
  return Object.fromEntries(DATASET_COLLECTIONS.map((k) => [k, []])) as unknown as Dataset;
}
