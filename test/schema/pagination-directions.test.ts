/**
 * Which way a connection pages, over HTTP against the emulator: `first`/`after`
 * forward everywhere, `last`/`before` backward only where SSM lists in reverse
 * (steps, childSteps). Elsewhere `last`/`before` are not arguments at all (a
 * GraphQL validation error), and mixing the two pairs is refused with
 * BAD_USER_INPUT; neither makes an upstream call, even on a cold cache.
 */
import { describe, expect, it } from 'vitest';
import { big, stack, useAutomationStack } from './automation.data.ts';

useAutomationStack();

const STEPS = /* GraphQL */ `
  query Steps($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {
    automationExecution(automationExecutionId: $id) {
      steps(first: $first, after: $after, last: $last, before: $before) {
        pageInfo { startCursor endCursor }
        edges { node { stepExecutionId } }
      }
    }
  }`;
const stepIds = () => big.StepExecutions!.map((s) => s.StepExecutionId);
const idsOf = (res: any): string[] => res.data.automationExecution.steps.edges.map((e: any) => e.node.stepExecutionId);

/** The query's only error, after checking that it made no upstream call on a cold cache. */
async function refusal(query: string, variables?: Record<string, unknown>) {
  stack.gateway.cache.clear();
  stack.resetCalls();
  const res = await stack.query(query, variables);
  expect(stack.calls(), 'upstream calls').toEqual([]);
  expect(res.data).toBeUndefined();
  expect(res.errors, JSON.stringify(res)).toHaveLength(1);
  return res.errors![0];
}

describe('forward-only connections take no `last`/`before`', () => {
  const windowId = () => stack.data.maintenanceWindows[0].WindowId;
  it.each([
    ['root `last`', () => '{ automationExecutions(last: 2) { edges { cursor } } }', 'last', 'Query.automationExecutions'],
    ['root `before`', () => '{ associations(before: "x") { edges { cursor } } }', 'before', 'Query.associations'],
    ['nested `last` under an uncached parent', () => `{ maintenanceWindow(windowId: "${windowId()}") { executions(last: 1) { edges { cursor } } } }`, 'last', 'MaintenanceWindow.executions'],
    ['`before` on childAutomationExecutions', () => `{ automationExecution(automationExecutionId: "${big.AutomationExecutionId}") { childAutomationExecutions(before: "x") { edges { cursor } } } }`, 'before', 'AutomationExecution.childAutomationExecutions'],
  ])('%s is a validation error', async (_name, query, arg, coordinate) => {
    const error = await refusal(query());
    expect(error.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(error.message).toBe(`Unknown argument "${arg}" on field "${coordinate}".`);
  });
});

describe('mixing `first`/`after` with `last`/`before` on steps', () => {
  /** A forward cursor (`after` the 5th step) and a backward one (`before` the 5th from the end). */
  async function cursors() {
    const forward = await stack.query(STEPS, { id: big.AutomationExecutionId, first: 5 });
    const backward = await stack.query(STEPS, { id: big.AutomationExecutionId, last: 5 });
    return {
      after: forward.data.automationExecution.steps.pageInfo.endCursor as string,
      before: backward.data.automationExecution.steps.pageInfo.startCursor as string,
    };
  }

  it('`last` with `after` is refused before any call (it used to ignore `after`)', async () => {
    const { after } = await cursors();
    const error = await refusal(STEPS, { id: big.AutomationExecutionId, last: 3, after });
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'MIXED_PAGINATION_DIRECTIONS', argument: 'after' });
  });

  it('`first` with `before` is refused the same way', async () => {
    const { before } = await cursors();
    const error = await refusal(STEPS, { id: big.AutomationExecutionId, first: 3, before });
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'MIXED_PAGINATION_DIRECTIONS', argument: 'before' });
  });

  it('each pair alone serves what Relay says: the next 3 after, the 3 before', async () => {
    const all = stepIds();
    expect(all.length).toBeGreaterThan(10);
    const { after, before } = await cursors();
    const next = await stack.query(STEPS, { id: big.AutomationExecutionId, first: 3, after });
    expect(idsOf(next)).toEqual(all.slice(5, 8));
    const previous = await stack.query(STEPS, { id: big.AutomationExecutionId, last: 3, before });
    expect(idsOf(previous)).toEqual(all.slice(-8, -5));
    const tail = await stack.query(STEPS, { id: big.AutomationExecutionId, last: 3 });
    expect(idsOf(tail)).toEqual(all.slice(-3));
  });
});
