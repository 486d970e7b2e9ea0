/**
 * The maintenance windows the generator builds: schedule, limits and the tasks
 * each execution runs (every task type), in the order the account lists them.
 */
import type { MaintenanceWindowTaskType } from '@aws-sdk/client-ssm';
import { DAY, HOUR } from './prng.ts';
import type { Ctx } from './run-state.ts';

export interface TaskTemplate {
  type: MaintenanceWindowTaskType;
  /** The document (RUN_COMMAND, AUTOMATION), function (LAMBDA) or state machine (STEP_FUNCTIONS) name; `taskArn` makes the ARN. */
  arn: string;
  priority: number;
  invocations: number;
  /** Instances per RUN_COMMAND invocation. */
  perInvocation?: number;
}

export interface WindowTemplate {
  name: string;
  description: string;
  schedule: string;
  intervalMs: number;
  duration: number;
  cutoff: number;
  tasks: TaskTemplate[];
}

/** The task's `TaskArn` in the generated location: a document name, or a Lambda / Step Functions ARN. */
export function taskArn(ctx: Ctx, task: TaskTemplate): string {
  if (task.type === 'LAMBDA') return `arn:aws:lambda:${ctx.region}:${ctx.accountId}:function:${task.arn}`;
  if (task.type === 'STEP_FUNCTIONS') return `arn:aws:states:${ctx.region}:${ctx.accountId}:stateMachine:${task.arn}`;
  return task.arn;
}
const rc = (arn: string, priority: number, invocations: number, perInvocation = 1): TaskTemplate => ({ type: 'RUN_COMMAND', arn, priority, invocations, perInvocation });
const au = (arn: string, priority: number, invocations: number): TaskTemplate => ({ type: 'AUTOMATION', arn, priority, invocations });
const la = (name: string, priority: number): TaskTemplate => ({ type: 'LAMBDA', arn: name, priority, invocations: 1 });
const sf = (name: string, priority: number): TaskTemplate => ({ type: 'STEP_FUNCTIONS', arn: name, priority, invocations: 1 });

export const WINDOW_TEMPLATES: WindowTemplate[] = [
  {
    name: 'patch-linux-fleet',
    description: 'Nightly patching of the Linux fleet',
    schedule: 'cron(0 2 ? * * *)',
    intervalMs: DAY,
    duration: 4,
    cutoff: 1,
    tasks: [rc('AWS-RunPatchBaseline', 1, 4, 2), au('AWS-RestartEC2Instance', 2, 2), la('notify-patch-report', 3)],
  },
  {
    name: 'weekend-maintenance-all',
    description: 'Weekend maintenance: every routine job in one window',
    schedule: 'cron(0 4 ? * SAT *)',
    intervalMs: 7 * DAY,
    duration: 6,
    cutoff: 1,
    tasks: [
      rc('AWS-UpdateSSMAgent', 1, 2, 3),
      rc('AWS-ConfigureAWSPackage', 1, 2, 2),
      rc('AWS-RunShellScript', 2, 3, 1),
      au('AWS-CreateImage', 2, 1),
      au('Custom-RotateLogs', 3, 1),
      la('cleanup-old-amis', 3),
      la('rotate-credentials', 4),
      sf('backup-orchestrator', 4),
      rc('AWS-GatherSoftwareInventory', 5, 2, 2),
      au('AWS-StopEC2Instance', 5, 1),
      sf('compliance-report', 6),
      la('notify-ops-channel', 7),
    ],
  },
  {
    name: 'windows-updates',
    description: 'Monthly Windows updates, one invocation per server',
    schedule: 'cron(0 3 ? * SUN#2 *)',
    intervalMs: 14 * DAY,
    duration: 5,
    cutoff: 1,
    tasks: [rc('AWS-InstallWindowsUpdates', 1, 24, 1), sf('windows-post-patch-checks', 2)],
  },
  {
    name: 'db-backups',
    description: 'Database snapshots and verification',
    schedule: 'rate(12 hours)',
    intervalMs: 12 * HOUR,
    duration: 2,
    cutoff: 0,
    tasks: [sf('db-backup', 1), la('verify-db-backup', 2), au('Custom-SnapshotAndRestart', 3, 1)],
  },
  {
    name: 'ami-refresh',
    description: 'Bake a fresh golden AMI',
    schedule: 'cron(0 6 ? * MON *)',
    intervalMs: 7 * DAY,
    duration: 3,
    cutoff: 1,
    tasks: [au('AWS-UpdateLinuxAmi', 1, 1), la('publish-ami-id', 2)],
  },
  {
    name: 'log-rotation',
    description: 'Rotate and ship application logs',
    schedule: 'rate(6 hours)',
    intervalMs: 6 * HOUR,
    duration: 1,
    cutoff: 0,
    tasks: [rc('AWS-RunShellScript', 1, 6, 1)],
  },
  {
    name: 'inventory-sweep',
    description: 'Collect software inventory across the fleet',
    schedule: 'cron(30 1 ? * * *)',
    intervalMs: DAY,
    duration: 2,
    cutoff: 0,
    tasks: [rc('AWS-GatherSoftwareInventory', 1, 3, 4), la('inventory-diff', 2)],
  },
  {
    name: 'canary-rollout',
    description: 'Roll the canary build across regions',
    schedule: 'cron(0 9 ? * TUE *)',
    intervalMs: 7 * DAY,
    duration: 4,
    cutoff: 1,
    tasks: [au('Custom-FleetRollout', 1, 1), sf('rollout-gate', 2), la('notify-rollout', 3)],
  },
];
