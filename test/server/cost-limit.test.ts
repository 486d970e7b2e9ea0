/**
 * The upstream cost bound: the estimate's formula, its map kept in sync with
 * the schema, the plugin refusing expensive operations before any call, and
 * the runtime backstop (SSM_MAX_CALLS_PER_REQUEST) for what the estimate lets by.
 */
import { readFileSync } from 'node:fs';
import { getNamedType, isObjectType, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { schema, subgraphSchema } from '../../src/schema/index.ts';
import { estimateCost, isConnection } from '../../src/server/preflight/cost.ts';
import { EXAMPLE_QUERY, EXAMPLE_SUBSCRIPTION } from '../../src/server/example-query.ts';
import { HOME, startStack, type Stack } from '../helpers/stack.ts';

const limits = { defaultFirst: 25, maxFirst: 500 };
const cost = (query: string, variables: Record<string, unknown> = {}) => estimateCost(schema, parse(query), undefined, variables, limits);

describe('estimate', () => {
  it('prices a merged root list (one location here) at 1 + floor(first / pageSize) pages', () => {
    // Merged root lists never look ahead; test/demand/estimate.test.ts prices several locations.
    expect(cost('{ automationExecutions(first: 3) { edges { cursor } } }')).toBe(1);
    expect(cost('{ automationExecutions(first: 50) { edges { cursor } } }')).toBe(2);
    expect(cost('{ automationExecutions(first: 51) { edges { cursor } } }')).toBe(2);
    expect(cost('{ automationExecutions { edges { cursor } } }')).toBe(1); // default first 25
    // Maintenance-window operations page by 100.
    expect(cost('{ maintenanceWindows(first: 150) { edges { cursor } } }')).toBe(2);
    // Out-of-range `first` is refused by the resolver; priced at the cap meanwhile.
    expect(cost('{ automationExecutions(first: 100000) { edges { cursor } } }')).toBe(11);
  });

  it('multiplies nested connections by the parents they run under', () => {
    // 1 page of executions + 4 executions × 1 page of steps.
    expect(cost('{ automationExecutions(first: 4) { edges { node { steps(first: 10) { edges { node { stepName } } } } } } }')).toBe(1 + 4 * 1);
    // `nodes`-less connection selections (pageInfo only) still cost their pages, not their items.
    expect(cost('{ automationExecutions(first: 4) { pageInfo { hasNextPage } } }')).toBe(1);
  });

  it('prices batched loads at ceil(parents / batch), detail fields at one Get per object', () => {
    // 30 steps' parentStep: 3 calls of ten.
    expect(cost('{ automationExecutions(first: 3) { edges { node { steps(first: 10) { edges { node { parentStep { stepName } } } } } } } }')).toBe(1 + 3 + 3);
    expect(cost('{ automationExecution(automationExecutionId: "x") { documentName } }')).toBe(1);
    // `parameters` is only in GetAutomationExecution's shape: +1 per execution.
    expect(cost('{ automationExecution(automationExecutionId: "x") { documentName parameters } }')).toBe(2);
    expect(cost('{ automationExecutions(first: 5) { edges { node { parameters } } } }')).toBe(1 + 5);
  });

  it('follows variables, fragments and inline fragments; aliases count separately', () => {
    const q = `query($n: Int) { automationExecutions(first: $n) { ...E } }
      fragment E on AutomationExecutionConnection { edges { node { ... on AutomationExecution { steps(first: $n) { edges { cursor } } } } } }`;
    expect(cost(q, { n: 100 })).toBe(3 + 100 * 2);
    expect(cost('{ a: automationExecutions(first: 1) { edges { cursor } } b: automationExecutions(first: 1) { edges { cursor } } }')).toBe(2);
    expect(cost('query($id: ID!) { node(id: $id) { ... on AutomationExecution { steps(first: 60) { edges { cursor } } } } }', { id: 'x' })).toBe(1 + 2);
    expect(cost('{ nodes(ids: ["a", "b", "c"]) { id } }')).toBe(3);
  });

  it('passes the GraphiQL examples and the README examples under the default budget', () => {
    // Two merged root lists of one execution each, their steps (the loop's with a look-ahead), parent steps and children.
    expect(cost(EXAMPLE_QUERY)).toBe(11);
    // The live example's subscription: one poll of its query (the execution, and its steps' one page: no hasNextPage, no look-ahead).
    expect(estimateCost(schema, parse(EXAMPLE_SUBSCRIPTION), 'Watch', { id: 'x' }, limits)).toBe(1 + 1);
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) expect(cost(block, { windowId: 'mw-0123456789abcdef0' })).toBeLessThanOrEqual(5_000);
  });

  it('knows the SSM operation of every connection field in the schema', () => {
    const unknown: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        if (!isConnection(getNamedType(field.type))) continue;
        const key = `${type.name}.${field.name}`;
        if (!field.extensions?.ssmOperation) unknown.push(key);
      }
    }
    // Declare the field with `ssmConnection` (src/schema/ssm-connection.ts), which sets
    // `extensions: { ssmOperation }`.
    expect(unknown).toEqual([]);
    // The types served from a listed summary and a Get* detail mark their detail-only fields.
    const withDetail = Object.values(schema.getTypeMap()).filter(
      (t) => isObjectType(t) && Object.values(t.getFields()).some((f) => f.extensions?.ssmDetail),
    );
    expect(withDetail.map((t) => t.name).sort()).toEqual([
      'Association', 'AutomationExecution', 'MaintenanceWindow', 'MaintenanceWindowExecution', 'MaintenanceWindowExecutionTask',
    ]);
  });
});

