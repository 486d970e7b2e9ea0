/**
 * Reference checks of a whole estate: each location's own references (see
 * `integrity.ts`) and those between locations: an `aws:executeAutomation` step
 * with a `TargetLocation` the estate serves names children that exist in that
 * location and point back at the step's execution; a child whose parent lives
 * elsewhere is named by a step of that parent targeting the child's location.
 * Steps targeting locations the estate does not serve are not checked.
 */
import type { AutomationExecutionRecord } from './dataset.ts';
import { locationKey, type Estate } from './estate.ts';
import { validateDatasetIntegrity } from './integrity.ts';

export function validateEstateIntegrity(e: Estate): string[] {
  const problems: string[] = [];
  const byLocation = new Map<string, Map<string, AutomationExecutionRecord>>();
  const home = new Map<string, string>(); // automation ID → its location key
  for (const l of e.locations) {
    const key = locationKey(l.accountId, l.region);
    byLocation.set(key, new Map(l.data.automationExecutions.map((a) => [a.AutomationExecutionId!, a])));
    for (const a of l.data.automationExecutions) home.set(a.AutomationExecutionId!, key);
  }
  e.locations.forEach((l, i) => {
    const key = locationKey(l.accountId, l.region);
    const foreign = new Set([...home].filter(([, k]) => k !== key).map(([id]) => id));
    for (const p of validateDatasetIntegrity(l.data, { foreignAutomations: foreign })) problems.push(`locations[${i}] (${key}): ${p}`);
    l.data.automationExecutions.forEach((a, j) => {
      const at = `locations[${i}] (${key}).automationExecutions[${j}]`;
      (a.StepExecutions ?? []).forEach((s, k) => {
        const t = s.TargetLocation;
        if (s.Action !== 'aws:executeAutomation' || !t) return;
        if (t.Accounts?.length !== 1 || t.Regions?.length !== 1) return void problems.push(`${at}.StepExecutions[${k}].TargetLocation: expected one account and one region`);
        const target = byLocation.get(locationKey(t.Accounts[0], t.Regions[0]));
        if (!target) return; // a location the estate does not serve
        for (const childId of s.Outputs?.ExecutionId ?? []) {
          const child = target.get(childId);
          if (!child) problems.push(`${at}.StepExecutions[${k}].Outputs.ExecutionId: no automation execution ${JSON.stringify(childId)} in ${t.Accounts[0]}/${t.Regions[0]}`);
          else if (child.ParentAutomationExecutionId !== a.AutomationExecutionId) problems.push(`${at}.StepExecutions[${k}].Outputs.ExecutionId: child ${JSON.stringify(childId)} has ParentAutomationExecutionId ${JSON.stringify(child.ParentAutomationExecutionId ?? null)}`);
        }
      });
      const parentId = a.ParentAutomationExecutionId;
      const parentKey = parentId === undefined ? undefined : home.get(parentId);
      if (parentId === undefined || parentKey === undefined || parentKey === key) return;
      const parent = byLocation.get(parentKey)!.get(parentId)!;
      const named = (parent.StepExecutions ?? []).some(
        (s) => s.TargetLocation?.Accounts?.[0] === l.accountId && s.TargetLocation?.Regions?.[0] === l.region && (s.Outputs?.ExecutionId ?? []).includes(a.AutomationExecutionId!),
      );
      if (!named) problems.push(`${at}.ParentAutomationExecutionId: parent ${JSON.stringify(parentId)} in ${parentKey} has no step targeting ${key} that names this execution`);
    });
  });
  return problems;
}
