import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/emulator/dataset.ts';
import { describeDataset, generateDataset } from '../../src/emulator/generate.ts';
import { datasetToJson, parseDataset } from '../../src/emulator/load.ts';
import { checkIntegrity, checkTimes, enumOf, groupBy, loopDepth, matcher } from './dataset-checks.ts';

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
