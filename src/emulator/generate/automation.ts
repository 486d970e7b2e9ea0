/**
 * Automation executions: step lists in execution order, `aws:loop` iterations
 * (nested loops give parents several levels deep), `aws:executeAutomation`
 * children that exist and point back, and executions still under way.
 */
import type { AutomationExecutionStatus, StepExecution, ParentStepDetails } from '@aws-sdk/client-ssm';
import type { AutomationExecutionRecord } from '../dataset.ts';
import type { Ctx } from './context.ts';
import { ACCOUNT_ID, REGION, at, roleArn } from './prng.ts';

/** A step of a runbook, as the generator plays it. */
export type StepPlan =
  | { kind: 'step'; name: string; action: string }
  | { kind: 'loop'; name: string; iterator: 'instances' | 'volumes' | 'regions'; count: number; body: StepPlan[] }
  | { kind: 'child'; name: string; document: string };

export interface Runbook {
  document: string;
  steps: StepPlan[];
}

/** How an execution ends (or where it stands now). */
export type AutomationOutcome =
  | 'Success'
  | 'Failed'
  | 'TimedOut'
  | 'Cancelled'
  | 'Cancelling'
  | 'InProgress'
  | 'Waiting'
  | 'Pending';

const TERMINAL = new Set<AutomationOutcome>(['Success', 'Failed', 'TimedOut', 'Cancelled']);
export const isTerminalAutomation = (o: AutomationOutcome): boolean => TERMINAL.has(o);

const s = (name: string, action: string): StepPlan => ({ kind: 'step', name, action });

/** Runbooks by document name. Children of `aws:executeAutomation` steps are looked up here. */
export const RUNBOOKS: Record<string, Runbook> = {
  'AWS-RestartEC2Instance': {
    document: 'AWS-RestartEC2Instance',
    steps: [s('stopInstances', 'aws:changeInstanceState'), s('startInstances', 'aws:changeInstanceState')],
  },
  'AWS-StopEC2Instance': { document: 'AWS-StopEC2Instance', steps: [s('stopInstances', 'aws:changeInstanceState')] },
  'AWS-CreateImage': { document: 'AWS-CreateImage', steps: [s('createImage', 'aws:createImage')] },
  'AWS-CreateSnapshot': {
    document: 'AWS-CreateSnapshot',
    steps: [s('createSnapshot', 'aws:executeAwsApi'), s('verifySnapshot', 'aws:assertAwsResourceProperty')],
  },
  'AWS-UpdateLinuxAmi': {
    document: 'AWS-UpdateLinuxAmi',
    steps: [
      s('launchInstance', 'aws:runInstances'),
      s('updateOSSoftware', 'aws:runCommand'),
      s('stopInstance', 'aws:changeInstanceState'),
      s('createImage', 'aws:createImage'),
      s('createTags', 'aws:createTags'),
      s('terminateInstance', 'aws:changeInstanceState'),
    ],
  },
  'AWS-PatchInstanceWithRollback': {
    document: 'AWS-PatchInstanceWithRollback',
    steps: [
      s('backupInstance', 'aws:createImage'),
      s('installPatches', 'aws:runCommand'),
      s('branchOnResult', 'aws:branch'),
      s('verifyCompliance', 'aws:assertAwsResourceProperty'),
    ],
  },
  'Custom-ApprovedPatching': {
    document: 'Custom-ApprovedPatching',
    steps: [
      s('describeTargets', 'aws:executeAwsApi'),
      s('requestApproval', 'aws:approve'),
      s('installPatches', 'aws:runCommand'),
      s('verifyCompliance', 'aws:assertAwsResourceProperty'),
    ],
  },
  'Custom-RotateLogs': {
    document: 'Custom-RotateLogs',
    steps: [
      s('listInstances', 'aws:executeAwsApi'),
      { kind: 'loop', name: 'rotateEachInstance', iterator: 'instances', count: 4, body: [s('rotateLogs', 'aws:runCommand'), s('checkDisk', 'aws:executeScript')] },
      s('summarize', 'aws:executeScript'),
    ],
  },
  'Custom-SnapshotAndRestart': {
    document: 'Custom-SnapshotAndRestart',
    steps: [
      s('validateInput', 'aws:executeScript'),
      { kind: 'child', name: 'snapshotRootVolume', document: 'AWS-CreateSnapshot' },
      { kind: 'child', name: 'restartInstance', document: 'AWS-RestartEC2Instance' },
      s('sleepForHealthCheck', 'aws:sleep'),
      s('assertRunning', 'aws:assertAwsResourceProperty'),
    ],
  },
  'Custom-FleetRollout': {
    document: 'Custom-FleetRollout',
    steps: [
      s('validateInput', 'aws:executeScript'),
      { kind: 'child', name: 'snapshotCanary', document: 'Custom-SnapshotAndRestart' },
      { kind: 'loop', name: 'rolloutRegions', iterator: 'regions', count: 3, body: [s('deployToRegion', 'aws:executeAwsApi'), s('waitForDeploy', 'aws:assertAwsResourceProperty')] },
      s('notify', 'aws:executeAwsApi'),
    ],
  },
};

