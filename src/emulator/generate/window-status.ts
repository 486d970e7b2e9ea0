/**
 * Maintenance window statuses as the generator uses them at every level
 * (execution, task, invocation): the details text SSM shows, which ones are
 * final, and the outcome a status gives what an invocation started.
 */
import type { MaintenanceWindowExecutionStatus } from '@aws-sdk/client-ssm';
import type { AutomationOutcome } from './automation.ts';
import type { CommandOutcome } from './commands.ts';

export type Status = MaintenanceWindowExecutionStatus;

/** `StatusDetails` of a window execution; tasks and invocations say "task" / "invocation" instead. */
export const STATUS_DETAILS: Partial<Record<Status, string>> = {
  FAILED: 'One or more tasks in the orchestration failed.',
  TIMED_OUT: 'The maintenance window execution timed out.',
  CANCELLED: 'The maintenance window execution was cancelled.',
  CANCELLING: 'The maintenance window execution is being cancelled.',
  SKIPPED_OVERLAPPING: 'The maintenance window execution was skipped because the previous execution was still running.',
  IN_PROGRESS: 'The maintenance window execution is in progress.',
  PENDING: 'The maintenance window execution is pending.',
};

/** Final statuses: a record in one of them has an `EndTime`. */
export const TERMINAL = new Set<Status>(['SUCCESS', 'FAILED', 'TIMED_OUT', 'CANCELLED', 'SKIPPED_OVERLAPPING']);

/** An outcome both commands and automations know. */
export type StartedOutcome = AutomationOutcome & CommandOutcome;

const STARTED_OUTCOME: Record<string, StartedOutcome> = {
  SUCCESS: 'Success',
  FAILED: 'Failed',
  TIMED_OUT: 'TimedOut',
  CANCELLED: 'Cancelled',
  CANCELLING: 'Cancelling',
  IN_PROGRESS: 'InProgress',
};

/**
 * The outcome of the command or automation an invocation with status `st`
 * started (RUN_COMMAND and AUTOMATION tasks map alike). Defined for the
 * statuses of invocations that start something; PENDING ones start nothing.
 */
export function startedOutcome(st: Status): StartedOutcome {
  return STARTED_OUTCOME[st];
}
