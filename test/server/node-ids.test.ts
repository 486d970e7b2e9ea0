/**
 * `nodes(ids:)` takes at most MAX_NODE_IDS IDs (100, as GitHub's): more is
 * refused before execution with no upstream call, where 1,500 IDs used to make
 * 500 SSM calls (the request's call budget) before failing. Up to the cap it
 * loads as before, batched, and the cost estimate prices every ID (one call
 * each: an upper bound, since the IDs' types are not known before decoding them).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.ts';
import { estimateCost } from '../../src/server/preflight/cost.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

const NODES = 'query($ids: [ID!]!) { nodes(ids: $ids) { id ... on AutomationExecution { automationExecutionId } } }';
const gid = (type: string, key: string) => Buffer.from(`${type}:${key}`).toString('base64url');
/** `n` well-formed maintenance window IDs (the shortest global IDs), unknown to SSM. */
const windowIds = (n: number) => Array.from({ length: n }, (_, i) => gid('MaintenanceWindow', `mw-${i.toString(16).padStart(17, '0')}`));

let stack: Stack;
let executions: string[];
beforeAll(async () => {
  stack = await startStack();
  executions = stack.data.automationExecutions.slice(0, 100).map((e) => e.AutomationExecutionId!);
  expect(executions).toHaveLength(100);
});
afterAll(() => stack.close());
beforeEach(() => {
  stack.gateway.cache.clear();
  stack.resetCalls();
});

describe('nodes(ids:) above MAX_NODE_IDS', () => {
  it.each([101, 1_500])('%i IDs: BAD_USER_INPUT, no upstream call', async (n) => {
    const res = await stack.query(NODES, { ids: windowIds(n) });
    expect(stack.calls(), 'upstream calls').toEqual([]);
    expect(res.data).toBeUndefined();
    expect(res.errors?.map((e) => e.extensions)).toEqual([{ code: 'BAD_USER_INPUT', argument: 'ids', max: 100 }]);
    expect(res.errors![0].message).toBe(`\`nodes\` takes at most 100 IDs, not ${n}: ask in several requests.`);
  });

  it('is refused inside a fragment too', async () => {
    const res = await stack.query('query($ids: [ID!]!) { ...N } fragment N on Query { nodes(ids: $ids) { id } }', { ids: windowIds(101) });
    expect(stack.calls()).toEqual([]);
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('nodes(ids:) up to the cap', () => {
  it('100 automation executions load in ten batched calls, in order', async () => {
    const res = await stack.query(NODES, { ids: executions.map((id) => gid('AutomationExecution', id)) });
    expect(res.errors).toBeUndefined();
    expect(res.data.nodes.map((n: any) => n.automationExecutionId)).toEqual(executions);
    const ops = stack.calls().map((c) => c.operation);
    expect(ops.every((op) => op === 'DescribeAutomationExecutions' || op === 'GetAutomationExecution')).toBe(true);
    expect(ops.filter((op) => op === 'DescribeAutomationExecutions')).toHaveLength(10);
  });

  it('the cost estimate prices every ID, one call each (`Node` names no batch: an upper bound)', () => {
    const limits = { defaultFirst: 25, maxFirst: 500 };
    const cost = (ids: string[]) => estimateCost(schema, NODES, undefined, { ids }, limits);
    expect(cost(executions.map((id) => gid('AutomationExecution', id)))).toBe(100);
    expect(cost(windowIds(100))).toBe(100);
    expect(cost(windowIds(1_500))).toBe(1_500);
  });

  it('MAX_NODE_IDS sets the cap', async () => {
    const small = await startStack({ env: { MAX_NODE_IDS: '3' } });
    try {
      const ids = executions.slice(0, 4).map((id) => gid('AutomationExecution', id));
      const over = await small.query(NODES, { ids });
      expect(small.calls()).toEqual([]);
      expect(over.errors?.map((e) => e.extensions)).toEqual([{ code: 'BAD_USER_INPUT', argument: 'ids', max: 3 }]);
      const at = await small.query(NODES, { ids: ids.slice(0, 3) });
      expect(at.errors).toBeUndefined();
      expect(at.data.nodes.map((n: any) => n.automationExecutionId)).toEqual(executions.slice(0, 3));
      expect(small.calls().length).toBeGreaterThan(0);
    } finally {
      await small.close();
    }
  });
});
