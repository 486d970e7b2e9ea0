/**
 * What streams answer, over SSE against the emulator in live mode, polls run
 * tick by tick: an unknown or malformed ID is one typed error event and the
 * stream completes (no hanging stream; a malformed ID costs no call); an
 * execution already over is one event and completes, and watching it again
 * costs no call (terminal data is cached); a subscriber who joins a running
 * cohort gets its last state at once, without a poll; the preflight refuses a
 * subscription that is too expensive, its estimate being one poll's; a window
 * execution's subscribers see its tasks and invocations move to the end.
 */
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { schema } from '../../../src/schema/index.ts';
import { estimateCost } from '../../../src/server/preflight/cost.ts';
import { manualTicks, openStream, runningAutomation, runningWindowExecution, startLive, until, type LiveStack, type ManualTicks } from './live-stack.ts';

const WATCH = 'subscription Watch($id: ID!) { automationExecution(automationExecutionId: $id) { automationExecutionId automationExecutionStatus } }';
const UNKNOWN = '0a1b2c3d-0000-4000-8000-000000000000';

let live: LiveStack;
let ticks: ManualTicks;
beforeAll(async () => {
  ticks = manualTicks();
  live = await startLive({ ticks, env: { LIVE_POLL_MS: '1000', LIVE_POLL_MAX_MS: '1000', MAX_QUERY_COST: '30' } });
});
afterAll(() => live.close());

describe('an ID that cannot be watched', () => {
  it('unknown: one event with NOT_FOUND at the field, then completion', async () => {
    live.resetCalls();
    const watch = live.watch(WATCH, { id: UNKNOWN });
    await until('completion', () => watch.completed);
    expect(watch.events).toEqual([
      {
        data: { automationExecution: null },
        errors: [expect.objectContaining({ path: ['automationExecution'], extensions: expect.objectContaining({ code: 'NOT_FOUND' }) })],
      },
    ]);
    expect(live.calls().map((c) => c.operation)).toEqual(['GetAutomationExecution']);
    expect(live.gateway.live.stats()).toMatchObject({ subscriptions: 0, targets: 0 });
  });

  it('malformed: one event with BAD_USER_INPUT, then completion, and no upstream call', async () => {
    live.resetCalls();
    const watch = live.watch(WATCH, { id: 'not-an-execution-id' });
    await until('completion', () => watch.completed);
    expect(watch.events).toHaveLength(1);
    expect(watch.events[0].errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', reason: 'MALFORMED_ID' }) })]);
    expect(live.calls()).toEqual([]);
  });

  it('in a location the gateway does not serve: BAD_USER_INPUT (UNKNOWN_LOCATION), no call', async () => {
    live.resetCalls();
    const watch = live.watch('subscription W($id: ID!) { automationExecution(automationExecutionId: $id, region: "eu-north-1") { automationExecutionId } }', { id: UNKNOWN });
    await until('completion', () => watch.completed);
    expect(watch.events[0].errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'UNKNOWN_LOCATION' });
    expect(live.calls()).toEqual([]);
  });
});

describe('an execution already over', () => {
  it('is one event and completion; watching it again costs no call', async () => {
    const done = await live.query('{ automationExecutions(first: 1, filter: { status: [Success] }) { edges { node { automationExecutionId } } } }');
    const id = done.data.automationExecutions.edges[0].node.automationExecutionId;
    const first = live.watch(WATCH, { id });
    await until('completion', () => first.completed);
    expect(first.events).toEqual([{ data: { automationExecution: { automationExecutionId: id, automationExecutionStatus: 'Success' } } }]);
    live.resetCalls();
    const again = live.watch(WATCH, { id });
    await until('completion', () => again.completed);
    expect(again.events).toEqual(first.events);
    expect(live.calls()).toEqual([]);
  });
});

