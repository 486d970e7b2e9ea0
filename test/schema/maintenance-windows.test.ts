/**
 * The maintenance window domain over HTTP, through the real SDK, against the
 * emulator (stingy pages): data equals the dataset, and the emulator's call log
 * shows what it cost.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { callKeys, startStack, type Stack, WHOLE_TREE_ENV } from '../helpers/stack.ts';
import {
  COMMAND_INVOCATION,
  EXECUTION,
  INVOCATION,
  TASK,
  TASK_SUMMARY,
  WINDOW,
  WINDOW_SUMMARY,
  expected,
  globalId,
  gql,
  ordered,
} from './maintenance-windows.data.ts';

let stack: Stack;
let order: ReturnType<typeof ordered>;

beforeAll(async () => {
  stack = await startStack({ env: WHOLE_TREE_ENV });
  order = ordered(stack.data);
});
afterAll(() => stack.close());
beforeEach(() => stack.gateway.cache.clear());

const UNKNOWN_UUID = '00000000-0000-4000-8000-000000000000';
const task = (t: Record<string, any>) => ({ ...t, TaskType: t.Type });

/** Runs a query with a fresh call log; asserts no error and no (operation, input) called twice. */
async function run(query: string, variables?: Record<string, unknown>) {
  stack.resetCalls();
  const res = await stack.query(query, variables);
  expect(res.errors).toBeUndefined();
  const keys = callKeys(stack.calls());
  expect(keys.length - new Set(keys).size).toBe(0);
  return res.data;
}
const ops = () => stack.calls().map((c) => c.operation);

/** The busiest window, and the task with the most invocations. */
function busiest() {
  const windows = order.windows();
  const window = windows.reduce((a, b) => (order.executions(b.WindowId!).length > order.executions(a.WindowId!).length ? b : a));
  const tasks = stack.data.maintenanceWindowExecutionTasks;
  const count = (t: (typeof tasks)[number]) => order.invocations(t.WindowExecutionId!, t.TaskExecutionId!).length;
  return { window, task: tasks.reduce((a, b) => (count(b) > count(a) ? b : a)) };
}

