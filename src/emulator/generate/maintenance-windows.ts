/**
 * Maintenance windows: windows, their executions (every status), the tasks each
 * execution ran (every task type) and the tasks' invocations, with the automation
 * executions and commands those invocations started.
 */
import type {
  GetMaintenanceWindowExecutionTaskResult,
  GetMaintenanceWindowResult,
  MaintenanceWindowExecutionStatus,
  MaintenanceWindowExecutionTaskInvocationIdentity,
  MaintenanceWindowTaskType,
} from '@aws-sdk/client-ssm';
import type { WindowExecutionRecord } from '../dataset.ts';
import { RUNBOOKS, runAutomation, type AutomationOutcome } from './automation.ts';
import { sendCommand, maintenanceWindowRole, type CommandOutcome } from './commands.ts';
import { endingNow, type Ctx, type Instance } from './context.ts';
import { ACCOUNT_ID, ANCHOR_MS, DAY, HOUR, MINUTE, REGION, at, windowId } from './prng.ts';

type Status = MaintenanceWindowExecutionStatus;

interface TaskTemplate {
  type: MaintenanceWindowTaskType;
  arn: string;
  priority: number;
  invocations: number;
  /** Instances per RUN_COMMAND invocation. */
  perInvocation?: number;
}

interface WindowTemplate {
  name: string;
  description: string;
  schedule: string;
  intervalMs: number;
  duration: number;
  cutoff: number;
  tasks: TaskTemplate[];
}

