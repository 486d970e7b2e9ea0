/**
 * Dataset-level checks shared by the generator tests: every reference
 * resolves (beyond `validateDatasetIntegrity`, the shape of each link: loop
 * parents, children pointing back, RUN_COMMAND invocations' commands ran on
 * exactly their instances), times are consistent, model patterns and enums.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { Dataset } from '../../src/emulator/dataset.ts';
import { ANCHOR_MS } from '../../src/emulator/generate.ts';
import { validateDatasetIntegrity } from '../../src/emulator/load.ts';

interface Shape {
  type: string;
  enum?: string[];
  pattern?: string;
  min?: number;
  max?: number;
}
const shapes = (JSON.parse(readFileSync(new URL('../../src/ssm-api-model.json', import.meta.url), 'utf8')) as { shapes: Record<string, Shape> }).shapes;
export const enumOf = (name: string): string[] => shapes[name].enum!;

/** A checker for a model string shape: its pattern (anchored, as AWS applies it) and length limits. */
export function matcher(name: string): (v: string) => boolean {
  const s = shapes[name];
  let re: RegExp | null = null;
  if (s.pattern) {
    try {
      re = new RegExp(`^(?:${s.pattern})$`, 'u'); // \p{L} needs unicode mode
    } catch {
      re = new RegExp(`^(?:${s.pattern})$`); // \- outside a class is not allowed in it
    }
  }
  return (v) => (!re || re.test(v)) && (s.min === undefined || v.length >= s.min) && (s.max === undefined || v.length <= s.max);
}

export function groupBy<T>(items: T[], key: (t: T) => string | undefined): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    if (k === undefined) continue;
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return m;
}

const TERMINAL_WINDOW = new Set(['SUCCESS', 'FAILED', 'TIMED_OUT', 'CANCELLED', 'SKIPPED_OVERLAPPING']);
const TERMINAL_AUTOMATION = new Set(['Success', 'Failed', 'TimedOut', 'Cancelled']);

export function checkIntegrity(d: Dataset): void {
  expect(validateDatasetIntegrity(d)).toEqual([]);

  // Automations: step parents within the same execution; executeAutomation children exist and point back.
  const automations = new Map(d.automationExecutions.map((a) => [a.AutomationExecutionId!, a]));
  const allStepIds = new Set<string>();
  for (const a of d.automationExecutions) {
    const steps = a.StepExecutions ?? [];
    const ids = new Map(steps.map((s) => [s.StepExecutionId!, s]));
    expect(ids.size).toBe(steps.length);
    steps.forEach((s, i) => {
      expect(allStepIds.has(s.StepExecutionId!)).toBe(false);
      allStepIds.add(s.StepExecutionId!);
      const p = s.ParentStepDetails;
      if (p) {
        const parent = ids.get(p.StepExecutionId!);
        expect(parent, `parent of ${a.AutomationExecutionId} step ${i}`).toBeDefined();
        expect(parent!.Action).toBe('aws:loop');
        expect(p.Action).toBe('aws:loop');
        expect(p.StepName).toBe(parent!.StepName);
        expect(steps.indexOf(parent!)).toBeLessThan(i);
        expect(p.Iteration).toBeGreaterThanOrEqual(1);
        expect(typeof p.IteratorValue).toBe('string');
      }
      if (s.Action === 'aws:executeAutomation' && s.StepStatus !== 'Pending') {
        const childId = s.Outputs!.ExecutionId[0];
        const child = automations.get(childId);
        expect(child, `child ${childId}`).toBeDefined();
        expect(child!.ParentAutomationExecutionId).toBe(a.AutomationExecutionId);
      }
    });
    if (a.ParentAutomationExecutionId) expect(automations.has(a.ParentAutomationExecutionId)).toBe(true);
  }

  // Maintenance windows: execution -> window; TaskIds -> tasks; invocation -> task of that execution -> started work.
  const windows = new Set(d.maintenanceWindows.map((w) => w.WindowId));
  const execs = new Map(d.maintenanceWindowExecutions.map((e) => [e.WindowExecutionId!, e]));
  const tasks = new Map(d.maintenanceWindowExecutionTasks.map((t) => [t.TaskExecutionId!, t]));
  const tasksByExec = groupBy(d.maintenanceWindowExecutionTasks, (t) => t.WindowExecutionId);
  for (const e of d.maintenanceWindowExecutions) {
    expect(windows.has(e.WindowId)).toBe(true);
    expect([...(e.TaskIds ?? [])].sort()).toEqual((tasksByExec.get(e.WindowExecutionId!) ?? []).map((t) => t.TaskExecutionId).sort());
  }
  const commands = new Map(d.commands.map((c) => [c.CommandId!, c]));
  const cmdInvocations = groupBy(d.commandInvocations, (c) => c.CommandId);
  for (const inv of d.maintenanceWindowExecutionTaskInvocations) {
    const exec = execs.get(inv.WindowExecutionId!);
    const task = tasks.get(inv.TaskExecutionId!);
    expect(exec).toBeDefined();
    expect(task?.WindowExecutionId).toBe(inv.WindowExecutionId);
    expect(inv.TaskType).toBe(task!.Type);
    if (inv.Status === 'PENDING') continue;
    expect(inv.ExecutionId).toBeDefined();
    if (inv.TaskType === 'AUTOMATION') expect(automations.has(inv.ExecutionId!)).toBe(true);
    if (inv.TaskType === 'RUN_COMMAND') {
      const cmd = commands.get(inv.ExecutionId!);
      expect(cmd).toBeDefined();
      const invs = cmdInvocations.get(cmd!.CommandId!) ?? [];
      expect(invs.map((i) => i.InstanceId).sort()).toEqual([...cmd!.InstanceIds!].sort());
    }
  }
  for (const c of d.commandInvocations) expect(commands.has(c.CommandId!)).toBe(true);

  // Associations: execution -> association; target -> execution of the same association.
  const associations = new Set(d.associations.map((a) => a.AssociationId));
  const assocExecs = new Map(d.associationExecutions.map((e) => [e.ExecutionId!, e]));
  for (const e of d.associationExecutions) expect(associations.has(e.AssociationId)).toBe(true);
  for (const t of d.associationExecutionTargets) expect(assocExecs.get(t.ExecutionId!)?.AssociationId).toBe(t.AssociationId);
}

