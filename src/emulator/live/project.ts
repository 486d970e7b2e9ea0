/**
 * The view of a planned record at time t: a pure function of (plan, t).
 *
 * Contract, per kind (undefined = not listed yet):
 * - automation: listed from its start; until its end `InProgress`, with the
 *   steps started by t (a running one `InProgress` with no end time, outputs or
 *   failure; a loop's `CurrentIteration` counting iterations begun), top-level
 *   steps not yet begun `Pending` with no times, iterations not yet begun absent,
 *   and an `aws:executeAutomation` step's `ExecutionId` once its child exists;
 *   from its end the full record (without the Pending steps a failure left).
 * - windowExecution: listed from its start, `IN_PROGRESS` until its end.
 * - task: listed with its window execution; `PENDING` (no times) before its
 *   start, `IN_PROGRESS` until its end.
 * - taskInvocation: listed from its task's start; `PENDING` (no times, no
 *   ExecutionId) before its start, `IN_PROGRESS` until its end, its
 *   `ExecutionId` and `Parameters` once what it started exists.
 * - command: listed from its request; `InProgress` until its last invocation
 *   ends, CompletedCount/ErrorCount counting invocations ended by t.
 * - commandInvocation: `Pending` before its plugin starts, `InProgress` until it
 *   finishes (ResponseCode -1, no output).
 * - window: `NextExecutionTime` is the first planned start after t.
 */
import { STATUS_DETAILS } from '../generate/window-status.ts';
import type { Plan } from './plan.ts';

// Records are SSM shapes read member by member here; their types come from the SDK elsewhere.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Rec = Record<string, any>;

const ms = (v: unknown): number | undefined => (v instanceof Date ? v.getTime() : undefined);
const details = (status: 'PENDING' | 'IN_PROGRESS', of: string) => STATUS_DETAILS[status]!.replace('maintenance window execution', of);
/** A window's NextExecutionTime string, as the generator writes it (minutes, no seconds). */
export const nextExecutionString = (t: number): string => new Date(t).toISOString().replace(/:\d\d\.\d+Z$/, 'Z');

function without(r: Rec, ...keys: string[]): Rec {
  const out = { ...r };
  for (const k of keys) delete out[k];
  return out;
}

function automation(p: Plan, t: number): Rec | undefined {
  const full = p.full as Rec;
  const end = ms(full.ExecutionEndTime);
  const steps: Rec[] = full.StepExecutions ?? [];
  if (end !== undefined && t >= end) return { ...full, StepExecutions: steps.filter((s) => s.ExecutionStartTime || s.StepStatus !== 'Pending') };
  const childAt = (p.times ?? {}) as Record<string, number>;
  const out: Rec[] = [];
  const loops = new Map<string, Rec>();
  let current: Rec | undefined;
  for (const s of steps) {
    const s0 = ms(s.ExecutionStartTime);
    if (s0 === undefined || s0 > t) {
      if (!s.ParentStepDetails) out.push({ StepName: s.StepName, Action: s.Action, StepExecutionId: s.StepExecutionId, OnFailure: s.OnFailure, MaxAttempts: s.MaxAttempts, TimeoutSeconds: s.TimeoutSeconds, IsCritical: s.IsCritical, IsEnd: s.IsEnd, ...(s.NextStep ? { NextStep: s.NextStep } : {}), StepStatus: 'Pending', Inputs: {} });
      continue;
    }
    const parent = s.ParentStepDetails && loops.get(s.ParentStepDetails.StepExecutionId);
    if (parent && parent.StepStatus === 'InProgress') parent.Outputs = { CurrentIteration: [String(s.ParentStepDetails.Iteration)], CurrentIteratorValue: [s.ParentStepDetails.IteratorValue ?? ''] };
    const s1 = ms(s.ExecutionEndTime);
    let view: Rec = s;
    if (s1 === undefined || s1 > t) {
      view = { ...without(s, 'ExecutionEndTime', 'Outputs', 'FailureMessage', 'FailureDetails'), StepStatus: 'InProgress' };
      const child = s.Outputs?.ExecutionId?.[0];
      if (s.Action === 'aws:executeAutomation' && child !== undefined && (childAt[s.StepExecutionId] ?? Infinity) <= t) view.Outputs = { ExecutionId: [child], Status: ['InProgress'] };
    }
    if (s.Action === 'aws:loop') loops.set(s.StepExecutionId, view);
    else current = view;
    out.push(view);
  }
  return {
    ...without(full, 'ExecutionEndTime', 'Outputs', 'FailureMessage', 'CurrentStepName', 'CurrentAction'),
    AutomationExecutionStatus: 'InProgress',
    StepExecutions: out,
    ...(current ? { CurrentStepName: current.StepName, CurrentAction: current.Action } : {}),
  };
}

