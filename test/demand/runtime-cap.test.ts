/**
 * A query cut by the runtime cap (SSM_MAX_CALLS_PER_REQUEST) keeps what it
 * fetched: connections cut short end with `hasNextPage: true`, an error at the
 * connection, and an `endCursor` that resumes at the refused page. Resumed
 * until the end, both adapters (src/schema/connection.ts, estate-merge.ts)
 * give every item exactly once, in order.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEstateStack, locKey } from '../estate/estate-stack.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

const CUT = 'CALL_BUDGET_EXCEEDED';
let warn: ReturnType<typeof vi.spyOn>;
beforeAll(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterAll(() => {
  // A refused call is the request's own budget, answered to the client, not an upstream failure to log.
  expect(warn.mock.calls.filter((c: unknown[]) => String(c[0]).includes(CUT))).toEqual([]);
  warn.mockRestore();
});

interface Walked {
  items: string[];
  requests: number;
  cuts: number;
}

/** Follows `endCursor` until `hasNextPage` is false; every error must be the cap's, at the connection. */
async function walk(stack: Stack, query: string, variables: Record<string, unknown>, path: string[], id: (node: any) => string): Promise<Walked> {
  const out: Walked = { items: [], requests: 0, cuts: 0 };
  let after: string | null = null;
  for (; out.requests < 200; ) {
    out.requests++;
    const res: { data?: any; errors?: any[]; extensions?: any } = await stack.query(query, { ...variables, after });
    for (const e of res.errors ?? []) {
      expect(e.extensions?.code).toBe(CUT);
      expect(e.path).toEqual(path);
    }
    if (res.errors?.length) out.cuts++;
    const conn: any = path.reduce((o: any, k) => o[k], res.data);
    out.items.push(...conn.edges.map((e: any) => id(e.node)));
    expect(res.extensions?.cost.actual).toBeLessThanOrEqual(res.extensions?.cost.maxCalls);
    if (!conn.pageInfo.hasNextPage) return out;
    after = conn.pageInfo.endCursor;
  }
  throw new Error('walk did not end');
}

describe('one location (the NextToken adapter)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ stingy: false, env: { SSM_MAX_CALLS_PER_REQUEST: '2', MAX_QUERY_COST: '0', RESPONSE_CACHE: 'false' } });
  });
  afterAll(() => stack.close());

  it('steps(first: 500) cut by the cap resume at the refused page: every step once, in order', async () => {
    const run = [...stack.data.automationExecutions].sort((a, b) => (b.StepExecutions?.length ?? 0) - (a.StepExecutions?.length ?? 0))[0];
    expect(run.StepExecutions!.length).toBeGreaterThan(100);
    const q = `query($id: ID!, $after: String) { automationExecution(automationExecutionId: $id) {
      steps(first: 500, after: $after) { edges { node { stepExecutionId } } pageInfo { hasNextPage endCursor } } } }`;
    stack.resetCalls();
    const walked = await walk(stack, q, { id: run.AutomationExecutionId }, ['automationExecution', 'steps'], (n) => n.stepExecutionId);
    expect(walked.items).toEqual(run.StepExecutions!.map((s) => s.StepExecutionId));
    expect(walked.cuts).toBeGreaterThan(0);
    // No page was asked twice: each resumed where the last one was refused.
    const pages = stack.calls().filter((c) => c.operation === 'DescribeAutomationStepExecutions').map((c) => c.input.NextToken ?? '');
    expect(new Set(pages).size).toBe(pages.length);
  });

  it('a cut nested connection is empty with a cursor from its start; the rest of the tree stands, and the cursor resumes under another parent path', async () => {
    const execution = stack.data.maintenanceWindowExecutions.find((e) => stack.data.maintenanceWindowExecutionTasks.filter((t) => t.WindowExecutionId === e.WindowExecutionId).length > 1)!;
    const tree = `query($id: ID!) { maintenanceWindow(windowId: $id) { windowId name executions(first: 10) { edges { node { windowExecutionId
      tasks(first: 50) { edges { node { taskExecutionId } } pageInfo { hasNextPage endCursor } } } } } } }`;
    stack.gateway.cache.clear();
    const res = await stack.query(tree, { id: execution.WindowId });
    const window = res.data.maintenanceWindow;
    expect(window.windowId).toBe(execution.WindowId);
    expect(window.executions.edges.length).toBeGreaterThan(0);
    const cut = window.executions.edges.filter((e: any) => e.node.tasks.pageInfo.hasNextPage);
    expect(cut.length).toBeGreaterThan(0);
    expect(res.errors!.length).toBe(cut.length);
    for (const e of res.errors!) {
      expect(e.extensions).toMatchObject({ code: CUT, operation: 'DescribeMaintenanceWindowExecutionTasks' });
      expect(e.path).toEqual(['maintenanceWindow', 'executions', 'edges', expect.any(Number), 'node', 'tasks']);
    }
    for (const { node } of cut) {
      expect(node.tasks.edges).toEqual([]);
      const resumed = await stack.query(
        `query($id: ID!, $after: String) { maintenanceWindowExecution(windowExecutionId: $id) { tasks(first: 50, after: $after) { edges { node { taskExecutionId } } pageInfo { hasNextPage } } } }`,
        { id: node.windowExecutionId, after: node.tasks.pageInfo.endCursor },
      );
      expect(resumed.errors).toBeUndefined();
      const expected = stack.data.maintenanceWindowExecutionTasks.filter((t) => t.WindowExecutionId === node.windowExecutionId).map((t) => t.TaskExecutionId);
      expect(resumed.data.maintenanceWindowExecution.tasks.edges.map((e: any) => e.node.taskExecutionId).sort()).toEqual(expected.sort());
    }
  });
});

describe('a merged root list over 2 accounts × 2 regions', () => {
  it('cut by the cap keeps its order; resumed, every execution of every location comes once, newest first', async () => {
    const stack = await startEstateStack({ env: { SSM_MAX_CALLS_PER_REQUEST: '6', RESPONSE_CACHE: 'false' } });
    try {
      const q = `query($after: String) { automationExecutions(first: 200, after: $after) {
        edges { node { accountId region automationExecutionId executionStartTime } } pageInfo { hasNextPage endCursor } } }`;
      const times = new Map<string, number>();
      const walked = await walk(stack, q, {}, ['automationExecutions'], (n) => {
        const key = `${locKey(n)}/${n.automationExecutionId}`;
        times.set(key, n.executionStartTime ? Date.parse(n.executionStartTime) : Infinity);
        return key;
      });
      const expected = stack.estate.locations.flatMap((l) => l.data.automationExecutions.map((a) => `${l.accountId}/${l.region}/${a.AutomationExecutionId}`));
      expect(walked.cuts).toBeGreaterThan(0);
      expect(new Set(walked.items).size).toBe(walked.items.length);
      expect([...walked.items].sort()).toEqual(expected.sort());
      const order = walked.items.map((k) => times.get(k)!);
      for (let i = 1; i < order.length; i++) expect(order[i]).toBeLessThanOrEqual(order[i - 1]);
    } finally {
      await stack.close();
    }
  });
});
