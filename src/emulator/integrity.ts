/**
 * Reference checks of a whole dataset: IDs unique per collection and every
 * foreign key resolving, as the emulator's operations assume. Shapes are
 * checked before this, by `dataset-schema.ts`.
 */
import type { Dataset } from './dataset.ts';

/**
 * Dangling and duplicate references in a dataset, each as `path: problem`
 * (empty when every reference resolves). Checks: unique IDs per collection;
 * association execution → association; execution target → execution (of the
 * same association); child automation → parent (and an executeAutomation
 * step's `Outputs.ExecutionId` → a child pointing back); step parent → a step
 * of the same execution; window execution → window, its `TaskIds` → its tasks;
 * task → window execution; invocation → task of that window execution;
 * AUTOMATION invocation → automation execution; RUN_COMMAND invocation →
 * command; command invocation → command.
 */
export interface IntegrityOptions {
  /**
   * Automation execution IDs held by other locations of an estate: a child may
   * name one as its parent. Steps with a `TargetLocation` name children in
   * other locations and are checked by `validateEstateIntegrity`.
   */
  foreignAutomations?: ReadonlySet<string>;
}

export function validateDatasetIntegrity(d: Dataset, opts: IntegrityOptions = {}): string[] {
  const problems: string[] = [];
  const index = <T>(name: string, items: T[], key: (t: T) => string | undefined, what: string): Map<string, T> => {
    const m = new Map<string, T>();
    items.forEach((item, i) => {
      const k = key(item);
      if (k === undefined) return;
      if (m.has(k)) problems.push(`${name}[${i}]: duplicate ${what} ${JSON.stringify(k)}`);
      else m.set(k, item);
    });
    return m;
  };
  const associations = index('associations', d.associations, (a) => a.AssociationId, 'AssociationId');
  const assocExecs = index('associationExecutions', d.associationExecutions, (e) => e.ExecutionId, 'ExecutionId');
  index('associationExecutionTargets', d.associationExecutionTargets, (t) => (t.ExecutionId && t.ResourceId ? `${t.ExecutionId} ${t.ResourceId}` : undefined), 'target (ExecutionId, ResourceId)');
  const automations = index('automationExecutions', d.automationExecutions, (a) => a.AutomationExecutionId, 'AutomationExecutionId');
  const windows = index('maintenanceWindows', d.maintenanceWindows, (w) => w.WindowId, 'WindowId');
  const windowExecs = index('maintenanceWindowExecutions', d.maintenanceWindowExecutions, (e) => e.WindowExecutionId, 'WindowExecutionId');
  const tasks = index('maintenanceWindowExecutionTasks', d.maintenanceWindowExecutionTasks, (t) => t.TaskExecutionId, 'TaskExecutionId');
  index('maintenanceWindowExecutionTaskInvocations', d.maintenanceWindowExecutionTaskInvocations, (i) => i.InvocationId, 'InvocationId');
  const commands = index('commands', d.commands, (c) => c.CommandId, 'CommandId');
  index('commandInvocations', d.commandInvocations, (c) => (c.CommandId && c.InstanceId ? `${c.CommandId} ${c.InstanceId}` : undefined), 'invocation (CommandId, InstanceId)');

  d.associationExecutions.forEach((e, i) => {
    if (e.AssociationId && !associations.has(e.AssociationId)) problems.push(`associationExecutions[${i}].AssociationId: unknown association ${JSON.stringify(e.AssociationId)}`);
  });
  d.associationExecutionTargets.forEach((t, i) => {
    const p = `associationExecutionTargets[${i}]`;
    if (t.AssociationId && !associations.has(t.AssociationId)) problems.push(`${p}.AssociationId: unknown association ${JSON.stringify(t.AssociationId)}`);
    if (!t.ExecutionId) return;
    const e = assocExecs.get(t.ExecutionId);
    if (!e) problems.push(`${p}.ExecutionId: unknown association execution ${JSON.stringify(t.ExecutionId)}`);
    else if (t.AssociationId && e.AssociationId !== t.AssociationId) problems.push(`${p}.ExecutionId: execution ${JSON.stringify(t.ExecutionId)} belongs to association ${JSON.stringify(e.AssociationId)}, not ${JSON.stringify(t.AssociationId)}`);
  });

  d.automationExecutions.forEach((a, i) => {
    const p = `automationExecutions[${i}]`;
    if (a.ParentAutomationExecutionId && !automations.has(a.ParentAutomationExecutionId) && !opts.foreignAutomations?.has(a.ParentAutomationExecutionId)) problems.push(`${p}.ParentAutomationExecutionId: unknown automation execution ${JSON.stringify(a.ParentAutomationExecutionId)}`);
    const steps = a.StepExecutions ?? [];
    const stepIds = new Map<string, number>();
    steps.forEach((s, j) => {
      if (!s.StepExecutionId) return;
      if (stepIds.has(s.StepExecutionId)) problems.push(`${p}.StepExecutions[${j}].StepExecutionId: duplicate step execution ${JSON.stringify(s.StepExecutionId)}`);
      else stepIds.set(s.StepExecutionId, j);
    });
    steps.forEach((s, j) => {
      const sp = `${p}.StepExecutions[${j}]`;
      const parentId = s.ParentStepDetails?.StepExecutionId;
      if (parentId !== undefined) {
        if (!stepIds.has(parentId)) problems.push(`${sp}.ParentStepDetails.StepExecutionId: no step ${JSON.stringify(parentId)} in automation execution ${JSON.stringify(a.AutomationExecutionId)}`);
        else if (parentId === s.StepExecutionId) problems.push(`${sp}.ParentStepDetails.StepExecutionId: a step cannot be its own parent`);
      }
      if (s.Action === 'aws:executeAutomation' && !s.TargetLocation) {
        for (const childId of s.Outputs?.ExecutionId ?? []) {
          const child = automations.get(childId);
          if (!child) problems.push(`${sp}.Outputs.ExecutionId: unknown automation execution ${JSON.stringify(childId)}`);
          else if (child.ParentAutomationExecutionId !== a.AutomationExecutionId)
            problems.push(`${sp}.Outputs.ExecutionId: child automation ${JSON.stringify(childId)} has ParentAutomationExecutionId ${JSON.stringify(child.ParentAutomationExecutionId ?? null)}, not ${JSON.stringify(a.AutomationExecutionId)}`);
        }
      }
    });
  });

  d.maintenanceWindowExecutions.forEach((e, i) => {
    const p = `maintenanceWindowExecutions[${i}]`;
    if (e.WindowId && !windows.has(e.WindowId)) problems.push(`${p}.WindowId: unknown maintenance window ${JSON.stringify(e.WindowId)}`);
    (e.TaskIds ?? []).forEach((id, k) => {
      const t = tasks.get(id);
      if (!t) problems.push(`${p}.TaskIds[${k}]: unknown window execution task ${JSON.stringify(id)}`);
      else if (t.WindowExecutionId !== e.WindowExecutionId) problems.push(`${p}.TaskIds[${k}]: task ${JSON.stringify(id)} belongs to window execution ${JSON.stringify(t.WindowExecutionId)}`);
    });
  });
  d.maintenanceWindowExecutionTasks.forEach((t, i) => {
    if (t.WindowExecutionId && !windowExecs.has(t.WindowExecutionId)) problems.push(`maintenanceWindowExecutionTasks[${i}].WindowExecutionId: unknown maintenance window execution ${JSON.stringify(t.WindowExecutionId)}`);
  });
  d.maintenanceWindowExecutionTaskInvocations.forEach((inv, i) => {
    const p = `maintenanceWindowExecutionTaskInvocations[${i}]`;
    if (inv.WindowExecutionId && !windowExecs.has(inv.WindowExecutionId)) problems.push(`${p}.WindowExecutionId: unknown maintenance window execution ${JSON.stringify(inv.WindowExecutionId)}`);
    if (inv.TaskExecutionId) {
      const t = tasks.get(inv.TaskExecutionId);
      if (!t) problems.push(`${p}.TaskExecutionId: unknown window execution task ${JSON.stringify(inv.TaskExecutionId)}`);
      else if (inv.WindowExecutionId && t.WindowExecutionId !== inv.WindowExecutionId) problems.push(`${p}.TaskExecutionId: task ${JSON.stringify(inv.TaskExecutionId)} belongs to window execution ${JSON.stringify(t.WindowExecutionId)}`);
    }
    if (inv.ExecutionId && inv.TaskType === 'AUTOMATION' && !automations.has(inv.ExecutionId)) problems.push(`${p}.ExecutionId: unknown automation execution ${JSON.stringify(inv.ExecutionId)}`);
    if (inv.ExecutionId && inv.TaskType === 'RUN_COMMAND' && !commands.has(inv.ExecutionId)) problems.push(`${p}.ExecutionId: unknown command ${JSON.stringify(inv.ExecutionId)}`);
  });
  d.commandInvocations.forEach((c, i) => {
    if (c.CommandId && !commands.has(c.CommandId)) problems.push(`commandInvocations[${i}].CommandId: unknown command ${JSON.stringify(c.CommandId)}`);
  });
  return problems;
}
