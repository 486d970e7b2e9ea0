/**
 * Maintenance windows: windows, their executions (every status), the tasks each
 * execution ran (every task type) and the tasks' invocations, with the automation
 * executions and commands those invocations started.
 *
 * The windows come from `window-templates.ts`; invocations and what they start
 * are made by `window-invocations.ts`.
 */
import type { GetMaintenanceWindowExecutionTaskResult, GetMaintenanceWindowResult } from '@aws-sdk/client-ssm';
import type { WindowExecutionRecord } from '../dataset.ts';
import { maintenanceWindowRole } from './commands.ts';
import { LIVE_HORIZON_MS } from '../live/plan.ts';
import { LivePlanner } from './live-planner.ts';
import { endingNow, type Ctx, type Instance } from './run-state.ts';
import { DAY, HOUR, MINUTE, at, windowId } from './prng.ts';
import { taskInvocations } from './window-invocations.ts';
import { STATUS_DETAILS, TERMINAL, type Status } from './window-status.ts';
import { taskArn, type WindowTemplate } from './window-templates.ts';

export { WINDOW_TEMPLATES } from './window-templates.ts';

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
  const created = ctx.now - (n + 3) * t.intervalMs - rng.duration(0, 30 * DAY);
  const win: Omit<GetMaintenanceWindowResult, '$metadata'> = {
    WindowId: id,
    Name: `${t.name}${plan.suffix}`,
    Description: t.description,
    Schedule: t.schedule,
    ScheduleTimezone: 'UTC',
    NextExecutionTime: new Date(ctx.now + t.intervalMs - rng.duration(0, t.intervalMs / 2)).toISOString().replace(/:\d\d\.\d+Z$/, 'Z'),
    Duration: t.duration,
    Cutoff: t.cutoff,
    AllowUnassociatedTargets: false,
    Enabled: true,
    CreatedDate: at(created),
    ModifiedDate: at(Math.min(created + rng.duration(HOUR, 20 * DAY), ctx.now - DAY)),
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
    const startMs = ctx.now - (n - i) * t.intervalMs + rng.duration(0, 10 * MINUTE);
    let status: Status;
    if (i === n - 1) status = plan.latest;
    else if (forced.has(i)) status = forced.get(i)!;
    else status = rng.weighted([['SUCCESS', 80], ['FAILED', 12], ['TIMED_OUT', 3], ['CANCELLED', 2], ['SKIPPED_OVERLAPPING', 3]] as const);
    const run = () => windowExecution(ctx, id, t, startMs, status, targetIds, targetPool);
    if (TERMINAL.has(status)) run();
    else endingNow(ctx, run, status === 'IN_PROGRESS' ? (f) => windowExecution(f, id, t, startMs, finalStatus(f), targetIds, targetPool) : undefined);
  }
  if (ctx.live) planNextExecutions(ctx, win, t, targetIds, targetPool);
}

const finalStatus = (f: Ctx): Status => (LivePlanner.succeeds(f.rng) ? 'SUCCESS' : 'FAILED');

/** Live mode: the window's executions from its NextExecutionTime, one per interval, up to the horizon. */
function planNextExecutions(ctx: Ctx, win: Omit<GetMaintenanceWindowResult, '$metadata'>, t: WindowTemplate, targetIds: string[], pool: Instance[]): void {
  const planner = ctx.live!;
  const starts: number[] = [];
  for (let s = Date.parse(win.NextExecutionTime!); s <= planner.now + LIVE_HORIZON_MS; s += t.intervalMs) starts.push(s);
  for (const s of starts) planner.later(ctx, (f) => windowExecution(f, win.WindowId!, t, s + f.rng.duration(0, 10 * MINUTE), finalStatus(f), targetIds, pool));
  planner.window(win, [...starts, (starts.at(-1) ?? Date.parse(win.NextExecutionTime!) - t.intervalMs) + t.intervalMs]);
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
      TaskArn: taskArn(ctx, task),
      ServiceRole: maintenanceWindowRole(ctx),
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
