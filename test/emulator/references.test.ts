/**
 * The generated account's references resolve through the SDK, as a client
 * following them would see: window task invocations → their automation
 * execution or command (with command invocations), executeAutomation steps →
 * their child execution (pointing back), loop iterations → their parent step,
 * association executions → their targets. Stingy pages throughout.
 */
import { describe, expect, it } from 'vitest';
import { call, smallDataset, useEmulator, walkOp, type AnyOutput } from './helpers.ts';

const d = smallDataset();
const s = useEmulator({ data: d });

describe('references resolve through the emulator', () => {
  it('window task invocations → automation executions and commands with invocations', async () => {
    const invocations = d.maintenanceWindowExecutionTaskInvocations.filter((i) => i.ExecutionId);
    const byType = (t: string) => invocations.filter((i) => i.TaskType === t);
    expect(byType('AUTOMATION').length).toBeGreaterThan(0);
    expect(byType('RUN_COMMAND').length).toBeGreaterThan(0);
    for (const inv of byType('AUTOMATION')) {
      const out = await call(s.c, 'GetAutomationExecution', { AutomationExecutionId: inv.ExecutionId });
      expect(out.AutomationExecution.AutomationExecutionId).toBe(inv.ExecutionId);
    }
    for (const inv of byType('RUN_COMMAND')) {
      const cmds = (await walkOp(s.c, 'ListCommands', { CommandId: inv.ExecutionId })).items;
      expect(cmds.map((c) => c.CommandId)).toEqual([inv.ExecutionId]);
      const invs = (await walkOp(s.c, 'ListCommandInvocations', { CommandId: inv.ExecutionId })).items;
      expect(invs.length).toBeGreaterThan(0);
      expect(invs.map((i) => i.InstanceId).sort()).toEqual([...cmds[0].InstanceIds].sort());
    }
  });

  it('executeAutomation steps → child executions whose parent is the caller', async () => {
    const callers = d.automationExecutions.filter((a) => a.StepExecutions?.some((st) => st.Action === 'aws:executeAutomation' && st.Outputs?.ExecutionId));
    expect(callers.length).toBeGreaterThan(0);
    for (const a of callers) {
      const steps = (await walkOp(s.c, 'DescribeAutomationStepExecutions', { AutomationExecutionId: a.AutomationExecutionId, Filters: [{ Key: 'Action', Values: ['aws:executeAutomation'] }] })).items;
      for (const childId of steps.flatMap((st) => st.Outputs?.ExecutionId ?? [])) {
        const child = (await call(s.c, 'GetAutomationExecution', { AutomationExecutionId: childId })).AutomationExecution;
        expect(child.ParentAutomationExecutionId).toBe(a.AutomationExecutionId);
        const listed = (await walkOp(s.c, 'DescribeAutomationExecutions', { Filters: [{ Key: 'ParentExecutionId', Values: [a.AutomationExecutionId!] }] })).items;
        expect(listed.map((x) => x.AutomationExecutionId)).toContain(childId);
      }
    }
  });

  it('loop iterations → their parent step, several levels deep', async () => {
    const looped = d.automationExecutions.filter((a) => a.StepExecutions?.some((st) => st.ParentStepDetails));
    expect(looped.length).toBeGreaterThan(0);
    let deepest = 0;
    for (const a of looped) {
      const steps = (await walkOp(s.c, 'DescribeAutomationStepExecutions', { AutomationExecutionId: a.AutomationExecutionId })).items;
      const byId = new Map<string, AnyOutput>(steps.map((st) => [st.StepExecutionId, st]));
      for (const st of steps) {
        let depth = 0;
        for (let p = st.ParentStepDetails; p; p = byId.get(p.StepExecutionId)?.ParentStepDetails) {
          const parent = byId.get(p.StepExecutionId);
          expect(parent, `parent ${p.StepExecutionId} of ${st.StepExecutionId}`).toBeDefined();
          expect(parent!.Action).toBe('aws:loop');
          expect(typeof p.Iteration).toBe('number');
          depth++;
        }
        deepest = Math.max(deepest, depth);
      }
    }
    expect(deepest).toBeGreaterThanOrEqual(2);
  });

  it('association executions → their targets', async () => {
    const withTargets = [...new Set(d.associationExecutionTargets.map((t) => `${t.AssociationId}/${t.ExecutionId}`))].slice(0, 20);
    for (const key of withTargets) {
      const [AssociationId, ExecutionId] = key.split('/');
      const execs = (await walkOp(s.c, 'DescribeAssociationExecutions', { AssociationId, Filters: [{ Key: 'ExecutionId', Value: ExecutionId, Type: 'EQUAL' }] })).items;
      expect(execs.map((e) => e.ExecutionId)).toEqual([ExecutionId]);
      const targets = (await walkOp(s.c, 'DescribeAssociationExecutionTargets', { AssociationId, ExecutionId })).items;
      expect(targets.length).toBe(d.associationExecutionTargets.filter((t) => t.ExecutionId === ExecutionId).length);
    }
  });
});