/** A large runbook: an outer loop over instances holding an inner loop over volumes, plus a child automation. */
export function fleetPatchRunbook(outer: number, inner: number): Runbook {
  return {
    document: 'Custom-PatchAndSnapshotFleet',
    steps: [
      s('validateInput', 'aws:executeScript'),
      s('getTargetInstances', 'aws:executeAwsApi'),
      { kind: 'child', name: 'createGoldenImage', document: 'AWS-CreateImage' },
      {
        kind: 'loop',
        name: 'forEachInstance',
        iterator: 'instances',
        count: outer,
        body: [
          s('assertInstanceRunning', 'aws:assertAwsResourceProperty'),
          {
            kind: 'loop',
            name: 'snapshotEachVolume',
            iterator: 'volumes',
            count: inner,
            body: [s('createSnapshot', 'aws:executeAwsApi'), s('waitForSnapshot', 'aws:sleep'), s('tagSnapshot', 'aws:createTags')],
          },
          s('installPatches', 'aws:runCommand'),
        ],
      },
      { kind: 'child', name: 'restartPatchedFleet', document: 'AWS-RestartEC2Instance' },
      s('branchOnCompliance', 'aws:branch'),
      s('publishReport', 'aws:executeScript'),
    ],
  };
}

function countLeaves(plan: StepPlan[]): number {
  let n = 0;
  for (const p of plan) n += p.kind === 'loop' ? p.count * countLeaves(p.body) : 1;
  return n;
}

function firstLeafIndex(plan: StepPlan[], action: string): number {
  let i = 0;
  const walk = (ps: StepPlan[]): boolean => {
    for (const p of ps) {
      if (p.kind === 'loop') {
        for (let k = 0; k < p.count; k++) if (walk(p.body)) return true;
      } else if (p.kind === 'step' && p.action === action) return true;
      else i++;
    }
    return false;
  };
  return walk(plan) ? i : -1;
}

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
}

const STEP_STATUS: Record<AutomationOutcome, AutomationExecutionStatus> = {
  Success: 'Success',
  Failed: 'Failed',
  TimedOut: 'TimedOut',
  Cancelled: 'Cancelled',
  Cancelling: 'Cancelling',
  InProgress: 'InProgress',
  Waiting: 'Waiting',
  Pending: 'Pending',
};

function inputsFor(action: string, ctx: Ctx, target: string): Record<string, string> {
  switch (action) {
    case 'aws:changeInstanceState':
      return { InstanceIds: JSON.stringify([target]), DesiredState: ctx.rng.chance(0.5) ? 'stopped' : 'running' };
    case 'aws:runCommand':
      return { DocumentName: 'AWS-RunShellScript', InstanceIds: JSON.stringify([target]) };
    case 'aws:executeAwsApi':
      return { Service: 'ec2', Api: 'DescribeInstances' };
    case 'aws:createImage':
      return { InstanceId: target, ImageName: `image-${target}` };
    case 'aws:sleep':
      return { Duration: 'PT1M' };
    case 'aws:approve':
      return { Approvers: JSON.stringify([roleArn('ChangeApprovers')]), MinRequiredApprovals: '1' };
    case 'aws:executeScript':
      return { Runtime: 'python3.11', Handler: 'handler' };
    default:
      return {};
  }
}