describe('root fields', () => {
  it('maintenanceWindows lists every window in SSM order, summary and detail members', async () => {
    const data = await run(`{ maintenanceWindows(first: 500) { edges { node { id ${gql(WINDOW)} } } } }`);
    expect(data.maintenanceWindows.edges.map((e: any) => e.node)).toEqual(
      order.windows().map((w) => ({ id: globalId('MaintenanceWindow', w.WindowId!), ...expected(w, WINDOW) })),
    );
    // createdDate & co. are detail-only: one GetMaintenanceWindow per window, on top of the listing.
    expect(ops().filter((o) => o === 'GetMaintenanceWindow')).toHaveLength(order.windows().length);
  });

  it('a listed summary costs no detail call when only summary members are selected', async () => {
    await run(`{ maintenanceWindows(first: 500) { edges { node { ${gql(WINDOW_SUMMARY)} } } } }`);
    expect(new Set(ops())).toEqual(new Set(['DescribeMaintenanceWindows']));
    expect(stack.calls().every((c: any) => c.input.MaxResults === 100)).toBe(true);
  });

  it('maintenanceWindow(windowId) returns every member in one GetMaintenanceWindow', async () => {
    const w = order.windows()[1];
    const data = await run(`query($id: ID!) { maintenanceWindow(windowId: $id) { ${gql(WINDOW)} } }`, { id: w.WindowId });
    expect(data.maintenanceWindow).toEqual(expected(w, WINDOW));
    expect(ops()).toEqual(['GetMaintenanceWindow']);
  });

  it('maintenanceWindowExecution(windowExecutionId): every member; window is null when learnt by ID only', async () => {
    const e = stack.data.maintenanceWindowExecutions.find((x) => (x.TaskIds?.length ?? 0) > 2)!;
    const data = await run(
      `query($id: ID!) { maintenanceWindowExecution(windowExecutionId: $id) { ${gql(EXECUTION)} windowId taskIds window { windowId } } }`,
      { id: e.WindowExecutionId },
    );
    expect(data.maintenanceWindowExecution).toEqual({ ...expected(e, EXECUTION), windowId: null, taskIds: e.TaskIds, window: null });
    expect(ops()).toEqual(['GetMaintenanceWindowExecution']);
  });

  it('an execution listed under its window keeps its WindowId, also for Get-only members', async () => {
    const { window: w } = busiest();
    const data = await run(
      `query($id: ID!) { maintenanceWindow(windowId: $id) { executions(first: 3) { edges { node { windowExecutionId windowId taskIds window { windowId name } } } } } }`,
      { id: w.WindowId },
    );
    expect(data.maintenanceWindow.executions.edges.map((e: any) => e.node)).toEqual(
      order.executions(w.WindowId!).slice(0, 3).map((e) => ({
        windowExecutionId: e.WindowExecutionId,
        windowId: w.WindowId,
        taskIds: e.TaskIds,
        window: { windowId: w.WindowId, name: w.Name },
      })),
    );
    // A later lookup by ID alone, in another request, still knows the window (from the cache).
    const again = await run(`query($id: ID!) { maintenanceWindowExecution(windowExecutionId: $id) { window { windowId } } }`, {
      id: order.executions(w.WindowId!)[0].WindowExecutionId,
    });
    expect(again.maintenanceWindowExecution.window).toEqual({ windowId: w.WindowId });
  });

  it('unknown IDs give null and NOT_FOUND', async () => {
    for (const [field, arg, id] of [
      ['maintenanceWindow', 'windowId', 'mw-0123456789abcdef0'],
      ['maintenanceWindowExecution', 'windowExecutionId', UNKNOWN_UUID],
    ]) {
      const res = await stack.query(`{ ${field}(${arg}: "${id}") { id } }`);
      expect(res.data[field]).toBeNull();
      expect(res.errors![0].extensions!.code).toBe('NOT_FOUND');
    }
  });

  it('malformed IDs give BAD_USER_INPUT before any upstream call', async () => {
    const e = stack.data.maintenanceWindowExecutions[0];
    const t = stack.data.maintenanceWindowExecutionTasks[0];
    stack.resetCalls();
    for (const q of [
      `{ maintenanceWindow(windowId: "mw-nope") { id } }`,
      `{ maintenanceWindowExecution(windowExecutionId: "not-a-uuid") { id } }`,
      `{ node(id: "${globalId('MaintenanceWindow', 'mw-XYZ')}") { id } }`,
      `{ node(id: "${globalId('MaintenanceWindowExecutionTask', `${e.WindowExecutionId}/nope`)}") { id } }`,
      `{ node(id: "${globalId('MaintenanceWindowExecutionTaskInvocation', `${t.WindowExecutionId}/${t.TaskExecutionId}`)}") { id } }`,
    ]) {
      const res = await stack.query(q);
      expect(res.errors![0].extensions!.code, q).toBe('BAD_USER_INPUT');
    }
    expect(stack.calls()).toHaveLength(0);
  });
});