function windowExecution(p: Plan, t: number): Rec {
  const full = p.full as Rec;
  if (t >= (ms(full.EndTime) ?? Infinity)) return full;
  return { ...without(full, 'EndTime'), Status: 'IN_PROGRESS', StatusDetails: STATUS_DETAILS.IN_PROGRESS };
}

function task(p: Plan, t: number): Rec {
  const full = p.full as Rec;
  if (t < (ms(full.StartTime) ?? Infinity)) return { ...without(full, 'StartTime', 'EndTime'), Status: 'PENDING', StatusDetails: details('PENDING', 'task') };
  if (t < (ms(full.EndTime) ?? Infinity)) return { ...without(full, 'EndTime'), Status: 'IN_PROGRESS', StatusDetails: details('IN_PROGRESS', 'task') };
  return full;
}

function taskInvocation(p: Plan, t: number): Rec {
  const full = p.full as Rec;
  if (t < (ms(full.StartTime) ?? Infinity)) return { ...without(full, 'StartTime', 'EndTime', 'ExecutionId', 'Parameters'), Status: 'PENDING', StatusDetails: details('PENDING', 'invocation') };
  if (t >= (ms(full.EndTime) ?? Infinity)) return full;
  const linked = ((p.times ?? {}) as Record<string, number>)[full.ExecutionId] ?? -Infinity;
  const view = { ...without(full, 'EndTime'), Status: 'IN_PROGRESS', StatusDetails: details('IN_PROGRESS', 'invocation') };
  return linked <= t ? view : without(view, 'ExecutionId', 'Parameters');
}

function command(p: Plan, t: number): Rec {
  const full = p.full as Rec;
  const finishes = (p.times ?? []) as number[];
  const done = finishes.filter((f) => Math.abs(f) <= t);
  if (done.length === finishes.length) return full;
  return { ...full, Status: 'InProgress', StatusDetails: 'InProgress', CompletedCount: done.length, ErrorCount: done.filter((f) => f < 0).length };
}

function commandInvocation(p: Plan, t: number): Rec {
  const full = p.full as Rec;
  const plugin: Rec = full.CommandPlugins?.[0] ?? {};
  const started = ms(plugin.ResponseStartDateTime) ?? Infinity;
  const finished = ms(plugin.ResponseFinishDateTime) ?? Infinity;
  if (t >= finished) return full;
  const status = t < started ? 'Pending' : 'InProgress';
  const plug = { ...without(plugin, 'ResponseFinishDateTime', ...(t < started ? ['ResponseStartDateTime'] : [])), Status: status, StatusDetails: status, ResponseCode: -1, Output: '' };
  return { ...full, Status: status, StatusDetails: status, CommandPlugins: [plug] };
}

function window(p: Plan, t: number): Rec {
  const next = ((p.times ?? []) as number[]).find((s) => s > t);
  return next === undefined ? (p.full as Rec) : { ...(p.full as Rec), NextExecutionTime: nextExecutionString(next) };
}

const PROJECTORS: Record<Plan['kind'], (p: Plan, t: number) => Rec | undefined> = { automation, windowExecution, task, taskInvocation, command, commandInvocation, window };

/** The record of `p` as SSM shows it at `t`, or undefined when it does not exist yet. */
export function project(p: Plan, t: number): Rec | undefined {
  return t < p.visibleFrom ? undefined : PROJECTORS[p.kind](p, t);
}
