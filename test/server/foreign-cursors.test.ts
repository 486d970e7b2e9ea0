/**
 * Cursors replayed where they do not belong, over HTTP against the emulator.
 * A cursor is bound to its field (coordinate and arguments: filter, order) and
 * to its connection (the parent's keys too). The first part is checked before
 * execution, so a cursor of another field or other arguments costs no upstream
 * call even when its parent is not cached; one of the same field under another
 * parent is refused by the resolver, which knows the parent's keys once it is
 * loaded: that load is all it costs, never the listing.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.ts';

let stack: Stack;
const c: Record<string, string> = {};
let a = '';
let b = '';

const steps = (id: string, args: string) => `{ automationExecution(automationExecutionId: "${id}") { steps(${args}) { edges { node { stepExecutionId } } } } }`;
const endOf = (conn: any) => conn.pageInfo.endCursor as string;

beforeAll(async () => {
  stack = await startStack();
  const [x, y] = stack.data.automationExecutions.filter((e) => (e.StepExecutions?.length ?? 0) > 4);
  a = x.AutomationExecutionId!;
  b = y.AutomationExecutionId!;
  const page = (q: string) => stack.query(q).then((r) => (expect(r.errors).toBeUndefined(), r.data));
  c.executions = endOf((await page('{ automationExecutions(first: 2) { pageInfo { endCursor } } }')).automationExecutions);
  c.steps = endOf((await page(`{ automationExecution(automationExecutionId: "${a}") { steps(first: 2) { pageInfo { endCursor } } } }`)).automationExecution.steps);
  const window = stack.data.maintenanceWindows[0].WindowId;
  c.windowExecutions = endOf((await page(`{ maintenanceWindow(windowId: "${window}") { executions(first: 1) { pageInfo { endCursor } } } }`)).maintenanceWindow.executions);
});
afterAll(() => stack.close());
beforeEach(() => {
  stack.gateway.cache.clear();
  stack.resetCalls();
});

describe('a cursor of another field or other arguments: refused before any call', () => {
  it.each([
    ['automationExecutions cursor on steps', () => steps(a, `first: 1, after: "${c.executions}"`)],
    ['steps cursor on automationExecutions', () => `{ automationExecutions(first: 1, after: "${c.steps}") { edges { cursor } } }`],
    ['automationExecutions cursor with another filter', () => `{ automationExecutions(first: 1, after: "${c.executions}", filter: { status: [Success] }) { edges { cursor } } }`],
    ['automationExecutions cursor on childAutomationExecutions (same filter type)', () => `{ automationExecution(automationExecutionId: "${a}") { childAutomationExecutions(first: 1, after: "${c.executions}") { edges { cursor } } } }`],
    ['steps cursor with reverseOrder', () => steps(a, `first: 1, after: "${c.steps}", reverseOrder: true`)],
    ['steps cursor with a filter', () => steps(a, `first: 1, after: "${c.steps}", filter: { stepName: ["x"] }`)],
    ['steps cursor on childSteps', () => `{ automationExecution(automationExecutionId: "${a}") { steps(first: 1) { edges { node { childSteps(after: "${c.steps}") { edges { cursor } } } } } } }`],
    ["a window's executions cursor on maintenanceWindows", () => `{ maintenanceWindows(after: "${c.windowExecutions}") { edges { cursor } } }`],
  ])('%s', async (_name, query) => {
    const res = await stack.query(query());
    expect(stack.calls(), 'upstream calls').toEqual([]);
    expect(res.data).toBeUndefined();
    expect(res.errors?.map((e) => e.extensions)).toEqual([{ code: 'BAD_USER_INPUT', reason: 'FOREIGN_CURSOR' }]);
  });
});

describe('the same field under another parent', () => {
  it("is refused by the resolver once the parent is loaded: the parent's load, no listing", async () => {
    const res = await stack.query(steps(b, `first: 1, after: "${c.steps}"`));
    expect(res.errors?.map((e) => [e.extensions?.reason, e.path?.join('.')])).toEqual([['FOREIGN_CURSOR', 'automationExecution.steps']]);
    expect(stack.calls().map((call) => call.operation)).toEqual(['GetAutomationExecution']);
  });
});

describe('a cursor goes on wherever its connection is reached', () => {
  it('from a listing to the record by ID and through node(id:): the next steps, in order', async () => {
    const want = stack.data.automationExecutions.find((e) => e.AutomationExecutionId === a)!.StepExecutions!.map((s) => s.StepExecutionId);
    const listed = await stack.query(`{ automationExecutions(first: 1, filter: { executionIds: ["${a}"] }) { edges { node { automationExecutionId steps(first: 2) { pageInfo { endCursor } } } } } }`);
    const node = listed.data.automationExecutions.edges[0].node;
    expect(node.automationExecutionId).toBe(a);
    const byId = await stack.query(steps(a, `first: 2, after: "${endOf(node.steps)}"`));
    expect(byId.errors).toBeUndefined();
    expect(byId.data.automationExecution.steps.edges.map((e: any) => e.node.stepExecutionId)).toEqual(want.slice(2, 4));
    const id = Buffer.from(`AutomationExecution:${a}`).toString('base64url');
    const viaNode = await stack.query(`{ node(id: "${id}") { ... on AutomationExecution { steps(first: 2, after: "${endOf(node.steps)}") { edges { node { stepExecutionId } } } } } }`);
    expect(viaNode.errors).toBeUndefined();
    expect(viaNode.data.node.steps.edges.map((e: any) => e.node.stepExecutionId)).toEqual(want.slice(2, 4));
  });
});