describe('node(id:)', () => {
  it('loads each type by its global ID', async () => {
    const t = stack.data.maintenanceWindowExecutionTasks.find((x) => x.Type === 'AUTOMATION')!;
    const e = stack.data.maintenanceWindowExecutions.find((x) => x.WindowExecutionId === t.WindowExecutionId)!;
    const w = stack.data.maintenanceWindows.find((x) => x.WindowId === e.WindowId)!;
    const i = order.invocations(t.WindowExecutionId!, t.TaskExecutionId!)[0];
    const data = await run(
      `query($w: ID!, $e: ID!, $t: ID!, $i: ID!) {
        w: node(id: $w) { id ... on MaintenanceWindow { ${gql(WINDOW)} } }
        e: node(id: $e) { id ... on MaintenanceWindowExecution { ${gql(EXECUTION)} taskIds } }
        t: node(id: $t) { id ... on MaintenanceWindowExecutionTask { ${gql(TASK)} execution { windowExecutionId } } }
        i: node(id: $i) { id ... on MaintenanceWindowExecutionTaskInvocation { ${gql(INVOCATION)} task { taskExecutionId } } }
      }`,
      {
        w: globalId('MaintenanceWindow', w.WindowId!),
        e: globalId('MaintenanceWindowExecution', e.WindowExecutionId!),
        t: globalId('MaintenanceWindowExecutionTask', `${t.WindowExecutionId}/${t.TaskExecutionId}`),
        i: globalId('MaintenanceWindowExecutionTaskInvocation', `${i.WindowExecutionId}/${i.TaskExecutionId}/${i.InvocationId}`),
      },
    );
    expect(data.w).toEqual({ id: globalId('MaintenanceWindow', w.WindowId!), ...expected(w, WINDOW) });
    expect(data.e).toEqual({ id: globalId('MaintenanceWindowExecution', e.WindowExecutionId!), ...expected(e, EXECUTION), taskIds: e.TaskIds });
    expect(data.t).toMatchObject({ ...expected(task(t), TASK), execution: { windowExecutionId: t.WindowExecutionId } });
    expect(data.i).toMatchObject({ ...expected(i, INVOCATION), task: { taskExecutionId: t.TaskExecutionId } });
    // The task's execution is the execution loaded above: one call for both.
    expect(ops().sort()).toEqual([
      'GetMaintenanceWindow',
      'GetMaintenanceWindowExecution',
      'GetMaintenanceWindowExecutionTask',
      'GetMaintenanceWindowExecutionTaskInvocation',
    ]);
  });

  it('unknown task and invocation IDs give null and NOT_FOUND', async () => {
    const t = stack.data.maintenanceWindowExecutionTasks[0];
    for (const id of [
      globalId('MaintenanceWindowExecutionTask', `${t.WindowExecutionId}/${UNKNOWN_UUID}`),
      globalId('MaintenanceWindowExecutionTaskInvocation', `${t.WindowExecutionId}/${t.TaskExecutionId}/${UNKNOWN_UUID}`),
    ]) {
      const res = await stack.query(`query($id: ID!) { node(id: $id) { id } }`, { id });
      expect(res.data.node).toBeNull();
      expect(res.errors![0].extensions!.code).toBe('NOT_FOUND');
    }
  });
});

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

describe('connections walk every item once, in SSM order, over stingy pages', () => {
  /** Walks a connection one request per page; `run` checks each request's calls are distinct. */
  async function walk(query: string, vars: Record<string, unknown>, conn: (data: any) => any, first: number) {
    const ids: string[] = [];
    let after: string | null = null;
    let upstreamPages = 0;
    for (let i = 0; i < 1000; i++) {
      const c = conn(await run(query, { ...vars, first, after }));
      upstreamPages += stack.calls().length;
      ids.push(...c.edges.map((e: any) => e.node.key));
      if (!c.pageInfo.hasNextPage) return { ids, upstreamPages };
      after = c.pageInfo.endCursor;
    }
    throw new Error('walk did not end');
  }

  it.each([1, 3, 25, 500])("a window's executions, first=%i", async (first) => {
    const { window: w } = busiest();
    const { ids, upstreamPages } = await walk(
      `query($id: ID!, $first: Int, $after: String) { maintenanceWindow(windowId: $id) {
        executions(first: $first, after: $after) { pageInfo { hasNextPage endCursor } edges { node { key: windowExecutionId } } } } }`,
      { id: w.WindowId },
      (d) => d.maintenanceWindow.executions,
      first,
    );
    const want = order.executions(w.WindowId!).map((e) => e.WindowExecutionId);
    expect(want.length).toBeGreaterThan(25);
    expect(ids).toEqual(want);
    expect(upstreamPages).toBeGreaterThan(1);
  });

  it.each([1, 3, 25, 500])("a task's invocations, first=%i", async (first) => {
    const { task: t } = busiest();
    const { ids } = await walk(
      `query($id: ID!, $first: Int, $after: String) { node(id: $id) { ... on MaintenanceWindowExecutionTask {
        invocations(first: $first, after: $after) { pageInfo { hasNextPage endCursor } edges { node { key: invocationId } } } } } }`,
      { id: globalId('MaintenanceWindowExecutionTask', `${t.WindowExecutionId}/${t.TaskExecutionId}`) },
      (d) => d.node.invocations,
      first,
    );
    const want = order.invocations(t.WindowExecutionId!, t.TaskExecutionId!).map((i) => i.InvocationId);
    expect(want.length).toBeGreaterThan(20);
    expect(ids).toEqual(want);
  });
});

