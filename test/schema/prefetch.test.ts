/**
 * Root fields request their child connections' first pages beside their own
 * record's load (src/schema/prefetch.ts), not after it; the answers are those
 * of the sequential order, and an unknown ID still gives null and one
 * NOT_FOUND. Checked on the emulator's call log: which calls were made, and
 * whether they overlapped in time.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AutomationExecutionRecord } from '../../src/emulator/dataset.ts';
import { startStack, type Call, type Stack } from '../helpers/stack.ts';

const LATENCY = 300;
let stack: Stack;
let big: AutomationExecutionRecord;

beforeAll(async () => {
  // Latency on every call makes overlap visible; no mutable TTL, so only stable data is cached.
  stack = await startStack({ faults: [{ latencyMs: LATENCY }], env: { CACHE_TTL_MUTABLE_MS: '0' } });
  big = [...stack.data.automationExecutions].sort((a, b) => b.StepExecutions!.length - a.StepExecutions!.length)[0];
});
afterAll(() => stack.close());
beforeEach(() => {
  stack.gateway.cache.clear();
  stack.resetCalls();
});

/** True when `b` was sent while `a` was still unanswered. */
const overlapped = (a: Call, b: Call) => b.at < a.at + a.durationMs;
const call = (op: string) => stack.calls().find((c) => c.operation === op)!;
/** The calls that were not a next page (no NextToken). */
const firstPages = () => stack.calls().filter((c) => !c.input.NextToken).map((c) => c.operation);

describe('automationExecution(automationExecutionId:)', () => {
  const q = `query($id: ID!) { automationExecution(automationExecutionId: $id) {
    automationExecutionId documentName steps(first: 3) { edges { node { stepExecutionId } } } } }`;

  it('lists the steps in parallel with the execution load, not after it', async () => {
    const res = await stack.query(q, { id: big.AutomationExecutionId });
    expect(res.errors).toBeUndefined();
    expect(res.data.automationExecution).toEqual({
      automationExecutionId: big.AutomationExecutionId,
      documentName: big.DocumentName,
      steps: { edges: big.StepExecutions!.slice(0, 3).map((s) => ({ node: { stepExecutionId: s.StepExecutionId } })) },
    });
    // One first page, the prefetch's, which the resolver read (the stingy emulator may make it short: the walk then follows its token).
    expect(firstPages().sort()).toEqual(['DescribeAutomationStepExecutions', 'GetAutomationExecution']);
    const [get, steps] = [call('GetAutomationExecution'), call('DescribeAutomationStepExecutions')];
    expect(overlapped(get, steps) || overlapped(steps, get)).toBe(true);
  });

  it("keeps a terminal execution's step pages for the terminal TTL, learnt from the parallel load", async () => {
    expect(big.AutomationExecutionStatus).toBe('Success');
    await stack.query(q, { id: big.AutomationExecutionId });
    stack.resetCalls();
    const again = await stack.query(q, { id: big.AutomationExecutionId });
    expect(again.errors).toBeUndefined();
    expect(stack.calls()).toEqual([]);
  });

  it('an unknown ID gives null and one NOT_FOUND', async () => {
    const res = await stack.query(q, { id: '00000000-0000-4000-8000-000000000000' });
    expect(res.data.automationExecution).toBeNull();
    expect(res.errors?.map((e) => [e.extensions?.code, e.path])).toEqual([['NOT_FOUND', ['automationExecution']]]);
  });

  it('prefetches nothing the query skips or pages into', async () => {
    const skipped = `query($id: ID!, $skip: Boolean!) { automationExecution(automationExecutionId: $id) {
      documentName steps(first: 3) @skip(if: $skip) { edges { node { stepExecutionId } } } } }`;
    await stack.query(skipped, { id: big.AutomationExecutionId, skip: true });
    expect(stack.calls().map((c) => c.operation)).toEqual(['GetAutomationExecution']);

    stack.gateway.cache.clear();
    stack.resetCalls();
    const after = `query($id: ID!, $after: String) { automationExecution(automationExecutionId: $id) {
      steps(first: 3, after: $after) { edges { node { stepExecutionId } } } } }`;
    const cursorQuery = `query($id: ID!) { automationExecution(automationExecutionId: $id) { steps(first: 3) { pageInfo { endCursor } } } }`;
    const { data } = await stack.query(cursorQuery, { id: big.AutomationExecutionId });
    stack.gateway.cache.clear();
    stack.resetCalls();
    const res = await stack.query(after, { id: big.AutomationExecutionId, after: data.automationExecution.steps.pageInfo.endCursor });
    expect(res.data.automationExecution.steps.edges.map((e: any) => e.node.stepExecutionId)).toEqual(
      big.StepExecutions!.slice(3, 6).map((s) => s.StepExecutionId),
    );
    // With a cursor the page is the resolver's alone: requested after the execution loaded.
    const [get, steps] = [call('GetAutomationExecution'), call('DescribeAutomationStepExecutions')];
    expect(steps.at).toBeGreaterThanOrEqual(get.at + get.durationMs - 5);
  });
});

