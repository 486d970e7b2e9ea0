/**
 * The automation domain over HTTP, through the real SDK, against the emulator:
 * data equals the dataset, and the emulator's call log shows what it cost.
 */
import { describe, expect, it } from 'vitest';
import { callKeys } from '../helpers/stack.ts';
import { big, globalId, stack, useAutomationStack } from './automation.data.ts';

useAutomationStack();

const iso = (d: Date | undefined) => d?.toISOString() ?? null;
const STEPS = /* GraphQL */ `
  query Steps($id: ID!, $first: Int, $after: String, $last: Int, $before: String, $reverse: Boolean) {
    automationExecution(automationExecutionId: $id) {
      steps(first: $first, after: $after, last: $last, before: $before, reverseOrder: $reverse) {
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges { cursor node { stepExecutionId stepName } }
      }
    }
  }`;

/** Walks a connection forward to its end, one request per page, checking per-request call uniqueness. */
async function walkSteps(id: string, first: number, reverse = false) {
  const ids: string[] = [];
  let after: string | null = null;
  for (let i = 0; i < 1000; i++) {
    stack.resetCalls();
    const res: any = await stack.query(STEPS, { id, first, after, reverse });
    expect(res.errors).toBeUndefined();
    const keys = callKeys(stack.calls());
    expect(new Set(keys).size).toBe(keys.length);
    const conn: any = res.data.automationExecution.steps;
    ids.push(...conn.edges.map((e: any) => e.node.stepExecutionId));
    if (!conn.pageInfo.hasNextPage) return ids;
    after = conn.pageInfo.endCursor;
  }
  throw new Error('walk did not end');
}