describe('filters are pushed down', () => {
  const filtersOf = (op: string) => stack.calls().filter((c) => c.operation === op).map((c: any) => c.input.Filters);

  it('maintenanceWindows: Name and Enabled', async () => {
    const w = order.windows()[2];
    const named = await run(`query($name: String) { maintenanceWindows(filter: { name: $name }) { edges { node { windowId } } } }`, { name: w.Name });
    expect(named.maintenanceWindows.edges.map((e: any) => e.node.windowId)).toEqual([w.WindowId]);
    expect(new Set(filtersOf('DescribeMaintenanceWindows').map((f) => JSON.stringify(f)))).toEqual(
      new Set([JSON.stringify([{ Key: 'Name', Values: [w.Name] }])]),
    );
    for (const enabled of [true, false]) {
      const data = await run(`query($e: Boolean) { maintenanceWindows(first: 500, filter: { enabled: $e }) { edges { node { windowId } } } }`, { e: enabled });
      expect(data.maintenanceWindows.edges.map((e: any) => e.node.windowId)).toEqual(
        order.windows().filter((x) => x.Enabled === enabled).map((x) => x.WindowId),
      );
      expect(filtersOf('DescribeMaintenanceWindows')[0]).toEqual([{ Key: 'Enabled', Values: [String(enabled)] }]);
    }
  });

  it('executions: ExecutedAfter and ExecutedBefore, as ISO timestamps', async () => {
    const { window: w } = busiest();
    const all = order.executions(w.WindowId!);
    const after = new Date(all[20].StartTime!.getTime() - (all[20].StartTime!.getTime() % 1000));
    const before = new Date(all[5].StartTime!.getTime() - (all[5].StartTime!.getTime() % 1000));
    const data = await run(
      `query($id: ID!, $a: DateTime, $b: DateTime) { maintenanceWindow(windowId: $id) {
        executions(first: 500, filter: { executedAfter: $a, executedBefore: $b }) { edges { node { windowExecutionId } } } } }`,
      { id: w.WindowId, a: after.toISOString(), b: before.toISOString() },
    );
    const want = all.filter((e) => e.StartTime! >= after && e.StartTime! < before).map((e) => e.WindowExecutionId);
    expect(want.length).toBeGreaterThan(5);
    expect(data.maintenanceWindow.executions.edges.map((e: any) => e.node.windowExecutionId)).toEqual(want);
    const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
    for (const f of filtersOf('DescribeMaintenanceWindowExecutions')) {
      expect(f).toEqual([
        { Key: 'ExecutedAfter', Values: [iso(after)] },
        { Key: 'ExecutedBefore', Values: [iso(before)] },
      ]);
    }
  });

  it('tasks and invocations: STATUS', async () => {
    const e = stack.data.maintenanceWindowExecutions.find((x) => x.Status === 'FAILED' && order.tasks(x.WindowExecutionId!).length > 2)!;
    const failedTask = order.tasks(e.WindowExecutionId!).find((t) => t.Status === 'FAILED')!;
    const data = await run(
      `query($id: ID!, $t: ID!) {
        maintenanceWindowExecution(windowExecutionId: $id) { tasks(first: 500, filter: { status: [FAILED, TIMED_OUT] }) { edges { node { taskExecutionId } } } }
        node(id: $t) { ... on MaintenanceWindowExecutionTask { invocations(first: 500, filter: { status: [SUCCESS] }) { edges { node { invocationId } } } } }
      }`,
      { id: e.WindowExecutionId, t: globalId('MaintenanceWindowExecutionTask', `${e.WindowExecutionId}/${failedTask.TaskExecutionId}`) },
    );
    expect(data.maintenanceWindowExecution.tasks.edges.map((x: any) => x.node.taskExecutionId)).toEqual(
      order.tasks(e.WindowExecutionId!).filter((t) => ['FAILED', 'TIMED_OUT'].includes(t.Status!)).map((t) => t.TaskExecutionId),
    );
    expect(data.node.invocations.edges.map((x: any) => x.node.invocationId)).toEqual(
      order.invocations(e.WindowExecutionId!, failedTask.TaskExecutionId!).filter((i) => i.Status === 'SUCCESS').map((i) => i.InvocationId),
    );
    expect(filtersOf('DescribeMaintenanceWindowExecutionTasks').every((f) => JSON.stringify(f) === JSON.stringify([{ Key: 'STATUS', Values: ['FAILED', 'TIMED_OUT'] }]))).toBe(true);
    expect(filtersOf('DescribeMaintenanceWindowExecutionTaskInvocations').every((f) => JSON.stringify(f) === JSON.stringify([{ Key: 'STATUS', Values: ['SUCCESS'] }]))).toBe(true);
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
    expect(second).toEqual(first);
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
