/**
 * The step player: turns a runbook's step tree into the `StepExecutions` list
 * SSM returns, in execution order. Loops emit their own step, then each
 * iteration's body with `ParentStepDetails` pointing at the loop (nested loops
 * point at the inner loop); the play stops at a chosen leaf with the execution's
 * outcome, and an execution still under way lists its not-yet-run top-level
 * steps as Pending.
 *
 * Every PRNG draw happens in the order the steps run, so the same seed gives the
 * same steps; keep it that way when editing.
 */
import type { AutomationExecutionStatus, ParentStepDetails, StepExecution } from '@aws-sdk/client-ssm';
import type { AutomationExecutionRecord } from '../dataset.ts';
import { inputsFor, iteratorValue, outputsFor } from './automation-step-io.ts';
import type { Ctx } from './run-state.ts';
import { at } from './prng.ts';
import type { StepPlan } from './runbooks.ts';

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

/** The status an execution (and the step it stopped at) shows for each outcome. */
export const STEP_STATUS: Record<AutomationOutcome, AutomationExecutionStatus> = {
  Success: 'Success',
  Failed: 'Failed',
  TimedOut: 'TimedOut',
  Cancelled: 'Cancelled',
  Cancelling: 'Cancelling',
  InProgress: 'InProgress',
  Waiting: 'Waiting',
  Pending: 'Pending',
};

export interface PlayOptions {
  /** The execution's final outcome (already settled: a Waiting play without an approval step is InProgress). */
  outcome: AutomationOutcome;
  /** Leaf index (see `countLeaves`) of the step the play stops at; Infinity runs every step. Ignored for Pending. */
  stopAt: number;
  /** When the first step starts. */
  startMs: number;
  /** Duration range of a plain step, in ms. */
  stepMs: [number, number];
  /** The instance(s) the runbook works on. */
  instanceIds: string[];
  /** List the top-level steps a stop left unrun as Pending even when the outcome is final (live plans; the view drops them at the end). */
  listRemaining?: boolean;
  /**
   * Starts the child execution of an `aws:executeAutomation` step (appending it
   * to the dataset) and returns its record. Called while the step runs, so the
   * child's PRNG draws come between the step's.
   */
  startChild: (document: string, startMs: number, outcome: AutomationOutcome, target: string) => AutomationExecutionRecord;
}

export interface PlayResult {
  steps: StepExecution[];
  /** The time after the last step: the execution's end time when it ended. */
  endMs: number;
  /** The step the play stopped at, if it stopped. */
  stopStep?: StepExecution;
  /** The message of a Failed or TimedOut stop, for the execution too. */
  failureMessage?: string;
}

/** Play `plan` from `opts.startMs`, drawing from `ctx.rng`. */
export function playSteps(ctx: Ctx, plan: StepPlan[], opts: PlayOptions): PlayResult {
  const player = new StepPlayer(ctx, opts);
  player.emit(plan, undefined);
  return { steps: player.steps, endMs: player.cursor, stopStep: player.stopStep, failureMessage: player.failureMessage };
}

/** The latest start or end time of any step of `rec` (its start when it has no steps). */
function lastTime(rec: AutomationExecutionRecord): number {
  let t = rec.ExecutionStartTime!.getTime();
  for (const st of rec.StepExecutions ?? []) {
    const v = (st.ExecutionEndTime ?? st.ExecutionStartTime)?.getTime();
    if (v !== undefined && v > t) t = v;
  }
  return t;
}

class StepPlayer {
  readonly steps: StepExecution[] = [];
  cursor: number;
  stopStep: StepExecution | undefined;
  failureMessage: string | undefined;
  private leafIndex = 0;
  private stopped: boolean;
  private readonly outcome: AutomationOutcome;
  private readonly terminal: boolean;
  /** An execution under way lists its not-yet-run top-level steps as Pending. */
  private readonly listRemaining: boolean;

  constructor(
    private readonly ctx: Ctx,
    private readonly opts: PlayOptions,
  ) {
    const outcome = opts.outcome;
    this.outcome = outcome;
    this.terminal = isTerminalAutomation(outcome);
    this.listRemaining = opts.listRemaining || outcome === 'InProgress' || outcome === 'Waiting' || outcome === 'Pending';
    this.stopped = outcome === 'Pending';
    this.cursor = opts.startMs;
  }

  emit(items: StepPlan[], parent: ParentStepDetails | undefined): void {
    for (let idx = 0; idx < items.length; idx++) {
      const p = items[idx];
      const next = items[idx + 1];
      if (this.stopped) {
        if (!this.listRemaining || parent) return;
        const pending = this.common(p.name, p.kind === 'loop' ? 'aws:loop' : p.kind === 'child' ? 'aws:executeAutomation' : p.action);
        pending.StepStatus = 'Pending';
        pending.Inputs = {};
        finishLinks(pending, next, parent);
        this.steps.push(pending);
        continue;
      }
      if (p.kind === 'loop') this.loop(p, next, parent);
      else this.leaf(p, next, parent);
    }
  }