const lambdaArn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:${name}`;
const sfnArn = (name: string) => `arn:aws:states:${REGION}:${ACCOUNT_ID}:stateMachine:${name}`;
const rc = (arn: string, priority: number, invocations: number, perInvocation = 1): TaskTemplate => ({ type: 'RUN_COMMAND', arn, priority, invocations, perInvocation });
const au = (arn: string, priority: number, invocations: number): TaskTemplate => ({ type: 'AUTOMATION', arn, priority, invocations });
const la = (name: string, priority: number): TaskTemplate => ({ type: 'LAMBDA', arn: lambdaArn(name), priority, invocations: 1 });
const sf = (name: string, priority: number): TaskTemplate => ({ type: 'STEP_FUNCTIONS', arn: sfnArn(name), priority, invocations: 1 });

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

const STATUS_DETAILS: Partial<Record<Status, string>> = {
  FAILED: 'One or more tasks in the orchestration failed.',
  TIMED_OUT: 'The maintenance window execution timed out.',
  CANCELLED: 'The maintenance window execution was cancelled.',
  CANCELLING: 'The maintenance window execution is being cancelled.',
  SKIPPED_OVERLAPPING: 'The maintenance window execution was skipped because the previous execution was still running.',
  IN_PROGRESS: 'The maintenance window execution is in progress.',
  PENDING: 'The maintenance window execution is pending.',
};

const TERMINAL = new Set<Status>(['SUCCESS', 'FAILED', 'TIMED_OUT', 'CANCELLED', 'SKIPPED_OVERLAPPING']);

export interface WindowPlan {
  template: WindowTemplate;
  /** Suffix distinguishing windows built from the same template. */
  suffix: string;
  executions: number;
  /** Status of the newest execution (may be under way). */
  latest: Status;
  /** Statuses forced onto older executions, e.g. so every status appears. */
  forced?: Status[];
}

export function generateWindow(ctx: Ctx, plan: WindowPlan): void {
  const { rng } = ctx;
  const t = plan.template;
  const id = windowId(rng);
  const n = plan.executions;
  const created = ANCHOR_MS - (n + 3) * t.intervalMs - rng.duration(0, 30 * DAY);
  const win: Omit<GetMaintenanceWindowResult, '$metadata'> = {
    WindowId: id,
    Name: `${t.name}${plan.suffix}`,
    Description: t.description,
    Schedule: t.schedule,
    ScheduleTimezone: 'UTC',
    NextExecutionTime: new Date(ANCHOR_MS + t.intervalMs - rng.duration(0, t.intervalMs / 2)).toISOString().replace(/:\d\d\.\d+Z$/, 'Z'),
    Duration: t.duration,
    Cutoff: t.cutoff,
    AllowUnassociatedTargets: false,
    Enabled: true,
    CreatedDate: at(created),
    ModifiedDate: at(Math.min(created + rng.duration(HOUR, 20 * DAY), ANCHOR_MS - DAY)),
  };
  ctx.d.maintenanceWindows.push(win);

  // Window targets: one per invocation slot of the widest task; instances drawn from the fleet.
  const windows = t.tasks.some((x) => x.arn === 'AWS-InstallWindowsUpdates');
  const pool = ctx.fleet.filter((i) => (windows ? i.platform === 'Windows' : i.platform === 'Linux'));
  const targetPool = pool.length >= 4 ? pool : ctx.fleet;
  const targetIds = Array.from({ length: Math.max(...t.tasks.map((x) => x.invocations)) }, () => rng.uuid());

  const forced = new Map<number, Status>();
  (plan.forced ?? []).forEach((st, i) => forced.set(Math.max(0, n - 2 - i * 2), st));
  for (let i = 0; i < n; i++) {
    const startMs = ANCHOR_MS - (n - i) * t.intervalMs + rng.duration(0, 10 * MINUTE);
    let status: Status;
    if (i === n - 1) status = plan.latest;
    else if (forced.has(i)) status = forced.get(i)!;
    else status = rng.weighted([['SUCCESS', 80], ['FAILED', 12], ['TIMED_OUT', 3], ['CANCELLED', 2], ['SKIPPED_OVERLAPPING', 3]] as const);
    const run = () => windowExecution(ctx, id, t, startMs, status, targetIds, targetPool);
    if (TERMINAL.has(status)) run();
    else endingNow(ctx, run);
  }
}

function windowExecution(ctx: Ctx, windowIdValue: string, t: WindowTemplate, startMs: number, status: Status, targetIds: string[], pool: Instance[]): void {
  const { rng } = ctx;
  const weId = rng.uuid();
  const rec: WindowExecutionRecord = { WindowId: windowIdValue, WindowExecutionId: weId, Status: status, StartTime: at(startMs), TaskIds: [] };
  if (STATUS_DETAILS[status]) rec.StatusDetails = STATUS_DETAILS[status];
  ctx.d.maintenanceWindowExecutions.push(rec);
  if (status === 'SKIPPED_OVERLAPPING') {
    rec.EndTime = at(startMs);
    return;
  }
  if (status === 'PENDING') return;

  // Which task (in priority order) the execution stopped at, and how.
  const tasks = t.tasks.slice().sort((a, b) => a.priority - b.priority);
  const stopAt = status === 'SUCCESS' ? -1 : rng.int(0, tasks.length - 1);
  const taskStatuses: (Status | undefined)[] = tasks.map((_, k) => {
    if (status === 'SUCCESS') return 'SUCCESS';
    if (status === 'FAILED') return k === stopAt ? 'FAILED' : 'SUCCESS';
    if (k < stopAt) return 'SUCCESS';
    if (k === stopAt) return status;
    return status === 'IN_PROGRESS' ? 'PENDING' : undefined; // not started: not listed
  });

  let cursor = startMs + rng.duration(1_000, 20_000);
  let endMs = cursor;
  tasks.forEach((task, k) => {
    const st = taskStatuses[k];
    if (!st) return;
    const taskId = rng.uuid();
    rec.TaskIds!.push(taskId);
    const tr: Omit<GetMaintenanceWindowExecutionTaskResult, '$metadata'> = {
      WindowExecutionId: weId,
      TaskExecutionId: taskId,
      TaskArn: task.arn,
      ServiceRole: maintenanceWindowRole(),
      Type: task.type,
      Priority: task.priority,
      MaxConcurrency: task.invocations > 5 ? '25%' : '2',
      MaxErrors: task.invocations > 5 ? '10%' : '1',
      Status: st,
    };
    if (STATUS_DETAILS[st]) tr.StatusDetails = STATUS_DETAILS[st]!.replace('maintenance window execution', 'task');
    ctx.d.maintenanceWindowExecutionTasks.push(tr);
    if (st === 'PENDING') return;
    const taskStart = cursor;
    tr.StartTime = at(taskStart);
    const taskEnd = taskInvocations(ctx, weId, taskId, task, taskStart, st, targetIds, pool);
    if (TERMINAL.has(st)) {
      tr.EndTime = at(taskEnd + rng.duration(200, 3_000));
      cursor = tr.EndTime.getTime() + rng.duration(500, 5_000);
      endMs = cursor;
    }
  });
  if (TERMINAL.has(status)) rec.EndTime = at(endMs);
}

const TO_AUTOMATION: Record<string, AutomationOutcome> = {
  SUCCESS: 'Success',
  FAILED: 'Failed',
  TIMED_OUT: 'TimedOut',
  CANCELLED: 'Cancelled',
  CANCELLING: 'Cancelling',
  IN_PROGRESS: 'InProgress',
};
const TO_COMMAND: Record<string, CommandOutcome> = {
  SUCCESS: 'Success',
  FAILED: 'Failed',
  TIMED_OUT: 'TimedOut',
  CANCELLED: 'Cancelled',
  CANCELLING: 'Cancelling',
  IN_PROGRESS: 'InProgress',
};

/** Create a task's invocations and what they started; returns when the last finished invocation ended. */
function taskInvocations(ctx: Ctx, weId: string, taskId: string, task: TaskTemplate, taskStart: number, taskStatus: Status, targetIds: string[], pool: Instance[]): number {
  const { rng } = ctx;
  const n = task.invocations;
  const statuses: Status[] = Array.from({ length: n }, () => 'SUCCESS');
  const k = rng.int(0, n - 1);
  if (taskStatus !== 'SUCCESS') {
    statuses[k] = taskStatus;
    for (let i = k + 1; i < n; i++) {
      if (taskStatus === 'IN_PROGRESS') statuses[i] = rng.chance(0.5) ? 'IN_PROGRESS' : 'PENDING';
      else if (taskStatus === 'CANCELLED' || taskStatus === 'CANCELLING') statuses[i] = 'CANCELLED';
      else if (taskStatus === 'FAILED' && rng.chance(0.2)) statuses[i] = 'FAILED';
    }
  }
  const per = task.perInvocation ?? 1;
  let end = taskStart;
  for (let i = 0; i < n; i++) {
    const st = statuses[i];
    const instances = Array.from({ length: per }, (_, j) => pool[(i * per + j + rng.int(0, 1)) % pool.length]);
    const uniq = [...new Map(instances.map((x) => [x.id, x])).values()];
    const start = taskStart + rng.duration(100, 4_000) + Math.floor(i / 5) * rng.duration(10_000, 60_000);
    const inv: MaintenanceWindowExecutionTaskInvocationIdentity = {
      WindowExecutionId: weId,
      TaskExecutionId: taskId,
      InvocationId: rng.uuid(),
      TaskType: task.type,
      Status: st,
      WindowTargetId: targetIds[i % targetIds.length],
    };
    if (st !== 'SUCCESS' && STATUS_DETAILS[st]) inv.StatusDetails = STATUS_DETAILS[st]!.replace('maintenance window execution', 'invocation');
    ctx.d.maintenanceWindowExecutionTaskInvocations.push(inv);
    if (st === 'PENDING') continue;
    inv.StartTime = at(start);
    let invEnd: number | undefined;
    switch (task.type) {
      case 'RUN_COMMAND': {
        const { command, endMs } = sendCommand(ctx, {
          document: task.arn,
          instances: uniq,
          requestedMs: start + rng.duration(50, 500),
          outcome: TO_COMMAND[st],
          comment: `Maintenance window task ${taskId.slice(0, 8)}`,
          serviceRole: maintenanceWindowRole(),
          runMs: [5_000, 180_000],
        });
        inv.ExecutionId = command.CommandId;
        inv.Parameters = JSON.stringify({
          comment: command.Comment,
          documentName: task.arn,
          instanceIds: command.InstanceIds,
          maxConcurrency: '2',
          maxErrors: '1',
          parameters: command.Parameters,
          timeoutSeconds: 600,
        });
        invEnd = endMs;
        break;
      }
      case 'AUTOMATION': {
        const auto = runAutomation(ctx, {
          runbook: RUNBOOKS[task.arn],
          startMs: start + rng.duration(50, 500),
          outcome: TO_AUTOMATION[st],
          instanceIds: uniq.map((x) => x.id),
          executedBy: maintenanceWindowRole(),
          stepMs: [2_000, 60_000],
        });
        inv.ExecutionId = auto.AutomationExecutionId;
        inv.Parameters = JSON.stringify({ documentName: task.arn, documentVersion: auto.DocumentVersion, parameters: { InstanceId: auto.Parameters?.InstanceId } });
        invEnd = auto.ExecutionEndTime?.getTime();
        break;
      }
      case 'LAMBDA': {
        inv.ExecutionId = rng.uuid();
        inv.Parameters = JSON.stringify({ functionName: task.arn, qualifier: '$LATEST', payload: JSON.stringify({ windowExecutionId: weId }) });
        invEnd = start + rng.duration(300, 30_000);
        break;
      }
      case 'STEP_FUNCTIONS': {
        const name = `mw-${weId.slice(0, 8)}-${rng.hex(6)}`;
        inv.ExecutionId = `${task.arn.replace(':stateMachine:', ':execution:')}:${name}`;
        inv.Parameters = JSON.stringify({ name, input: JSON.stringify({ windowExecutionId: weId }) });
        invEnd = start + rng.duration(20_000, 20 * MINUTE);
        break;
      }
    }
    if (TERMINAL.has(st) && invEnd !== undefined) {
      inv.EndTime = at(invEnd);
      if (invEnd > end) end = invEnd;
    }
  }
  return end;
}
