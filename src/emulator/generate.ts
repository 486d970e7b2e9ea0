/**
 * Deterministic generator of the emulator's dataset: a realistic SSM account
 * (fleet, associations, automations, maintenance windows, commands) from a seed.
 *
 * The same seed, size and `now` give deep-equal data: everything is drawn from
 * one seeded PRNG and every time is an offset back from `now` (default the
 * fixed anchor 2026-01-01T00:00:00Z); nothing reads the clock or `Math.random`.
 */
import type { MaintenanceWindowExecutionStatus } from '@aws-sdk/client-ssm';
import { DATASET_COLLECTIONS, emptyDataset, type Dataset } from './dataset.ts';
import { ASSOCIATION_TEMPLATES, generateAssociation } from './generate/associations.ts';
import { RUNBOOKS, fleetPatchRunbook, runAutomation, settledOutcome, type AutomationOutcome, type Runbook } from './generate/automation.ts';
import { COMMAND_DOCUMENTS, sendCommand, type CommandOutcome } from './generate/commands.ts';
import { LivePlanner } from './generate/live-planner.ts';
import { endingNow, makeFleet, type Ctx } from './generate/run-state.ts';
import { WINDOW_TEMPLATES, generateWindow } from './generate/maintenance-windows.ts';
import { ANCHOR_MS, DAY, DEFAULT_ACCOUNT_ID, DEFAULT_REGION, HOUR, Rng } from './generate/prng.ts';
import { PROFILES, type DatasetSize, type LocationSize } from './generate/profiles.ts';

export { ANCHOR_MS, DEFAULT_ACCOUNT_ID, DEFAULT_REGION } from './generate/prng.ts';

export type { DatasetSize } from './generate/profiles.ts';

export interface GenerateOptions {
  /** PRNG seed (default 1). */
  seed?: number;
  /** Default `small`. */
  size?: DatasetSize;
  /** The reference time every generated event is an offset back from (default `ANCHOR_MS`, 2026-01-01T00:00:00Z). */
  now?: Date | number;
  /** The account the data describes, in ARNs, bucket names and URLs (default 123456789012). */
  accountId?: string;
  /** The region the data describes (default us-east-1). */
  region?: string;
  /**
   * Also plan how the executions in progress go on after `now` (and the window
   * executions that start later), for the emulator's live mode. The records as
   * of `now` are the same as without it.
   */
  live?: boolean;
}

/** Statuses placed on the newest execution of the first windows, and on older ones of the first, so every status appears. */
const LATEST_STATUSES: MaintenanceWindowExecutionStatus[] = ['IN_PROGRESS', 'PENDING', 'CANCELLING', 'SUCCESS'];
const FORCED_STATUSES: MaintenanceWindowExecutionStatus[] = ['FAILED', 'TIMED_OUT', 'CANCELLED', 'SKIPPED_OVERLAPPING'];

/** Standalone runbooks with their weights. */
const STANDALONE_RUNBOOKS: [string, number][] = [
  ['AWS-RestartEC2Instance', 5],
  ['AWS-StopEC2Instance', 3],
  ['AWS-CreateImage', 3],
  ['AWS-UpdateLinuxAmi', 2],
  ['AWS-PatchInstanceWithRollback', 2],
  ['Custom-ApprovedPatching', 2],
  ['Custom-RotateLogs', 3],
  ['Custom-SnapshotAndRestart', 2],
  ['Custom-FleetRollout', 1],
];

export function generateDataset(opts: GenerateOptions = {}): Dataset {
  const size = opts.size ?? 'small';
  if (size === ('tiny' as string) || !PROFILES[size]) throw new Error(`generateDataset: unknown size "${String(size)}" (expected small, medium or large)`);
  return generateLocation({ ...opts, size }).d;
}