describe('the documented examples under the production defaults', () => {
  it('run through every limit (depth, aliases, tokens, cost) and answer', async () => {
    const stack = await startStack({ env: { NODE_ENV: 'production', MAX_QUERY_COST: '5000' } });
    try {
      const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
      const queries = [EXAMPLE_QUERY, ...[...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1])];
      const variables = { windowId: stack.data.maintenanceWindows[0].WindowId, id: stack.data.automationExecutions[0].AutomationExecutionId };
      for (const query of queries) {
        // A subscription is read over SSE, up to its first event.
        const res = query.trimStart().startsWith('subscription') ? await firstEvent(stack, query, variables) : await stack.query(query, variables);
        expect(res.errors, query).toBeUndefined();
        expect(res.data, query).toBeTruthy();
      }
    } finally {
      await stack.close();
    }
  });
});

describe('useUpstreamCostLimit', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { MAX_QUERY_COST: '100' } });
  });
  afterAll(() => stack.close());

  const post = (query: string, variables: Record<string, unknown> | undefined, accept: string) =>
    stack.gateway.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept },
      body: JSON.stringify({ query, variables }),
    });

  it('refuses an operation above the budget with QUERY_TOO_EXPENSIVE and no upstream call', async () => {
    stack.resetCalls();
    const q = 'query($n: Int) { automationExecutions(first: $n) { edges { node { steps(first: $n) { edges { cursor } } } } } }';
    const res = await post(q, { n: 60 }, 'application/graphql-response+json');
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.data).toBeUndefined();
    expect(body.errors).toEqual([
      expect.objectContaining({ extensions: { code: 'QUERY_TOO_EXPENSIVE', estimate: 2 + 60 * 2, budget: 100 } }),
    ]);
    expect(stack.calls()).toEqual([]);
    // application/json clients get 200 with the same errors (GraphQL over HTTP, legacy media type).
    const legacy = await post(q, { n: 60 }, 'application/json');
    expect(legacy.status).toBe(200);
    expect((await legacy.json()).errors[0].extensions.code).toBe('QUERY_TOO_EXPENSIVE');
    expect(stack.calls()).toEqual([]);
  });

  it('lets the same document through when the variables make it cheap', async () => {
    const res = await post('query($n: Int) { automationExecutions(first: $n) { edges { node { steps(first: $n) { edges { cursor } } } } } }', { n: 3 }, 'application/json');
    const body = await res.json();
    expect(body.errors).toBeUndefined();
    expect(body.data.automationExecutions.edges).toHaveLength(3);
  });

  it('is off with MAX_QUERY_COST=0', async () => {
    const open = await startStack({ env: { MAX_QUERY_COST: '0' } });
    try {
      const r = await open.query('{ automationExecutions(first: 500) { edges { node { steps(first: 500) { edges { cursor } } } } } }');
      expect(r.errors).toBeUndefined();
    } finally {
      await open.close();
    }
  });
});

