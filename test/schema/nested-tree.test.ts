/**
 * The flagship query: one request from a maintenance window down through its
 * executions, tasks and invocations to the automations they started, their
 * steps and each step's parent (loops). The answer must equal the generated
 * data, with no call repeated and no step looked up again by ID.
 */
import { describe, expect, it } from 'vitest';
import { callKeys, startStack, WHOLE_TREE_ENV } from '../helpers/stack.ts';
import { order, stack, useWindowsStack } from './maintenance-windows.data.ts';

useWindowsStack({ env: WHOLE_TREE_ENV });

const TREE = /* GraphQL */ `
  query Tree($id: ID!) {
    maintenanceWindow(windowId: $id) {
      windowId name
      executions(first: 500) { pageInfo { hasNextPage } edges { node {
        windowExecutionId status startTime endTime
        tasks(first: 500) { pageInfo { hasNextPage } edges { node {
          taskExecutionId taskType taskArn status
          invocations(first: 500) { pageInfo { hasNextPage } edges { node {
            invocationId executionId status
            automationExecution {
              automationExecutionId documentName automationExecutionStatus
              steps(first: 500) { pageInfo { hasNextPage } edges { node {
                stepExecutionId stepName stepStatus
                parentStep { stepExecutionId stepName }
              } } }
            }
          } } }
        } } }
      } } }
    }
  }`;

const iso = (d: Date | undefined) => d?.toISOString() ?? null;
const connection = <T>(nodes: T[]) => ({ pageInfo: { hasNextPage: false }, edges: nodes.map((node) => ({ node })) });

/** The answer TREE must give, from the dataset alone. */
function expectedTree(windowId: string) {
  const w = stack.data.maintenanceWindows.find((x) => x.WindowId === windowId)!;
  const automation = (id: string) => {
    const a = order.automation(id)!;
    const steps = a.StepExecutions ?? [];
    const byId = new Map(steps.map((s) => [s.StepExecutionId, s]));
    return {
      automationExecutionId: a.AutomationExecutionId,
      documentName: a.DocumentName,
      automationExecutionStatus: a.AutomationExecutionStatus,
      steps: connection(
        steps.map((s) => {
          const parent = s.ParentStepDetails && byId.get(s.ParentStepDetails.StepExecutionId);
          return {
            stepExecutionId: s.StepExecutionId,
            stepName: s.StepName,
            stepStatus: s.StepStatus,
            parentStep: parent ? { stepExecutionId: parent.StepExecutionId, stepName: parent.StepName } : null,
          };
        }),
      ),
    };
  };
  return {
    windowId: w.WindowId,
    name: w.Name,
    executions: connection(
      order.executions(windowId).map((e) => ({
        windowExecutionId: e.WindowExecutionId,
        status: e.Status,
        startTime: iso(e.StartTime),
        endTime: iso(e.EndTime),
        tasks: connection(
          order.tasks(e.WindowExecutionId!).map((t) => ({
            taskExecutionId: t.TaskExecutionId,
            taskType: t.Type,
            taskArn: t.TaskArn,
            status: t.Status,
            invocations: connection(
              order.invocations(e.WindowExecutionId!, t.TaskExecutionId!).map((i) => ({
                invocationId: i.InvocationId,
                executionId: i.ExecutionId ?? null,
                status: i.Status,
                automationExecution: i.TaskType === 'AUTOMATION' && i.ExecutionId ? automation(i.ExecutionId) : null,
              })),
            ),
          })),
        ),
      })),
    ),
  };
}

/** The window whose automations have the most steps run under a parent (loop iterations). */
function windowWithLoops(): string {
  const loops = (windowId: string) =>
    stack.data.maintenanceWindowExecutionTaskInvocations
      .filter((i) => i.TaskType === 'AUTOMATION' && order.executions(windowId).some((e) => e.WindowExecutionId === i.WindowExecutionId))
      .reduce((n, i) => n + (order.automation(i.ExecutionId!)?.StepExecutions?.filter((s) => s.ParentStepDetails).length ?? 0), 0);
  return stack.data.maintenanceWindows.map((w) => w.WindowId!).reduce((a, b) => (loops(b) > loops(a) ? b : a));
}

describe('nested tree: window → executions → tasks → invocations → automation → steps → parentStep', () => {
  it('equals the generated data, in one request, each call made once and no step looked up again', async () => {
    const windowId = windowWithLoops();
    const want = expectedTree(windowId);
    const steps = want.executions.edges.flatMap((e) =>
      e.node.tasks.edges.flatMap((t) => t.node.invocations.edges.flatMap((i) => i.node.automationExecution?.steps.edges ?? [])),
    );
    // The tree is deep enough to mean something: automations with loop steps under it.
    expect(steps.filter((s) => s.node.parentStep).length).toBeGreaterThan(5);

    stack.gateway.cache.clear();
    stack.resetCalls();
    const res = await stack.query(TREE, { id: windowId });
    expect(res.errors).toBeUndefined();
    expect(res.data.maintenanceWindow).toEqual(want);

    const calls = stack.calls();
    const keys = callKeys(calls);
    expect(keys.length - new Set(keys).size).toBe(0);
    // parentStep over a listed page is served from the listing: no step lookup by ID.
    const stepLookups = calls.filter(
      (c: any) => c.operation === 'DescribeAutomationStepExecutions' && (c.input.Filters ?? []).some((f: any) => f.Key === 'StepExecutionId'),
    );
    expect(stepLookups).toEqual([]);
    // Listings only, plus the automations looked up by the IDs the invocations carry: no Get of a listed record.
    const allowed = [
      'GetMaintenanceWindow',
      'DescribeMaintenanceWindowExecutions',
      'DescribeMaintenanceWindowExecutionTasks',
      'DescribeMaintenanceWindowExecutionTaskInvocations',
      'DescribeAutomationExecutions',
      'GetAutomationExecution',
      'DescribeAutomationStepExecutions',
    ];
    for (const op of new Set(calls.map((c) => c.operation))) expect(allowed).toContain(op);
  });
});

describe('nested tree on full pages', () => {
  it('looks the automations of every invocation page up together: ceil(k / 10) calls for k automations', async () => {
    const full = await startStack({ stingy: false, env: WHOLE_TREE_ENV });
    try {
      const res = await full.query(TREE, { id: windowWithLoops() });
      expect(res.errors).toBeUndefined();
      const ids = new Set<string>();
      for (const e of res.data.maintenanceWindow.executions.edges)
        for (const t of e.node.tasks.edges)
          for (const i of t.node.invocations.edges) if (i.node.automationExecution) ids.add(i.node.automationExecution.automationExecutionId);
      expect(ids.size).toBeGreaterThan(10);
      const lookups = full.calls().filter((c) => c.operation === 'DescribeAutomationExecutions' || c.operation === 'GetAutomationExecution');
      expect(lookups).toHaveLength(Math.ceil(ids.size / 10));
    } finally {
      await full.close();
    }
  });
});
