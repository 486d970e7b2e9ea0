/** GraphiQL must work with no internet: its page may reference no CDN, and it opens on the example tree. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.ts';
import { EXAMPLE_QUERY } from '../../src/server/example-query.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ env: { GRAPHIQL: 'true' } });
});
afterAll(() => stack.close());

it('serves GraphiQL from the package, with the example query, and no CDN reference', async () => {
  const res = await stack.gateway.fetch('http://gateway.test/graphql', { headers: { accept: 'text/html' } });
  expect(res.status).toBe(200);
  const html = await res.text();
  expect(html).toContain('ssm-graph');
  expect(html).not.toMatch(/unpkg\.com|jsdelivr|cdnjs|esm\.sh/);
  expect(html).toContain(JSON.stringify(EXAMPLE_QUERY).slice(1, 40));
});

it('the example query GraphiQL opens with runs and returns a nested tree', async () => {
  const res = await stack.query(EXAMPLE_QUERY);
  expect(res.errors).toBeUndefined();
  const edges = res.data.automationExecutions.edges;
  expect(edges.length).toBeGreaterThan(0);
  expect(edges[0].node.steps.edges.length).toBeGreaterThan(0);
});
