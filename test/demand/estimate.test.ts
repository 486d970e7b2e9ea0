/**
 * The pre-execution estimate against what the emulator logs: the 50 × 50 × 50
 * window tree is accepted under the default limits and costs what
 * `extensions.cost.actual` says; a look-ahead page is priced only where
 * `hasNextPage` is selected; a merged root list once per selected location;
 * the fan-out bomb is still refused before any call.
 */
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.ts';
import { estimateCost } from '../../src/server/preflight/cost.ts';
import { ESTIMATE_TO_CAP } from '../../src/server/settings.ts';
import { startEstateStack } from '../estate/estate-stack.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

const limits = { defaultFirst: 25, maxFirst: 500 };
const cost = (query: string, variables: Record<string, unknown> = {}) => estimateCost(schema, parse(query), undefined, variables, limits);

const TREE = `query Tree($windowId: ID!) { maintenanceWindow(windowId: $windowId) { windowId
  executions(first: 50) { edges { node { windowExecutionId
    tasks(first: 50) { edges { node { taskExecutionId
      invocations(first: 50) { edges { node { invocationId status } } } } } } } } } } }`;

describe('the estimate', () => {
  it('prices the look-ahead page only where hasNextPage is selected (hasPreviousPage for last)', () => {
    const steps = (first: number, page = '') => `{ automationExecution(automationExecutionId: "x") { steps(first: ${first}) { edges { cursor } ${page} } } }`;
    // The execution (1) and its steps' pages (50 a page).
    expect(cost(steps(50))).toBe(1 + 1);
    expect(cost(steps(50, 'pageInfo { endCursor }'))).toBe(1 + 1);
    expect(cost(steps(50, 'pageInfo { hasNextPage }'))).toBe(1 + 2);
    expect(cost(steps(120, 'pageInfo { hasNextPage }'))).toBe(1 + 4);
    expect(cost(steps(50, 'pageInfo { hasNextPage @skip(if: true) }'))).toBe(1 + 1);
    const last = (page: string) => `{ automationExecution(automationExecutionId: "x") { steps(last: 50) { edges { cursor } ${page} } } }`;
    expect(cost(last('pageInfo { hasNextPage }'))).toBe(1 + 1);
    expect(cost(last('pageInfo { hasPreviousPage }'))).toBe(1 + 2);
  });

  it('bounds tasks per window execution by the documented quota (20) and keeps the tree within ten requests of calls', () => {
    // GetMaintenanceWindow 1 + executions 1 page + 50 × 1 page of tasks + 50 × 20 tasks × 1 page of invocations.
    expect(cost(TREE, { windowId: 'mw-0123456789abcdef0' })).toBe(1 + 1 + 50 + 1000);
    expect(cost(TREE, { windowId: 'mw-0123456789abcdef0' })).toBeLessThanOrEqual(500 * ESTIMATE_TO_CAP);
  });
});

describe('over HTTP, the default limits', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ size: 'medium', stingy: false });
  });
  afterAll(() => stack.close());

  it('accept the 50 × 50 × 50 window tree, and extensions.cost.actual is the calls the emulator logged', async () => {
    // The window with the most task executions.
    const count = (w: { WindowId?: string }) =>
      stack.data.maintenanceWindowExecutionTasks.filter((t) => stack.data.maintenanceWindowExecutions.some((e) => e.WindowExecutionId === t.WindowExecutionId && e.WindowId === w.WindowId)).length;
    const window = [...stack.data.maintenanceWindows].sort((a, b) => count(b) - count(a))[0];
    stack.gateway.cache.clear();
    stack.resetCalls();
    const res = await stack.query(TREE, { windowId: window.WindowId });
    expect(res.errors).toBeUndefined();
    const executions = res.data.maintenanceWindow.executions.edges;
    expect(executions.length).toBeGreaterThan(0);
    const calls = stack.calls();
    expect(calls.length).toBeGreaterThan(executions.length);
    expect(res.extensions?.cost).toMatchObject({ estimated: 1052, actual: calls.length, cacheHits: 0, maxCalls: 500 });
    // No look-ahead page was fetched: hasNextPage is not selected, and every listing fits its first page.
    expect(calls.filter((c) => c.input.NextToken)).toEqual([]);
  });

  it('refuses the fan-out bomb (100 × 100 × 100 × 100) before any call', async () => {
    stack.resetCalls();
    const bomb = `{ maintenanceWindows(first: 100) { edges { node { executions(first: 100) { edges { node {
      tasks(first: 100) { edges { node { invocations(first: 100) { edges { node { automationExecution {
        steps(first: 100) { edges { node { stepName } } } } } } } } } } } } } } } } }`;
    const res = await stack.query(bomb);
    expect(res.data).toBeUndefined();
    expect(res.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'QUERY_TOO_EXPENSIVE', budget: 5000 }) })]);
    expect(res.errors![0].extensions!.estimate).toBeGreaterThan(1_000_000);
    expect(stack.calls()).toEqual([]);
  });
});

describe('merged root lists', () => {
  it('are priced once per selected location (one first page each)', async () => {
    const stack = await startEstateStack({ env: { MAX_QUERY_COST: '' } });
    try {
      const list = (args = '') => `{ automationExecutions(first: 60${args}) { edges { node { automationExecutionId } } } }`;
      const cases: [string, number][] = [
        ['', 4 + 1],
        [', regions: ["us-east-1"]', 2 + 1],
        [`, accountIds: ["${stack.estate.home.accountId}"], regions: ["us-east-1"]`, 1 + 1],
      ];
      for (const [args, estimated] of cases) {
        stack.gateway.cache.clear();
        stack.resetCalls();
        const res = await stack.query(list(args));
        expect(res.errors).toBeUndefined();
        expect(res.extensions?.cost).toMatchObject({ estimated, actual: stack.calls().length });
      }
    } finally {
      await stack.close();
    }
  });
});