export function checkTimes(d: Dataset): void {
  const before = (a?: Date, b?: Date) => {
    if (a && b) expect(a.getTime()).toBeLessThanOrEqual(b.getTime());
  };
  // No event after the anchor ("now"); ExpiresAfter is a deadline, not an event.
  const walk = (v: unknown, key: string): void => {
    if (v instanceof Date) {
      if (key !== 'ExpiresAfter') expect(v.getTime(), key).toBeLessThanOrEqual(ANCHOR_MS);
    } else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(d, '');
  const execs = new Map(d.maintenanceWindowExecutions.map((e) => [e.WindowExecutionId!, e]));
  for (const e of d.maintenanceWindowExecutions) {
    before(e.StartTime, e.EndTime);
    expect(e.EndTime !== undefined).toBe(TERMINAL_WINDOW.has(e.Status!));
  }
  for (const t of d.maintenanceWindowExecutionTasks) {
    const e = execs.get(t.WindowExecutionId!)!;
    before(t.StartTime, t.EndTime);
    before(e.StartTime, t.StartTime);
    before(t.EndTime, e.EndTime);
    if (t.Status === 'PENDING') expect(t.StartTime).toBeUndefined();
  }
  for (const a of d.automationExecutions) {
    before(a.ExecutionStartTime, a.ExecutionEndTime);
    expect(a.ExecutionEndTime !== undefined).toBe(TERMINAL_AUTOMATION.has(a.AutomationExecutionStatus!));
    let last = 0;
    for (const s of a.StepExecutions ?? []) {
      before(a.ExecutionStartTime, s.ExecutionStartTime);
      before(s.ExecutionStartTime, s.ExecutionEndTime);
      before(s.ExecutionEndTime, a.ExecutionEndTime);
      if (s.ExecutionStartTime) {
        expect(s.ExecutionStartTime.getTime()).toBeGreaterThanOrEqual(last); // execution order
        last = s.ExecutionStartTime.getTime();
      }
    }
  }
}

/** How many loop levels enclose the deepest step. */
export function loopDepth(a: Dataset['automationExecutions'][number]): number {
  const byId = new Map((a.StepExecutions ?? []).map((s) => [s.StepExecutionId!, s]));
  let max = 0;
  for (const s of a.StepExecutions ?? []) {
    let depth = 0;
    let p = s.ParentStepDetails;
    while (p) {
      depth++;
      p = byId.get(p.StepExecutionId!)?.ParentStepDetails;
    }
    if (depth > max) max = depth;
  }
  return max;
}
