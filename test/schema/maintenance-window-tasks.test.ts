/**
 * An execution's tasks over HTTP, against the emulator (stingy pages): the tree
 * of tasks, invocations and what they started equals the dataset, and terminal
 * executions are served from the cache.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStack, type Stack, WHOLE_TREE_ENV } from '../helpers/stack.ts';
import {
  COMMAND_INVOCATION, INVOCATION, TASK, TASK_SUMMARY, expected, gql, ops, order, run, stack, task, useWindowsStack,
} from './maintenance-windows.data.ts';

useWindowsStack({ env: WHOLE_TREE_ENV });
beforeEach(() => stack.gateway.cache.clear());

describe('edges', () => {
  it('an execution\'s tasks, their invocations and what they started equal the dataset', async () => {
    // An execution with RUN_COMMAND and AUTOMATION tasks.
    const e = stack.data.maintenanceWindowExecutions.find((x) => {
      const types = new Set(order.tasks(x.WindowExecutionId!).map((t) => t.Type));
      return types.has('RUN_COMMAND') && types.has('AUTOMATION') && types.has('LAMBDA');
    })!;
    const data = await run(
      `query($id: ID!) { maintenanceWindowExecution(windowExecutionId: $id) { tasks(first: 500) { edges { node {
          ${gql(TASK)} execution { windowExecutionId }
          invocations(first: 500) { edges { node {
            ${gql(INVOCATION)} task { taskExecutionId }
            automationExecution { automationExecutionId documentName automationExecutionStatus }
            commandInvocations(first: 500) { edges { node { ${gql(COMMAND_INVOCATION)} } } }
          } } }
        } } } } }`,
      { id: e.WindowExecutionId },
    );
    const want = order.tasks(e.WindowExecutionId!).map((t) => ({
      ...expected(task(t), TASK),
      execution: { windowExecutionId: e.WindowExecutionId },
      invocations: {
        edges: order.invocations(e.WindowExecutionId!, t.TaskExecutionId!).map((i) => {
          const auto = i.TaskType === 'AUTOMATION' ? order.automation(i.ExecutionId!) : undefined;
          return {
            node: {
              ...expected(i, INVOCATION),
              task: { taskExecutionId: t.TaskExecutionId },
              automationExecution: auto
                ? { automationExecutionId: auto.AutomationExecutionId, documentName: auto.DocumentName, automationExecutionStatus: auto.AutomationExecutionStatus }
                : null,
              commandInvocations:
                i.TaskType === 'RUN_COMMAND'
                  ? { edges: order.commandInvocations(i.ExecutionId!).map((c) => ({ node: expected(c, COMMAND_INVOCATION) })) }
                  : null,
            },
          };
        }),
      },
    }));
    expect(data.maintenanceWindowExecution.tasks.edges.map((x: any) => x.node)).toEqual(want);
    expect(want.some((t) => t.invocations.edges.some((i) => i.node.commandInvocations?.edges.length))).toBe(true);
    // Run Command invocations are listed with their plugins' details.
    const lists = stack.calls().filter((c) => c.operation === 'ListCommandInvocations');
    expect(lists.length).toBeGreaterThan(0);
    expect(lists.every((c: any) => c.input.Details === true && c.input.CommandId)).toBe(true);
  });

  it('listed tasks serve their list members without a GetMaintenanceWindowExecutionTask call', async () => {
    const e = stack.data.maintenanceWindowExecutions.find((x) => (x.TaskIds?.length ?? 0) > 3)!;
    const data = await run(`query($id: ID!) { maintenanceWindowExecution(windowExecutionId: $id) { tasks(first: 500) { edges { node { ${gql(TASK_SUMMARY)} } } } } }`, {
      id: e.WindowExecutionId,
    });
    expect(data.maintenanceWindowExecution.tasks.edges.map((x: any) => x.node)).toEqual(
      order.tasks(e.WindowExecutionId!).map((t) => expected(task(t), TASK_SUMMARY)),
    );
    expect(ops().filter((o) => o === 'GetMaintenanceWindowExecutionTask')).toHaveLength(0);
  });
});

describe('cache', () => {
  let fresh: Stack;
  beforeAll(async () => {
    // Data that can change is not cached at all: only terminal data survives between requests.
    fresh = await startStack({ env: { CACHE_TTL_MUTABLE_MS: '0' } });
  });
  afterAll(() => fresh.close());

  const TASKS = `query($id: ID!) { maintenanceWindowExecution(windowExecutionId: $id) { status tasks(first: 500) { edges { node { taskExecutionId status } } } } }`;
  async function twice(id: string) {
    fresh.resetCalls();
    const first = await fresh.query(TASKS, { id });
    const firstCalls = fresh.calls().length;
    fresh.resetCalls();
    const second = await fresh.query(TASKS, { id });
    expect(second.data).toEqual(first.data);
    return { firstCalls, secondCalls: fresh.calls().map((c) => c.operation) };
  }

  it("a repeated query on a terminal execution's tasks adds no upstream call within the TTL", async () => {
    const e = stack.data.maintenanceWindowExecutions.find((x) => x.Status === 'SUCCESS' && (x.TaskIds?.length ?? 0) > 1)!;
    const { firstCalls, secondCalls } = await twice(e.WindowExecutionId!);
    expect(firstCalls).toBeGreaterThan(1);
    expect(secondCalls).toEqual([]);
  });

  it('an execution under way is fetched again', async () => {
    const e = stack.data.maintenanceWindowExecutions.find((x) => x.Status === 'IN_PROGRESS' && (x.TaskIds?.length ?? 0) > 0)!;
    const { secondCalls } = await twice(e.WindowExecutionId!);
    expect(secondCalls).toContain('GetMaintenanceWindowExecution');
    expect(secondCalls).toContain('DescribeMaintenanceWindowExecutionTasks');
  });
});