describe('automationExecution', () => {
  it('returns the execution with summary and detail members', async () => {
    const e = big;
    stack.resetCalls();
    const res = await stack.query(
      `query($id: ID!) { automationExecution(automationExecutionId: $id) {
          id automationExecutionId documentName automationExecutionStatus executionStartTime executionEndTime
          parameters } }`,
      { id: e.AutomationExecutionId },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.automationExecution).toMatchObject({
      automationExecutionId: e.AutomationExecutionId,
      documentName: e.DocumentName,
      automationExecutionStatus: e.AutomationExecutionStatus,
      executionStartTime: iso(e.ExecutionStartTime),
      executionEndTime: iso(e.ExecutionEndTime),
      parameters: e.Parameters ?? null,
    });
    // A lone lookup takes GetAutomationExecution, which has the detail members too: one call.
    expect(stack.calls().map((c) => c.operation)).toEqual(['GetAutomationExecution']);
  });

  it('a listed summary costs a detail call only for detail-only members', async () => {
    const q = (fields: string) => `{ automationExecutions(first: 3) { edges { node { ${fields} } } } }`;
    stack.resetCalls();
    await stack.query(q('documentName automationExecutionStatus'));
    expect(stack.calls().every((c) => c.operation === 'DescribeAutomationExecutions')).toBe(true);
    stack.gateway.cache.clear();
    stack.resetCalls();
    await stack.query(q('documentName parameters'));
    expect(stack.calls().filter((c) => c.operation === 'GetAutomationExecution')).toHaveLength(3);
  });

  it('gives null and NOT_FOUND for an unknown ID, BAD_USER_INPUT with no call for a malformed one', async () => {
    stack.resetCalls();
    const unknown = await stack.query(`{ automationExecution(automationExecutionId: "00000000-0000-4000-8000-000000000000") { id } }`);
    expect(unknown.data.automationExecution).toBeNull();
    expect(unknown.errors![0].extensions!.code).toBe('NOT_FOUND');
    stack.resetCalls();
    const bad = await stack.query(`{ automationExecution(automationExecutionId: "nope") { id } }`);
    expect(bad.data.automationExecution).toBeNull();
    expect(bad.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(stack.calls()).toHaveLength(0);
  });

});

describe('steps connection', () => {
  it.each([1, 3, 25, 500])('first=%i walks every step exactly once in execution order (stingy pages)', async (first) => {
    const ids = await walkSteps(big.AutomationExecutionId!, first);
    expect(ids).toEqual(big.StepExecutions!.map((s) => s.StepExecutionId));
  });

  it('reverseOrder lists the steps last first', async () => {
    const ids = await walkSteps(big.AutomationExecutionId!, 50, true);
    expect(ids).toEqual(big.StepExecutions!.map((s) => s.StepExecutionId).reverse());
  });

  it('last/before pages backwards and returns each page in forward order', async () => {
    const all = big.StepExecutions!.map((s) => s.StepExecutionId);
    const got: string[] = [];
    let before: string | null = null;
    for (;;) {
      const res: any = await stack.query(STEPS, { id: big.AutomationExecutionId, last: 20, before });
      expect(res.errors).toBeUndefined();
      const conn = res.data.automationExecution.steps;
      got.unshift(...conn.edges.map((e: any) => e.node.stepExecutionId));
      if (!conn.pageInfo.hasPreviousPage) break;
      before = conn.pageInfo.startCursor;
    }
    expect(got).toEqual(all);
  });

  it('refuses forged, truncated and foreign cursors before any upstream call', async () => {
    const first = await stack.query(STEPS, { id: big.AutomationExecutionId, first: 2 });
    const cursor: string = first.data.automationExecution.steps.pageInfo.endCursor;
    const other = stack.data.automationExecutions.find((a) => a !== big && a.StepExecutions!.length > 3)!;
    const flipped = cursor.slice(0, 10) + (cursor[10] === 'A' ? 'B' : 'A') + cursor.slice(11);
    for (const [id, after] of [
      [big.AutomationExecutionId, flipped],
      [big.AutomationExecutionId, cursor.slice(0, cursor.length - 5)],
      [big.AutomationExecutionId, 'not-a-cursor'],
      [other.AutomationExecutionId, cursor],
    ]) {
      stack.gateway.cache.clear();
      stack.resetCalls();
      const res = await stack.query(
        `query($id: ID!, $after: String) { automationExecution(automationExecutionId: $id) { steps(first: 2, after: $after) { edges { cursor } } } }`,
        { id, after },
      );
      expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
      // The root lookup may run; the steps page must not.
      expect(stack.calls().filter((c) => c.operation === 'DescribeAutomationStepExecutions')).toHaveLength(0);
    }
  });

  it('refuses first above the cap, and last on a forward-only connection (no such argument), with no call', async () => {
    stack.resetCalls();
    const huge = await stack.query(`{ automationExecutions(first: 100000) { edges { cursor } } }`);
    expect(huge.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    const last = await stack.query(`{ automationExecutions(last: 2) { edges { cursor } } }`);
    expect(last.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(stack.calls()).toHaveLength(0);
  });

  it('pushes filters down and returns only matching steps', async () => {
    const loop = big.StepExecutions!.find((s) => s.Action === 'aws:loop')!;
    stack.resetCalls();
    const res = await stack.query(
      `query($id: ID!, $parent: String) { automationExecution(automationExecutionId: $id) {
          steps(first: 500, filter: { parentStepExecutionId: $parent }) { edges { node { stepExecutionId iteration } } } } }`,
      { id: big.AutomationExecutionId, parent: loop.StepExecutionId },
    );
    const expected = big.StepExecutions!.filter((s) => s.ParentStepDetails?.StepExecutionId === loop.StepExecutionId);
    expect(res.data.automationExecution.steps.edges.map((e: any) => e.node.stepExecutionId)).toEqual(
      expected.map((s) => s.StepExecutionId),
    );
    const stepCalls = stack.calls().filter((c) => c.operation === 'DescribeAutomationStepExecutions');
    expect(stepCalls.length).toBeGreaterThan(0);
    for (const c of stepCalls) {
      expect(c.input.Filters).toEqual([{ Key: 'ParentStepExecutionId', Values: [loop.StepExecutionId] }]);
    }
  });
});

describe('step tree edges', () => {
  it('parentStep, iteration, childSteps and childAutomationExecution equal the dataset; parentStep costs no call', async () => {
    stack.resetCalls();
    const res = await stack.query(
      `query($id: ID!) { automationExecution(automationExecutionId: $id) {
          steps(first: 500) { edges { node {
            stepExecutionId action iteration iteratorValue
            parentStep { stepExecutionId }
            childAutomationExecution { automationExecutionId parentAutomationExecution { automationExecutionId } }
          } } } } }`,
      { id: big.AutomationExecutionId },
    );
    expect(res.errors).toBeUndefined();
    const nodes = res.data.automationExecution.steps.edges.map((e: any) => e.node);
    big.StepExecutions!.forEach((s, i) => {
      expect(nodes[i].stepExecutionId).toBe(s.StepExecutionId);
      expect(nodes[i].parentStep?.stepExecutionId ?? null).toBe(s.ParentStepDetails?.StepExecutionId ?? null);
      expect(nodes[i].iteration).toBe(s.ParentStepDetails?.Iteration ?? null);
      expect(nodes[i].iteratorValue).toBe(s.ParentStepDetails?.IteratorValue ?? null);
      if (s.Action === 'aws:executeAutomation') {
        expect(nodes[i].childAutomationExecution.automationExecutionId).toBe(s.Outputs!.ExecutionId[0]);
        expect(nodes[i].childAutomationExecution.parentAutomationExecution.automationExecutionId).toBe(big.AutomationExecutionId);
      }
    });
    expect(nodes.some((n: any) => n.parentStep)).toBe(true);
    // parentStep was served from the listed pages: no lookup by StepExecutionId.
    const stepCalls = stack.calls().filter((c) => c.operation === 'DescribeAutomationStepExecutions');
    expect(stepCalls.every((c) => !c.input.Filters)).toBe(true);
  });

  it('childSteps of a loop equal the steps that name it as parent', async () => {
    const loop = big.StepExecutions!.find((s) => s.Action === 'aws:loop')!;
    const res = await stack.query(
      `query($id: ID!) { node(id: $id) { ... on AutomationStepExecution { stepName childSteps(first: 100) { edges { node { stepExecutionId iteration } } } } } }`,
      { id: globalId('AutomationStepExecution', `${big.AutomationExecutionId}/${loop.StepExecutionId}`) },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.node.stepName).toBe(loop.StepName);
    const expected = big.StepExecutions!.filter((s) => s.ParentStepDetails?.StepExecutionId === loop.StepExecutionId);
    expect(res.data.node.childSteps.edges.map((e: any) => e.node.stepExecutionId)).toEqual(expected.map((s) => s.StepExecutionId));
  });

});

describe('cross-request cache', () => {
  it('a repeated query on terminal data within the TTL adds no upstream call', async () => {
    expect(big.AutomationExecutionStatus).toBe('Success');
    const q = `query($id: ID!) { automationExecution(automationExecutionId: $id) { documentName steps(first: 500) { edges { node { stepName parentStep { stepName } } } } } }`;
    const first = await stack.query(q, { id: big.AutomationExecutionId });
    stack.resetCalls();
    const second = await stack.query(q, { id: big.AutomationExecutionId });
    expect(second.data).toEqual(first.data);
    expect(stack.calls()).toHaveLength(0);
  });
});