describe('_entities (federation)', () => {
  const ENTITY_STEPS = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on AutomationExecution { steps(first: 500) { edges { cursor } } } } }';
  const executions = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ __typename: 'AutomationExecution', automationExecutionId: `${String(i).padStart(8, '0')}-0000-0000-0000-000000000000` }));
  const subgraphCost = (query: string, r: unknown[]) => estimateCost(subgraphSchema, parse(query), undefined, { r }, limits);

  it('prices each __typename group as a batched lookup plus its fragment under n parents', () => {
    // 1000 executions: 100 DescribeAutomationExecutions of ten, then 1000 × 10 pages of steps.
    expect(subgraphCost(ENTITY_STEPS, executions(1000))).toBe(100 + 1000 * 10);
    const windows = [1, 2, 3].map((i) => ({ __typename: 'MaintenanceWindow', windowId: `mw-000000000000000${i}0` }));
    const mixed = `query($r: [_Any!]!) { _entities(representations: $r) {
      __typename
      ... on AutomationExecution { documentName }
      ... on MaintenanceWindow { executions(first: 10) { edges { cursor } } }
      ... on Node { id }
    } }`;
    // 25 executions: 3 lookups; 3 windows: 3 GetMaintenanceWindow + 3 × 1 page.
    expect(subgraphCost(mixed, [...executions(25), ...windows])).toBe(3 + 3 + 3 * 1);
    // Representations naming no object type are refused before any call.
    expect(subgraphCost(mixed, [{ __typename: 'Nope' }, 'x', null, { id: 1 }])).toBe(0);
  });

  it('refuses an _entities batch whose nested connections exceed the budget, before any call', async () => {
    const stack = await startStack({ env: { SUBGRAPH: 'true', MAX_QUERY_COST: '1000' } });
    try {
      stack.resetCalls();
      const res = await stack.query(ENTITY_STEPS, { r: executions(200) });
      expect(res.errors).toEqual([
        expect.objectContaining({ extensions: { code: 'QUERY_TOO_EXPENSIVE', estimate: 20 + 200 * 10, budget: 1000 } }),
      ]);
      expect(stack.calls()).toEqual([]);
      const cheap = await stack.query(ENTITY_STEPS.replace('first: 500', 'first: 1'), {
        r: [{ __typename: 'AutomationExecution', automationExecutionId: stack.data.automationExecutions[0].AutomationExecutionId }],
      });
      expect(cheap.errors).toBeUndefined();
      expect(cheap.data._entities).toHaveLength(1);
    } finally {
      await stack.close();
    }
  });
});

describe('SSM_MAX_CALLS_PER_REQUEST (the runtime backstop)', () => {
  it('fails the fields past the budget with CALL_BUDGET_EXCEEDED and keeps the rest', async () => {
    // The estimate is off: only the runtime cap stands between this query and SSM.
    const stack = await startStack({ env: { MAX_QUERY_COST: '0', SSM_MAX_CALLS_PER_REQUEST: '2' } });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      // One GetMaintenanceWindow per window: four calls asked for, two allowed.
      const windows = stack.data.maintenanceWindows.slice(0, 4);
      expect(windows).toHaveLength(4);
      const q = `{ ${windows.map((w, i) => `w${i}: maintenanceWindow(windowId: "${w.WindowId}") { windowId name }`).join(' ')} }`;
      stack.resetCalls();
      const res = await stack.query(q);
      expect(res.status).toBe(200);
      const answered = windows.filter((_, i) => res.data[`w${i}`] !== null);
      const refused = windows.map((_, i) => `w${i}`).filter((k) => res.data[k] === null);
      expect(answered).toHaveLength(2);
      for (const [i, w] of windows.entries()) {
        if (res.data[`w${i}`]) expect(res.data[`w${i}`]).toEqual({ windowId: w.WindowId, name: w.Name });
      }
      expect(refused).toHaveLength(2);
      expect(new Set(res.errors!.map((e) => e.path![0]))).toEqual(new Set(refused));
      for (const e of res.errors!) expect(e.extensions).toEqual({ code: 'CALL_BUDGET_EXCEEDED', operation: 'GetMaintenanceWindow', location: HOME });
      expect(stack.calls().length).toBeLessThanOrEqual(2);
    } finally {
      warn.mockRestore();
      await stack.close();
    }
  });
});

async function firstEvent(stack: Stack, query: string, variables: Record<string, unknown>) {
  const res = await stack.gateway.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query, variables }),
  });
  const reader = res.body!.getReader();
  let text = '';
  while (!/event: next\ndata: .*\n/.test(text)) text += new TextDecoder().decode((await reader.read()).value);
  await reader.cancel();
  return JSON.parse(/event: next\ndata: (.*)\n/.exec(text)![1]) as { data?: unknown; errors?: unknown[] };
}