function outputsFor(action: string, ctx: Ctx): Record<string, string[]> | undefined {
  switch (action) {
    case 'aws:runCommand':
      return { CommandId: [ctx.rng.uuid()], Status: ['Success'] };
    case 'aws:createImage':
      return { ImageId: [`ami-${ctx.rng.hex(17)}`], ImageState: ['available'] };
    case 'aws:executeAwsApi':
      return { 'OutputPayload': [JSON.stringify({ RequestId: ctx.rng.uuid() })] };
    case 'aws:runInstances':
      return { InstanceIds: [`i-${ctx.rng.hex(17)}`] };
    default:
      return undefined;
  }
}

function iteratorValue(ctx: Ctx, kind: 'instances' | 'volumes' | 'regions', i: number, instanceIds: string[]): string {
  if (kind === 'instances') return instanceIds[i % instanceIds.length] ?? ctx.fleet[i % ctx.fleet.length].id;
  if (kind === 'regions') return ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2', 'eu-central-1'][i % 5];
  return `vol-${ctx.rng.hex(17)}`;
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
  let outcome = spec.outcome;
  let stopAt = Infinity;
  if (outcome === 'Waiting') {
    stopAt = firstLeafIndex(plan, 'aws:approve');
    if (stopAt < 0) outcome = 'InProgress';
  }
  if (outcome === 'Pending') stopAt = -1;
  else if (outcome !== 'Success' && outcome !== 'Waiting') stopAt = rng.int(Math.floor(leaves * 0.4), leaves - 1);
  const terminal = isTerminalAutomation(outcome);
  // An execution under way lists its not-yet-run top-level steps as Pending.
  const listRemaining = outcome === 'InProgress' || outcome === 'Waiting' || outcome === 'Pending';

  const steps: StepExecution[] = [];
  let leafIndex = 0;
  let stopped = outcome === 'Pending';
  let cursor = spec.startMs + rng.duration(200, 1500);
  let stopStep: StepExecution | undefined;
  let failureMessage: string | undefined;

  const common = (name: string, action: string, parent?: ParentStepDetails): StepExecution => {
    const step: StepExecution = {
      StepName: name,
      Action: action,
      StepExecutionId: rng.uuid(),
      OnFailure: 'Abort',
      MaxAttempts: 1,
      TimeoutSeconds: 3600,
      IsCritical: true,
      IsEnd: false,
    };
    if (parent) step.ParentStepDetails = parent;
    return step;
  };

  const emit = (items: StepPlan[], parent: ParentStepDetails | undefined): void => {
    for (let idx = 0; idx < items.length; idx++) {
      const p = items[idx];
      const next = items[idx + 1];
      if (stopped) {
        if (!listRemaining || parent) return;
        const pending = common(p.name, p.kind === 'loop' ? 'aws:loop' : p.kind === 'child' ? 'aws:executeAutomation' : p.action);
        pending.StepStatus = 'Pending';
        pending.Inputs = {};
        finishLinks(pending, next, parent);
        steps.push(pending);
        continue;
      }
      if (p.kind === 'loop') {
        const loop = common(p.name, 'aws:loop', parent);
        const values: string[] = [];
        for (let i = 0; i < p.count; i++) values.push(iteratorValue(ctx, p.iterator, i, spec.instanceIds));
        loop.Inputs = { Iterators: JSON.stringify(values), MaxIterations: String(p.count) };
        loop.ExecutionStartTime = at(cursor);
        finishLinks(loop, next, parent);
        steps.push(loop);
        cursor += rng.duration(100, 800);
        let iterations = 0;
        for (let i = 0; i < p.count && !stopped; i++) {
          iterations = i + 1;
          emit(p.body, { StepExecutionId: loop.StepExecutionId, StepName: p.name, Action: 'aws:loop', Iteration: i + 1, IteratorValue: values[i] });
        }
        loop.Outputs = { CurrentIteration: [String(iterations)], CurrentIteratorValue: [values[iterations - 1] ?? ''] };
        if (stopped) {
          loop.StepStatus = STEP_STATUS[outcome];
          if (terminal) loop.ExecutionEndTime = at(cursor);
        } else {
          loop.StepStatus = 'Success';
          loop.ExecutionEndTime = at(cursor);
          cursor += rng.duration(100, 800);
        }
        continue;
      }
      const action = p.kind === 'child' ? 'aws:executeAutomation' : p.action;
      const step = common(p.name, action, parent);
      const isStop = leafIndex === stopAt;
      leafIndex++;
      step.ExecutionStartTime = at(cursor);
      const target = parent?.IteratorValue?.startsWith('i-') ? parent.IteratorValue : spec.instanceIds[0] ?? ctx.fleet[0].id;
      if (p.kind === 'child') {
        const childRunbook = RUNBOOKS[p.document];
        const child = runAutomation(ctx, {
          runbook: childRunbook,
          startMs: cursor + rng.duration(300, 2000),
          outcome: isStop ? outcome : 'Success',
          parentId: id,
          instanceIds: [target],
          executedBy: spec.executedBy,
          stepMs: [minMs, maxMs],
        });
        step.Inputs = { DocumentName: p.document, RuntimeParameters: JSON.stringify({ InstanceId: [target] }) };
        step.Outputs = { ExecutionId: [child.AutomationExecutionId!], Status: [child.AutomationExecutionStatus!] };
        const childEnd = child.ExecutionEndTime?.getTime() ?? lastTime(child);
        cursor = Math.max(cursor, childEnd) + rng.duration(300, 2000);
      } else {
        step.Inputs = inputsFor(action, ctx, target);
        const out = outputsFor(action, ctx);
        if (out) step.Outputs = out;
        cursor += rng.duration(minMs, maxMs);
      }
      finishLinks(step, next, parent);
      steps.push(step);
      if (isStop) {
        stopped = true;
        stopStep = step;
        step.StepStatus = STEP_STATUS[outcome];
        if (terminal) step.ExecutionEndTime = at(cursor);
        if (outcome === 'Failed') {
          failureMessage = `Step fails when it is ${action === 'aws:runCommand' ? 'polling' : 'executing'}. Fail message: ${action === 'aws:runCommand' ? 'Command failed on 1 instance(s)' : 'An error occurred (InvalidInstanceID.NotFound)'}. Please refer to Automation Service Troubleshooting Guide for more diagnosis details.`;
          step.FailureMessage = failureMessage;
          step.FailureDetails = { FailureStage: 'Invocation', FailureType: 'Action', Details: { ExceptionType: ['ActionFailed'] } };
        } else if (outcome === 'TimedOut') {
          failureMessage = `Step timed out while step is verifying the ${action} status.`;
          step.FailureMessage = failureMessage;
        }
        if (outcome === 'Waiting') delete step.ExecutionEndTime;
      } else {
        step.StepStatus = 'Success';
        step.ExecutionEndTime = at(cursor);
        cursor += rng.duration(50, 600);
      }
    }
  };

  function finishLinks(step: StepExecution, next: StepPlan | undefined, parent: ParentStepDetails | undefined): void {
    if (next) step.NextStep = next.name;
    else if (!parent) step.IsEnd = true;
  }

  emit(plan, undefined);

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
      AutomationAssumeRole: [roleArn('AutomationServiceRole')],
      InstanceId: spec.instanceIds.length ? spec.instanceIds.slice(0, 5) : [ctx.fleet[0].id],
    },
    Mode: 'Auto',
    ExecutedBy: spec.executedBy ?? `arn:aws:sts::${ACCOUNT_ID}:assumed-role/OpsAdmin/ops-${rng.int(1, 9)}`,
    AutomationType: 'Local',
  };
  if (terminal) rec.ExecutionEndTime = at(cursor);
  if (outcome === 'Success') rec.Outputs = { [`${last?.StepName ?? 'run'}.Status`]: ['Success'] };
  if (failureMessage) rec.FailureMessage = failureMessage;
  if (last && outcome !== 'Pending') {
    rec.CurrentStepName = last.StepName!;
    rec.CurrentAction = last.Action!;
  }
  if (spec.parentId) rec.ParentAutomationExecutionId = spec.parentId;
  if (spec.associationId) rec.AssociationId = spec.associationId;
  rec.LogFile = `s3://ssm-automation-logs-${ACCOUNT_ID}-${REGION}/${id}.log`;
  ctx.d.automationExecutions.push(rec);
  return rec;
}

function lastTime(rec: AutomationExecutionRecord): number {
  let t = rec.ExecutionStartTime!.getTime();
  for (const st of rec.StepExecutions ?? []) {
    const v = (st.ExecutionEndTime ?? st.ExecutionStartTime)?.getTime();
    if (v !== undefined && v > t) t = v;
  }
  return t;
}
