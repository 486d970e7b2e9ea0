/**
 * Maintenance window connections over HTTP, against the emulator (stingy
 * pages): every item walked once in SSM order, and filters pushed down.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { WHOLE_TREE_ENV } from '../helpers/stack.ts';
import { busiest, globalId, order, run, stack, useWindowsStack } from './maintenance-windows.data.ts';

useWindowsStack({ env: WHOLE_TREE_ENV });
beforeEach(() => stack.gateway.cache.clear());

describe('connections walk every item once, in SSM order, over stingy pages', () => {
  /** Walks a connection one request per page; `run` checks each request's calls are distinct. */
  async function walk(query: string, vars: Record<string, unknown>, conn: (data: any) => any, first: number, listing = '') {
    const ids: string[] = [];
    let after: string | null = null;
    let upstreamPages = 0;
    for (let i = 0; i < 1000; i++) {
      const c = conn(await run(query, { ...vars, first, after }));
      upstreamPages += stack.calls().filter((call) => call.operation === listing).length;
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
      'DescribeMaintenanceWindowExecutions',
    );
    const want = order.executions(w.WindowId!).map((e) => e.WindowExecutionId);
    expect(want.length).toBeGreaterThan(25);
    expect(ids).toEqual(want);
    // Each upstream page once (later requests reuse cached pages); at least the pages the list fills.
    expect(upstreamPages).toBeGreaterThanOrEqual(Math.ceil(want.length / 100));
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
