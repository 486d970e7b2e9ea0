/**
 * Live planning inside a generator run (`live: true`): executions in progress
 * at `now` are played to a final outcome, and each window's next executions are
 * played up to the horizon, in forks of the run whose PRNG streams are their own
 * (so the run's main stream, and every record that is not live, stay as in a
 * static run). The played records become plans (`../live/plan.ts`); their views
 * at `now` go into the dataset.
 */
import { DATASET_COLLECTIONS, emptyDataset, type CollectionKey } from '../dataset.ts';
import { LIVE_HORIZON_MS, type LivePlans, type Plan, type PlanKind } from '../live/plan.ts';
import { project } from '../live/project.ts';
import { Rng } from './prng.ts';
import { FUTURE_KEYS as DEADLINES, walkDates as eachDate, type Ctx } from './run-state.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Rec = Record<string, any>;

const KIND: Partial<Record<CollectionKey, PlanKind>> = {
  automationExecutions: 'automation',
  maintenanceWindowExecutions: 'windowExecution',
  maintenanceWindowExecutionTasks: 'task',
  maintenanceWindowExecutionTaskInvocations: 'taskInvocation',
  commands: 'command',
  commandInvocations: 'commandInvocation',
};
const time = (v: unknown): number | undefined => (v instanceof Date ? v.getTime() : undefined);

export class LivePlanner {
  readonly plans: Plan[] = [];
  private seq = 0;

  constructor(
    private readonly seed: number,
    readonly now: number,
  ) {}

  /** A run sharing `ctx`'s location and fleet, with its own PRNG stream and an empty dataset. */
  fork(ctx: Ctx): Ctx {
    return { ...ctx, rng: new Rng((Math.imul(this.seed, 0x2c1b3c6d) ^ (0x5f356495 + this.seq++ * 0x9e3779b9)) | 0), d: emptyDataset(), live: undefined };
  }

  /** A final outcome for a planned run: mostly success. */
  static succeeds(rng: Rng): boolean {
    return rng.chance(0.85);
  }

  /** Plays `future` (the whole run, to a final outcome) in a fork and moves it so that `now` falls within it. */
  inProgress(ctx: Ctx, future: (fork: Ctx) => void): void {
    const fork = this.fork(ctx);
    future(fork);
    let [lo, hi] = [Infinity, -Infinity];
    eachDate(fork.d, '', (d, k) => {
      if (DEADLINES.has(k)) return;
      lo = Math.min(lo, d.getTime());
      hi = Math.max(hi, d.getTime());
    });
    const delta = Math.round(this.now - (lo + (0.25 + 0.5 * fork.rng.next()) * (hi - lo)));
    const seen = new Set<Date>();
    eachDate(fork.d, '', (d) => {
      if (!seen.has(d)) d.setTime(d.getTime() + delta);
      seen.add(d);
    });
    this.adopt(ctx, fork);
  }

  /** Plays the runs `future` starts, as they are, in a fork. */
  later(ctx: Ctx, future: (fork: Ctx) => void): void {
    const fork = this.fork(ctx);
    future(fork);
    this.adopt(ctx, fork);
  }

  /** A window whose NextExecutionTime follows the planned starts. */
  window(win: Rec, starts: number[]): void {
    this.plans.push({ kind: 'window', collection: 'maintenanceWindows', full: win, atNow: win, visibleFrom: -Infinity, times: starts, events: [...starts] });
  }

  /** Turns a fork's records into plans; their views at `now` join `ctx`'s dataset. */
  private adopt(ctx: Ctx, fork: Ctx): void {
    const d = fork.d as unknown as Record<CollectionKey, Rec[]>;
    const start = new Map<string, number>();
    for (const a of d.automationExecutions) start.set(a.AutomationExecutionId, time(a.ExecutionStartTime)!);
    for (const c of d.commands) start.set(c.CommandId, time(c.RequestedDateTime)!);
    const execStart = new Map(d.maintenanceWindowExecutions.map((e) => [e.WindowExecutionId, time(e.StartTime)!]));
    const taskStart = new Map(d.maintenanceWindowExecutionTasks.map((t) => [t.TaskExecutionId, time(t.StartTime) ?? Infinity]));
    const finishes = new Map<string, number[]>();
    for (const i of d.commandInvocations) {
      const f = time(i.CommandPlugins?.[0]?.ResponseFinishDateTime) ?? Infinity;
      finishes.set(i.CommandId, [...(finishes.get(i.CommandId) ?? []), i.Status === 'Failed' ? -f : f]);
    }
    for (const collection of DATASET_COLLECTIONS) {
      const kind = KIND[collection];
      if (d[collection].length && !kind) throw new Error(`live plans do not cover ${collection}`);
      for (const full of d[collection]) {
        let visibleFrom: number;
        let times: Plan['times'];
        switch (kind) {
          case 'automation':
            visibleFrom = time(full.ExecutionStartTime)!;
            times = Object.fromEntries((full.StepExecutions ?? []).filter((s: Rec) => s.Action === 'aws:executeAutomation' && start.has(s.Outputs?.ExecutionId?.[0])).map((s: Rec) => [s.StepExecutionId, start.get(s.Outputs.ExecutionId[0])]));
            break;
          case 'windowExecution':
            visibleFrom = time(full.StartTime)!;
            break;
          case 'task':
            visibleFrom = execStart.get(full.WindowExecutionId)!;
            break;
          case 'taskInvocation':
            visibleFrom = taskStart.get(full.TaskExecutionId)!;
            times = start.has(full.ExecutionId) ? { [full.ExecutionId]: start.get(full.ExecutionId)! } : undefined;
            break;
          case 'command':
            visibleFrom = time(full.RequestedDateTime)!;
            times = finishes.get(full.CommandId) ?? [];
            break;
          default:
            visibleFrom = time(full.RequestedDateTime)!;
        }
        const events = new Set<number>([visibleFrom]);
        eachDate(full, '', (dt, k) => void (DEADLINES.has(k) || events.add(dt.getTime())));
        for (const v of Array.isArray(times) ? times : Object.values(times ?? {})) events.add(Math.abs(v));
        const plan: Plan = { kind: kind!, collection, full, visibleFrom, ...(times ? { times } : {}), events: [...events].filter(Number.isFinite).sort((a, b) => a - b) };
        const view = project(plan, this.now);
        if (view) {
          plan.atNow = view;
          (ctx.d[collection] as unknown[]).push(view);
        }
        this.plans.push(plan);
      }
    }
  }

  result(): LivePlans {
    return { now: this.now, horizon: this.now + LIVE_HORIZON_MS, plans: this.plans };
  }
}