describe('a subscriber who joins a running cohort', () => {
  it('gets its last state at once, without a poll, then the same events as the others', async () => {
    const { id, changes } = runningAutomation();
    const first = live.watch(WATCH, { id });
    await until('the first event', () => first.events.length === 1 && ticks.pending() === 1);
    live.resetCalls();
    const polls = live.gateway.live.stats().polls;
    const late = live.watch(WATCH, { id });
    await until('the late first event', () => late.events.length === 1);
    expect(late.events).toEqual(first.events);
    expect(live.calls()).toEqual([]);
    expect(live.gateway.live.stats().polls).toBe(polls);
    live.clock.advance(changes.at(-1)! - live.clock());
    await ticks.fire();
    await until('both complete', () => first.completed && late.completed);
    expect(late.events).toEqual(first.events);
    expect(first.events.at(-1)!.data.automationExecution.automationExecutionStatus).toBe('Success');
  });
});

describe('the preflight', () => {
  const EXPENSIVE = `subscription E($id: ID!) {
    automationExecution(automationExecutionId: $id) { steps(first: 100) { edges { node { childSteps(first: 10) { edges { node { stepName } } } } } } }
  }`;

  it('estimates a subscription as one poll of its query, and refuses one over MAX_QUERY_COST before any call', async () => {
    const { config } = live.gateway;
    const estimate = estimateCost(schema, EXPENSIVE, undefined, { id: UNKNOWN }, config.connections);
    expect(estimate).toBe(estimateCost(schema, parse(EXPENSIVE.replace('subscription', 'query')), undefined, { id: UNKNOWN }, config.connections));
    expect(estimate).toBeGreaterThan(30);
    live.resetCalls();
    const stream = await openStream(live.served.url, { method: 'POST', body: JSON.stringify({ query: EXPENSIVE, variables: { id: UNKNOWN } }) });
    await until('the refusal', () => stream.ended);
    expect(stream.events()).toEqual([{ errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'QUERY_TOO_EXPENSIVE', estimate, budget: 30 }) })] }]);
    expect(live.calls()).toEqual([]);
    expect(live.gateway.live.stats().subscriptions).toBe(0);
  });
});

describe('a window execution in progress', () => {
  const TREE = `subscription Window($id: ID!) {
    maintenanceWindowExecution(windowExecutionId: $id) {
      status
      tasks(first: 10) { edges { node { taskExecutionId status invocations(first: 10) { edges { node { invocationId status } } } } } }
    }
  }`;

  it('is seen to its end, tasks and invocations included, and its last event is what a fresh query answers', async () => {
    // A stack of its own: the clock of the other tests moved past this execution's end.
    const ticks = manualTicks();
    const live = await startLive({ ticks });
    onTestFinished(() => live.close());
    const { id, end } = runningWindowExecution();
    const watch = live.watch(TREE, { id });
    await until('the first event', () => watch.events.length === 1);
    expect(watch.events[0].errors).toBeUndefined();
    while (!watch.completed) {
      live.clock.advance(20_000);
      await ticks.fire();
      await until('the tick delivered', () => watch.events.length === live.gateway.live.stats().events);
      if (live.clock() > end + 60_000) await until('completion', () => watch.completed, 1_000);
    }
    const states = watch.events.map((e) => e.data.maintenanceWindowExecution);
    expect(states[0].status).toBe('IN_PROGRESS');
    expect(states.length).toBeGreaterThan(2);
    expect(states.at(-1).status).toBe('SUCCESS');
    const taskStatuses = new Set(states.flatMap((s) => s.tasks.edges.map((t: { node: { status: string } }) => t.node.status)));
    expect(taskStatuses.has('SUCCESS')).toBe(true);
    expect(taskStatuses.size).toBeGreaterThan(1);
    expect(states.at(-1).tasks.edges.every((t: { node: { invocations: { edges: { node: { status: string } }[] } } }) => t.node.invocations.edges.every((i) => i.node.status === 'SUCCESS'))).toBe(true);
    const fresh = await live.query(TREE.replace('subscription', 'query'), { id });
    expect(fresh.data).toEqual(watch.events.at(-1)!.data);
  });
});
