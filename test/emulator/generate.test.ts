import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/emulator/dataset.ts';
import { ANCHOR_MS, describeDataset, generateDataset } from '../../src/emulator/generate.ts';
import { datasetToJson, parseDataset, validateDatasetIntegrity } from '../../src/emulator/load.ts';

interface Shape {
  type: string;
  enum?: string[];
  pattern?: string;
  min?: number;
  max?: number;
}
const shapes = (JSON.parse(readFileSync(new URL('../../src/ssm-api-model.json', import.meta.url), 'utf8')) as { shapes: Record<string, Shape> }).shapes;
const enumOf = (name: string): string[] => shapes[name].enum!;

/** A checker for a model string shape: its pattern (anchored, as AWS applies it) and length limits. */
function matcher(name: string): (v: string) => boolean {
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

function groupBy<T>(items: T[], key: (t: T) => string | undefined): Map<string, T[]> {
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

function checkIntegrity(d: Dataset): void {
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

function checkTimes(d: Dataset): void {
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

describe('generateDataset (small)', () => {
  let d: Dataset;
  beforeAll(() => {
    d = generateDataset({ seed: 42, size: 'small' });
  });

  it('has every reference resolve', () => checkIntegrity(d));

  it('has consistent times, none after the anchor', () => checkTimes(d));

  it('is deterministic: same seed deep-equal, different seed different', () => {
    expect(generateDataset({ seed: 42, size: 'small' })).toStrictEqual(d);
    expect(generateDataset({ seed: 42 })).toStrictEqual(d); // small is the default size
    const other = generateDataset({ seed: 7, size: 'small' });
    expect(other).not.toEqual(d);
    expect(other.maintenanceWindows[0].WindowId).not.toBe(d.maintenanceWindows[0].WindowId);
  });

  it('passes the loader with every model pattern, length and enum enforced', () => {
    expect(() => parseDataset(datasetToJson(d), 'generated', { strictStrings: true })).not.toThrow();
  });

  it('generates IDs that match the model patterns', () => {
    const check = (shape: string, values: (string | undefined)[]) => {
      const ok = matcher(shape);
      expect(values.length).toBeGreaterThan(0);
      for (const v of values) expect(ok(v!), `${shape}: ${v}`).toBe(true);
    };
    check('MaintenanceWindowId', d.maintenanceWindows.map((w) => w.WindowId));
    check('MaintenanceWindowExecutionId', d.maintenanceWindowExecutions.map((e) => e.WindowExecutionId));
    check('MaintenanceWindowExecutionTaskId', d.maintenanceWindowExecutionTasks.map((t) => t.TaskExecutionId));
    check('MaintenanceWindowExecutionTaskInvocationId', d.maintenanceWindowExecutionTaskInvocations.map((i) => i.InvocationId));
    check('AssociationId', d.associations.map((a) => a.AssociationId));
    check('AssociationExecutionId', d.associationExecutions.map((e) => e.ExecutionId));
    check('AssociationName', d.associations.map((a) => a.AssociationName));
    check('AutomationExecutionId', d.automationExecutions.map((a) => a.AutomationExecutionId));
    check('AutomationActionName', d.automationExecutions.flatMap((a) => (a.StepExecutions ?? []).map((s) => s.Action)));
    check('CommandId', d.commands.map((c) => c.CommandId));
    check('InstanceId', d.commandInvocations.map((c) => c.InstanceId));
    check('InstanceId', d.associationExecutionTargets.map((t) => t.ResourceId));
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    for (const a of d.automationExecutions) for (const s of a.StepExecutions ?? []) expect(s.StepExecutionId).toMatch(uuid);
    for (const a of d.automationExecutions) expect(a.AutomationExecutionId).toMatch(uuid);
    for (const c of d.commands) expect(c.CommandId).toMatch(uuid);
  });

  it('uses only statuses from the model enums', () => {
    const within = (shape: string, values: (string | undefined)[]) => {
      const allowed = new Set(enumOf(shape));
      for (const v of values) expect(allowed.has(v!), `${shape}: ${v}`).toBe(true);
    };
    within('MaintenanceWindowExecutionStatus', d.maintenanceWindowExecutions.map((e) => e.Status));
    within('MaintenanceWindowExecutionStatus', d.maintenanceWindowExecutionTasks.map((t) => t.Status));
    within('MaintenanceWindowExecutionStatus', d.maintenanceWindowExecutionTaskInvocations.map((i) => i.Status));
    within('MaintenanceWindowTaskType', d.maintenanceWindowExecutionTasks.map((t) => t.Type));
    within('AutomationExecutionStatus', d.automationExecutions.map((a) => a.AutomationExecutionStatus));
    within('AutomationExecutionStatus', d.automationExecutions.flatMap((a) => (a.StepExecutions ?? []).map((s) => s.StepStatus)));
    within('AutomationType', d.automationExecutions.map((a) => a.AutomationType));
    within('CommandStatus', d.commands.map((c) => c.Status));
    within('CommandInvocationStatus', d.commandInvocations.map((c) => c.Status));
    within('CommandPluginStatus', d.commandInvocations.flatMap((c) => (c.CommandPlugins ?? []).map((p) => p.Status)));
    const assocStatuses = new Set(['Success', 'Failed', 'Pending', 'InProgress']);
    for (const e of d.associationExecutions) expect(assocStatuses.has(e.Status!)).toBe(true);
    for (const e of d.associationExecutions) expect(e.ResourceCountByStatus).toMatch(/^\{(\w+=\d+)(, \w+=\d+)*\}$/);
  });

  it('has every window execution status and every task type', () => {
    expect(new Set(d.maintenanceWindowExecutions.map((e) => e.Status))).toEqual(new Set(enumOf('MaintenanceWindowExecutionStatus')));
    expect(new Set(d.maintenanceWindowExecutionTasks.map((t) => t.Type))).toEqual(new Set(enumOf('MaintenanceWindowTaskType')));
    expect(new Set(d.maintenanceWindowExecutionTaskInvocations.map((i) => i.TaskType))).toEqual(new Set(enumOf('MaintenanceWindowTaskType')));
  });

  it('meets the small size guarantees (pagination material)', () => {
    const s = describeDataset(d);
    const perAssociation = groupBy(d.associationExecutions, (e) => e.AssociationId);
    expect(d.associations.length).toBeGreaterThanOrEqual(12);
    expect(s.maxExecutionsPerAssociation).toBeGreaterThan(120);
    expect(d.associations.some((a) => !perAssociation.has(a.AssociationId!))).toBe(true);
    expect(d.maintenanceWindows.length).toBeGreaterThanOrEqual(3);
    expect(s.maxExecutionsPerWindow).toBeGreaterThan(25);
    expect(s.maxTasksPerWindowExecution).toBeGreaterThan(10);
    expect(s.maxInvocationsPerTask).toBeGreaterThan(20);
    // One automation with > 120 steps, loops two levels deep and an executeAutomation child.
    const big = d.automationExecutions.filter((a) => (a.StepExecutions?.length ?? 0) > 120);
    expect(big.length).toBeGreaterThan(0);
    expect(big.some((a) => loopDepth(a) >= 2 && a.StepExecutions!.some((st) => st.Action === 'aws:executeAutomation'))).toBe(true);
  });

  it('has executions still under way', () => {
    const running = d.automationExecutions.filter((a) => a.AutomationExecutionStatus === 'InProgress');
    expect(running.length).toBeGreaterThan(0);
    for (const a of running) {
      expect(a.ExecutionEndTime).toBeUndefined();
      expect(a.StepExecutions!.some((st) => st.StepStatus === 'InProgress')).toBe(true);
    }
    expect(running.some((a) => a.StepExecutions!.some((st) => st.StepStatus === 'Pending' && !st.ExecutionStartTime))).toBe(true);
    expect(running.some((a) => loopDepth(a) >= 2)).toBe(true);
    expect(d.associationExecutions.some((e) => e.Status === 'InProgress' || e.Status === 'Pending')).toBe(true);
    expect(d.commands.some((c) => c.Status === 'InProgress')).toBe(true);
  });

  it('describes the dataset with counts', () => {
    const s = describeDataset(d);
    expect(s.maintenanceWindowExecutions).toBe(d.maintenanceWindowExecutions.length);
    expect(s.stepExecutions).toBe(d.automationExecutions.reduce((n, a) => n + (a.StepExecutions?.length ?? 0), 0));
  });
});

/** How many loop levels enclose the deepest step. */
function loopDepth(a: Dataset['automationExecutions'][number]): number {
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

describe('generateDataset (large)', () => {
  // Generation speed is measured by `npm run bench`, not asserted here (timed unit tests flake on shared machines).
  it('meets the large size guarantees consistently', () => {
    const d = generateDataset({ seed: 3, size: 'large' });
    const s = describeDataset(d);
    expect(s.stepExecutions).toBeGreaterThanOrEqual(10_000);
    const big = d.automationExecutions.find((a) => (a.StepExecutions?.length ?? 0) >= 500);
    expect(big).toBeDefined();
    expect(big!.StepExecutions!.filter((st) => st.ParentStepDetails).length).toBeGreaterThan(400);
    expect(loopDepth(big!)).toBeGreaterThanOrEqual(2);
    expect(s.maintenanceWindowExecutions).toBeGreaterThanOrEqual(1_000);
    const perAssociation = groupBy(d.associationExecutions, (e) => e.AssociationId);
    expect([...perAssociation.values()].filter((l) => l.length > 0).length).toBeGreaterThanOrEqual(50);
    expect([...perAssociation.values()].filter((l) => l.length >= 100).length).toBeGreaterThanOrEqual(3);
    expect(validateDatasetIntegrity(d)).toEqual([]);
  });
});
