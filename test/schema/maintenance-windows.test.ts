/**
 * The maintenance window domain over HTTP, through the real SDK, against the
 * emulator (stingy pages): root fields and node(id:). Data equals the dataset,
 * and the emulator's call log shows what it cost. Connections and filters are in
 * maintenance-window-connections.test.ts, task trees and caching in
 * maintenance-window-tasks.test.ts.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { WHOLE_TREE_ENV } from '../helpers/stack.ts';
import {
  EXECUTION, INVOCATION, TASK, WINDOW, WINDOW_SUMMARY, busiest, expected, globalId, gql, ops, order, run, stack, task,
  useWindowsStack,
} from './maintenance-windows.data.ts';

useWindowsStack({ env: WHOLE_TREE_ENV });
beforeEach(() => stack.gateway.cache.clear());

const UNKNOWN_UUID = '00000000-0000-4000-8000-000000000000';

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