  private common(name: string, action: string, parent?: ParentStepDetails): StepExecution {
    const step: StepExecution = {
      StepName: name,
      Action: action,
      StepExecutionId: this.ctx.rng.uuid(),
      OnFailure: 'Abort',
      MaxAttempts: 1,
      TimeoutSeconds: 3600,
      IsCritical: true,
      IsEnd: false,
    };
    if (parent) step.ParentStepDetails = parent;
    return step;
  }

  /** The loop's own step, then its iterations until they end or the play stops inside one. */
  private loop(p: Extract<StepPlan, { kind: 'loop' }>, next: StepPlan | undefined, parent: ParentStepDetails | undefined): void {
    const { ctx } = this;
    const { rng } = ctx;
    const loop = this.common(p.name, 'aws:loop', parent);
    const values: string[] = [];
    for (let i = 0; i < p.count; i++) values.push(iteratorValue(ctx, p.iterator, i, this.opts.instanceIds));
    loop.Inputs = { Iterators: JSON.stringify(values), MaxIterations: String(p.count) };
    loop.ExecutionStartTime = at(this.cursor);
    finishLinks(loop, next, parent);
    this.steps.push(loop);
    this.cursor += rng.duration(100, 800);
    let iterations = 0;
    for (let i = 0; i < p.count && !this.stopped; i++) {
      iterations = i + 1;
      this.emit(p.body, { StepExecutionId: loop.StepExecutionId, StepName: p.name, Action: 'aws:loop', Iteration: i + 1, IteratorValue: values[i] });
    }
    loop.Outputs = { CurrentIteration: [String(iterations)], CurrentIteratorValue: [values[iterations - 1] ?? ''] };
    if (this.stopped) {
      loop.StepStatus = STEP_STATUS[this.outcome];
      if (this.terminal) loop.ExecutionEndTime = at(this.cursor);
    } else {
      loop.StepStatus = 'Success';
      loop.ExecutionEndTime = at(this.cursor);
      this.cursor += rng.duration(100, 800);
    }
  }

  /** A plain step or a child automation; the play stops here when it is leaf `stopAt`. */
  private leaf(p: Exclude<StepPlan, { kind: 'loop' }>, next: StepPlan | undefined, parent: ParentStepDetails | undefined): void {
    const { ctx, opts, outcome } = this;
    const { rng } = ctx;
    const [minMs, maxMs] = opts.stepMs;
    const action = p.kind === 'child' ? 'aws:executeAutomation' : p.action;
    const step = this.common(p.name, action, parent);
    const isStop = this.leafIndex === opts.stopAt;
    this.leafIndex++;
    step.ExecutionStartTime = at(this.cursor);
    const target = parent?.IteratorValue?.startsWith('i-') ? parent.IteratorValue : opts.instanceIds[0] ?? ctx.fleet[0].id;
    if (p.kind === 'child') {
      const child = opts.startChild(p.document, this.cursor + rng.duration(300, 2000), isStop ? outcome : 'Success', target);
      step.Inputs = { DocumentName: p.document, RuntimeParameters: JSON.stringify({ InstanceId: [target] }) };
      step.Outputs = { ExecutionId: [child.AutomationExecutionId!], Status: [child.AutomationExecutionStatus!] };
      const childEnd = child.ExecutionEndTime?.getTime() ?? lastTime(child);
      this.cursor = Math.max(this.cursor, childEnd) + rng.duration(300, 2000);
    } else {
      step.Inputs = inputsFor(action, ctx, target);
      const out = outputsFor(action, ctx);
      if (out) step.Outputs = out;
      this.cursor += rng.duration(minMs, maxMs);
    }
    finishLinks(step, next, parent);
    this.steps.push(step);
    if (isStop) this.stopHere(step, action);
    else {
      step.StepStatus = 'Success';
      step.ExecutionEndTime = at(this.cursor);
      this.cursor += rng.duration(50, 600);
    }
  }

  /** Mark `step` as where the play stopped, with the outcome's status and failure text. */
  private stopHere(step: StepExecution, action: string): void {
    const { outcome } = this;
    this.stopped = true;
    this.stopStep = step;
    step.StepStatus = STEP_STATUS[outcome];
    if (this.terminal) step.ExecutionEndTime = at(this.cursor);
    if (outcome === 'Failed') {
      this.failureMessage = `Step fails when it is ${action === 'aws:runCommand' ? 'polling' : 'executing'}. Fail message: ${action === 'aws:runCommand' ? 'Command failed on 1 instance(s)' : 'An error occurred (InvalidInstanceID.NotFound)'}. Please refer to Automation Service Troubleshooting Guide for more diagnosis details.`;
      step.FailureMessage = this.failureMessage;
      step.FailureDetails = { FailureStage: 'Invocation', FailureType: 'Action', Details: { ExceptionType: ['ActionFailed'] } };
    } else if (outcome === 'TimedOut') {
      this.failureMessage = `Step timed out while step is verifying the ${action} status.`;
      step.FailureMessage = this.failureMessage;
    }
    if (outcome === 'Waiting') delete step.ExecutionEndTime;
  }
}

/** Links a step to the next one at its level; the last top-level step ends the execution. */
function finishLinks(step: StepExecution, next: StepPlan | undefined, parent: ParentStepDetails | undefined): void {
  if (next) step.NextStep = next.name;
  else if (!parent) step.IsEnd = true;
}