/** One location's data, and the run state that made it (so an estate can add to it). */
export function generateLocation(opts: Omit<GenerateOptions, 'size'> & { size: LocationSize }): Ctx {
  const seed = opts.seed ?? 1;
  const p = PROFILES[opts.size];
  const now = opts.now === undefined ? ANCHOR_MS : new Date(opts.now).getTime();
  if (!Number.isFinite(now)) throw new Error(`generateDataset: now must be a valid time, got ${String(opts.now)}`);
  const rng = new Rng(seed);
  const ctx: Ctx = { rng, d: emptyDataset(), fleet: makeFleet(rng, p.instances), now, accountId: opts.accountId ?? DEFAULT_ACCOUNT_ID, region: opts.region ?? DEFAULT_REGION };
  if (opts.live) ctx.live = new LivePlanner(seed, now);

  // Maintenance windows (with the automations and commands their tasks start).
  for (let w = 0; w < p.windows; w++) {
    const template = WINDOW_TEMPLATES[w % WINDOW_TEMPLATES.length];
    const round = Math.floor(w / WINDOW_TEMPLATES.length);
    generateWindow(ctx, {
      template,
      suffix: round ? `-${round + 1}` : '',
      executions: p.windowExecutionsFixed[w] ?? rng.int(...p.windowExecutions),
      latest: LATEST_STATUSES[w] ?? rng.weighted([['SUCCESS', 8], ['FAILED', 2], ['IN_PROGRESS', 1]] as const),
      forced: w === 0 ? FORCED_STATUSES : undefined,
    });
  }

  // Associations: long histories only on frequent schedules.
  const frequent = ASSOCIATION_TEMPLATES.filter((t) => t.intervalMs <= 4 * HOUR);
  const weekly = ASSOCIATION_TEMPLATES.find((t) => t.name === 'patch-install-weekly')!;
  for (let a = 0; a < p.associations; a++) {
    const executions = p.associationExecutionsFixed[a] ?? rng.int(...p.associationExecutions);
    let template = ASSOCIATION_TEMPLATES[a % ASSOCIATION_TEMPLATES.length];
    if (executions === 0) template = weekly;
    else if (executions * template.intervalMs > 180 * DAY) template = frequent[a % frequent.length];
    generateAssociation(ctx, { template, suffix: `-${String(a + 1).padStart(3, '0')}`, executions, targets: rng.int(1, 6) });
  }

  // Big automations: nested loops and executeAutomation children. The first is finished; a second, if any, is under way.
  p.bigAutomations.forEach(([outer, inner], i) => {
    const spec = {
      runbook: fleetPatchRunbook(outer, inner),
      startMs: now - (i + 1) * 3 * DAY - rng.duration(0, DAY),
      outcome: (i === 1 ? 'InProgress' : 'Success') as AutomationOutcome,
      instanceIds: rng.sample(ctx.fleet, outer).map((x) => x.id),
      stepMs: [1_000, 20_000] as [number, number],
    };
    if (i === 1) endingNow(ctx, () => runAutomation(ctx, spec), (f) => runAutomation(f, { ...spec, ...planned(f) }));
    else runAutomation(ctx, spec);
  });
  // A loop automation under way in every size.
  const loopSpec = (c: Ctx) => ({ runbook: fleetPatchRunbook(4, 3), startMs: now - 2 * HOUR, instanceIds: c.rng.sample(c.fleet, 4).map((x) => x.id), stepMs: [1_000, 20_000] as [number, number] });
  endingNow(ctx, () => runAutomation(ctx, { ...loopSpec(ctx), outcome: 'InProgress' }), (f) => runAutomation(f, { ...loopSpec(f), ...planned(f) }));

  // Standalone automations.
  for (let i = 0; i < p.automations; i++) {
    const runbook: Runbook = RUNBOOKS[rng.weighted(STANDALONE_RUNBOOKS)];
    const recent = i % 7 === 0;
    const outcome: AutomationOutcome = recent
      ? (['InProgress', 'Waiting', 'Pending', 'Cancelling'] as const)[(i / 7) % 4]
      : rng.weighted([['Success', 75], ['Failed', 14], ['TimedOut', 4], ['Cancelled', 7]] as const);
    const spec = { runbook, startMs: now - rng.duration(DAY, 60 * DAY), outcome, instanceIds: rng.sample(ctx.fleet, rng.int(1, 4)).map((x) => x.id) };
    const underWay = settledOutcome(runbook, outcome) === 'InProgress';
    if (recent) endingNow(ctx, () => runAutomation(ctx, spec), underWay ? (f) => runAutomation(f, { ...spec, ...planned(f) }) : undefined);
    else runAutomation(ctx, spec);
  }

  // Standalone commands.
  const documents = Object.keys(COMMAND_DOCUMENTS);
  for (let i = 0; i < p.commands; i++) {
    const recent = i % 9 === 0;
    const outcome: CommandOutcome = recent
      ? (['InProgress', 'Pending'] as const)[(i / 9) % 2]
      : rng.weighted([['Success', 80], ['Failed', 12], ['TimedOut', 3], ['Cancelled', 5]] as const);
    const spec = { document: rng.pick(documents), instances: rng.sample(ctx.fleet, rng.int(1, 12)), requestedMs: now - rng.duration(HOUR, 30 * DAY), outcome };
    const final = (f: Ctx): CommandOutcome => (LivePlanner.succeeds(f.rng) ? 'Success' : 'Failed');
    if (recent) endingNow(ctx, () => sendCommand(ctx, spec), outcome === 'InProgress' ? (f) => sendCommand(f, { ...spec, outcome: final(f) }) : undefined);
    else sendCommand(ctx, spec);
  }
  if (ctx.live) ctx.d.live = ctx.live.result();
  return ctx;
}

/** Counts per collection, plus step executions and the largest per-parent fan-outs. */
/** How a planned automation ends: mostly Success, listing its unrun steps while under way. */
function planned(f: Ctx): { outcome: AutomationOutcome; listRemaining: true } {
  return { outcome: LivePlanner.succeeds(f.rng) ? 'Success' : 'Failed', listRemaining: true };
}

export function describeDataset(d: Dataset): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of DATASET_COLLECTIONS) out[k] = d[k].length;
  let steps = 0;
  let maxSteps = 0;
  let loopChildren = 0;
  for (const a of d.automationExecutions) {
    const n = a.StepExecutions?.length ?? 0;
    steps += n;
    if (n > maxSteps) maxSteps = n;
    for (const st of a.StepExecutions ?? []) if (st.ParentStepDetails) loopChildren++;
  }
  out.stepExecutions = steps;
  out.stepExecutionsWithParent = loopChildren;
  out.maxStepsPerAutomation = maxSteps;
  out.childAutomations = d.automationExecutions.filter((a) => a.ParentAutomationExecutionId).length;
  out.maxExecutionsPerAssociation = maxGroup(d.associationExecutions.map((e) => e.AssociationId!));
  out.maxExecutionsPerWindow = maxGroup(d.maintenanceWindowExecutions.map((e) => e.WindowId!));
  out.maxTasksPerWindowExecution = maxGroup(d.maintenanceWindowExecutionTasks.map((t) => t.WindowExecutionId!));
  out.maxInvocationsPerTask = maxGroup(d.maintenanceWindowExecutionTaskInvocations.map((i) => i.TaskExecutionId!));
  return out;
}

function maxGroup(keys: string[]): number {
  const m = new Map<string, number>();
  let max = 0;
  for (const k of keys) {
    const n = (m.get(k) ?? 0) + 1;
    m.set(k, n);
    if (n > max) max = n;
  }
  return max;
}
