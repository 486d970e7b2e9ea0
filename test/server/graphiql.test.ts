/** GraphiQL must work with no internet: its page may reference no CDN, and it opens on the example tree and the live example. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.ts';
import { startEstateStack } from '../estate/estate-stack.ts';
import { EXAMPLE_QUERY, EXAMPLE_SUBSCRIPTION } from '../../src/server/example-query.ts';

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
  expect(html).toContain(JSON.stringify(EXAMPLE_SUBSCRIPTION).slice(1, 40));
  expect(html).toContain('"subscriptionsProtocol":"SSE"');
});

it('the live example finds running automations, and its subscription watches one over SSE', async () => {
  const post = (operationName: string, accept: string, variables?: object) =>
    stack.gateway.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept },
      body: JSON.stringify({ query: EXAMPLE_SUBSCRIPTION, operationName, variables }),
    });
  const running = await (await post('RunningNow', 'application/json')).json();
  expect(running.errors).toBeUndefined();
  const { automationExecutionId: id, accountId, region } = running.data.automationExecutions.edges[0].node;
  const res = await post('Watch', 'text/event-stream', { id, accountId, region });
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = res.body!.getReader();
  let text = '';
  while (!text.includes('event: next')) text += new TextDecoder().decode((await reader.read()).value);
  await reader.cancel();
  const first = JSON.parse(/data: (.*)\n/.exec(text.slice(text.indexOf('event: next')))![1]);
  expect(first.errors).toBeUndefined();
  expect(first.data.automationExecution).toMatchObject({ automationExecutionStatus: 'InProgress' });
  expect(first.data.automationExecution.steps.edges.length).toBeGreaterThan(0);
});

it('the example query GraphiQL opens with shows the graph off on the demo estate: loops, child automations, a multi-account run', async () => {
  const estate = await startEstateStack();
  try {
    const res = await estate.query(EXAMPLE_QUERY);
    // The run's targets the estate does not serve are null with LOCATION_NOT_CONFIGURED; nothing else fails.
    expect(new Set(res.errors?.map((e) => e.extensions?.code))).toEqual(new Set(['LOCATION_NOT_CONFIGURED']));
    const steps = res.data.patching.edges[0].node.steps.edges.map((e: any) => e.node);
    expect(steps.some((s: any) => s.iteration != null && s.parentStep?.stepName)).toBe(true);
    expect(steps.some((s: any) => s.childAutomationExecution?.automationExecutionId)).toBe(true);
    const run = res.data.multiAccount.edges[0].node;
    const children = run.steps.edges.map((e: any) => e.node.childAutomationExecution).filter(Boolean);
    expect(children.some((c: any) => c.accountId !== run.accountId)).toBe(true);
  } finally {
    await estate.close();
  }
});
