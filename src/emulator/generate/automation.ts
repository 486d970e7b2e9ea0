/**
 * Automation executions: step lists in execution order, `aws:loop` iterations
 * (nested loops give parents several levels deep), `aws:executeAutomation`
 * children that exist and point back, and executions still under way.
 *
 * This module settles how an execution ends and builds its record; the step
 * tree is played by `automation-steps.ts` and the runbooks live in `runbooks.ts`.
 */
import type { AutomationExecutionRecord } from '../dataset.ts';
import { STEP_STATUS, isTerminalAutomation, playSteps, type AutomationOutcome } from './automation-steps.ts';
import type { Ctx } from './run-state.ts';
import { at, roleArn } from './prng.ts';
import { RUNBOOKS, countLeaves, firstLeafIndex, type Runbook } from './runbooks.ts';

export { isTerminalAutomation, type AutomationOutcome } from './automation-steps.ts';
export { RUNBOOKS, fleetPatchRunbook, type Runbook, type StepPlan } from './runbooks.ts';

export interface AutomationSpec {
  runbook: Runbook;
  startMs: number;
  outcome: AutomationOutcome;
  parentId?: string;
  /** The instance(s) the runbook works on; loop iterators draw from the fleet. */
  instanceIds: string[];
  executedBy?: string;
  associationId?: string;
  /** Step duration range in ms. */
  stepMs?: [number, number];
  /** See `PlayOptions.listRemaining`. */
  listRemaining?: boolean;
}

/** The outcome a play of `runbook` really has: Waiting needs an approval step, else it is InProgress. */
export function settledOutcome(runbook: Runbook, outcome: AutomationOutcome): AutomationOutcome {
  return outcome === 'Waiting' && firstLeafIndex(runbook.steps, 'aws:approve') < 0 ? 'InProgress' : outcome;
}

/**
 * Play a runbook and append the execution (and any child executions) to the
 * dataset. Returns the parent's record.
 */
export function runAutomation(ctx: Ctx, spec: AutomationSpec): AutomationExecutionRecord {
  const { rng } = ctx;
  const id = rng.uuid();
  const plan = spec.runbook.steps;
  const [minMs, maxMs] = spec.stepMs ?? [2_000, 90_000];
  const leaves = countLeaves(plan);
  // Where the play stops: a Waiting execution waits at its approval step (and is
  // InProgress when the runbook has none), a Pending one before the first step,
  // any other non-Success outcome at a random leaf at least 40% of the way in.
  const outcome = settledOutcome(spec.runbook, spec.outcome);
  let stopAt = Infinity;
  if (outcome === 'Waiting') stopAt = firstLeafIndex(plan, 'aws:approve');
  if (outcome === 'Pending') stopAt = -1;
  else if (outcome !== 'Success' && outcome !== 'Waiting') stopAt = rng.int(Math.floor(leaves * 0.4), leaves - 1);
  const terminal = isTerminalAutomation(outcome);

  const { steps, endMs, stopStep, failureMessage } = playSteps(ctx, plan, {
    outcome,
    stopAt,
    startMs: spec.startMs + rng.duration(200, 1500),
    stepMs: [minMs, maxMs],
    instanceIds: spec.instanceIds,
    listRemaining: spec.listRemaining,
    startChild: (document, startMs, childOutcome, target) =>
      runAutomation(ctx, {
        runbook: RUNBOOKS[document],
        startMs,
        outcome: childOutcome,
        parentId: id,
        instanceIds: [target],
        executedBy: spec.executedBy,
        stepMs: [minMs, maxMs],
        listRemaining: spec.listRemaining,
      }),
  });


  const last = stopStep ?? steps[steps.length - 1];
  const rec: AutomationExecutionRecord = {
    AutomationExecutionId: id,
    DocumentName: spec.runbook.document,
    DocumentVersion: spec.runbook.document.startsWith('AWS-') ? '1' : String(rng.int(1, 7)),
    AutomationExecutionStatus: STEP_STATUS[outcome],
    ExecutionStartTime: at(spec.startMs),
    StepExecutions: steps,
    StepExecutionsTruncated: false,
    Parameters: {
      AutomationAssumeRole: [roleArn(ctx, 'AutomationServiceRole')],
      InstanceId: spec.instanceIds.length ? spec.instanceIds.slice(0, 5) : [ctx.fleet[0].id],
    },
    Mode: 'Auto',
    ExecutedBy: spec.executedBy ?? `arn:aws:sts::${ctx.accountId}:assumed-role/OpsAdmin/ops-${rng.int(1, 9)}`,
    AutomationType: 'Local',
  };
  if (terminal) rec.ExecutionEndTime = at(endMs);
  if (outcome === 'Success') rec.Outputs = { [`${last?.StepName ?? 'run'}.Status`]: ['Success'] };
  if (failureMessage) rec.FailureMessage = failureMessage;
  if (last && outcome !== 'Pending') {
    rec.CurrentStepName = last.StepName!;
    rec.CurrentAction = last.Action!;
  }
  if (spec.parentId) rec.ParentAutomationExecutionId = spec.parentId;
  if (spec.associationId) rec.AssociationId = spec.associationId;
  rec.LogFile = `s3://ssm-automation-logs-${ctx.accountId}-${ctx.region}/${id}.log`;
  ctx.d.automationExecutions.push(rec);
  return rec;
}