describe('maintenanceWindow(windowId:)', () => {
  const w = () => stack.data.maintenanceWindows[0];

  it('the executions are listed in parallel with the window load', async () => {
    const res = await stack.query(`query($id: ID!) { maintenanceWindow(windowId: $id) { executions(first: 2) { edges { node { windowExecutionId } } } } }`, {
      id: w().WindowId,
    });
    expect(res.errors).toBeUndefined();
    expect(res.data.maintenanceWindow.executions.edges).toHaveLength(2);
    expect(firstPages().sort()).toEqual(['DescribeMaintenanceWindowExecutions', 'GetMaintenanceWindow']);
    const [get, list] = [call('GetMaintenanceWindow'), call('DescribeMaintenanceWindowExecutions')];
    expect(overlapped(get, list) || overlapped(list, get)).toBe(true);
  });

  it('an unknown window gives null and one NOT_FOUND, whichever fields are selected', async () => {
    for (const fields of ['windowId', 'executions(first: 1) { edges { node { windowExecutionId } } }', 'id name']) {
      const res = await stack.query(`{ maintenanceWindow(windowId: "mw-0123456789abcdef0") { ${fields} } }`);
      expect(res.data.maintenanceWindow).toBeNull();
      expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    }
  });
});

describe('maintenanceWindowExecution(windowExecutionId:)', () => {
  it('lists the tasks beside the execution load, and equals the dataset', async () => {
    const e = stack.data.maintenanceWindowExecutions.find((x) => stack.data.maintenanceWindowExecutionTasks.some((t) => t.WindowExecutionId === x.WindowExecutionId))!;
    const res = await stack.query(`query($id: ID!) { maintenanceWindowExecution(windowExecutionId: $id) { status tasks(first: 50) { edges { node { taskExecutionId } } } } }`, {
      id: e.WindowExecutionId,
    });
    expect(res.errors).toBeUndefined();
    expect(res.data.maintenanceWindowExecution.status).toBe(e.Status);
    const want = stack.data.maintenanceWindowExecutionTasks.filter((t) => t.WindowExecutionId === e.WindowExecutionId).map((t) => t.TaskExecutionId);
    expect(res.data.maintenanceWindowExecution.tasks.edges.map((x: any) => x.node.taskExecutionId).sort()).toEqual(want.sort());
    const [get, list] = [call('GetMaintenanceWindowExecution'), call('DescribeMaintenanceWindowExecutionTasks')];
    expect(overlapped(get, list) || overlapped(list, get)).toBe(true);
  });
});

describe('association(associationId:)', () => {
  it('lists the executions beside DescribeAssociation; an unknown association gives null and one NOT_FOUND', async () => {
    const a = stack.data.associations.find((x) => stack.data.associationExecutions.filter((e) => e.AssociationId === x.AssociationId).length > 2)!;
    const q = `query($id: ID!) { association(associationId: $id) { name executions(first: 2) { edges { node { executionId } } } } }`;
    const res = await stack.query(q, { id: a.AssociationId });
    expect(res.errors).toBeUndefined();
    expect(res.data.association.name).toBe(a.Name);
    expect(res.data.association.executions.edges).toHaveLength(2);
    const [get, list] = [call('DescribeAssociation'), call('DescribeAssociationExecutions')];
    expect(overlapped(get, list) || overlapped(list, get)).toBe(true);

    const unknown = await stack.query(q, { id: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.data.association).toBeNull();
    expect(unknown.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
  });
});
