/**
 * Subscriptions over real HTTP (SSE, graphql-sse's client) against the emulator
 * in live mode: a subscriber of a running automation sees each change of its
 * state, in order, once; the stream completes after the terminal state; that
 * state is what a fresh query answers. Polls run one tick at a time, each after
 * the emulator's clock moved to the execution's next change, and the truth at
 * each time is read from the emulator directly, through the SDK.
 */
import type { SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, client, walkOp } from '../../emulator/helpers.ts';
import { manualTicks, runningAutomation, startLive, until, type LiveStack, type ManualTicks } from './live-stack.ts';

const SELECTION = /* GraphQL */ `
  automationExecution(automationExecutionId: $id) {
    automationExecutionId
    automationExecutionStatus
    currentStepName
    steps(first: 100) { edges { node { stepExecutionId stepName stepStatus iteration } } }
  }`;
const WATCH = `subscription Watch($id: ID!) { ${SELECTION} }`;

interface Seen {
  automationExecutionStatus: string;
  currentStepName: string | null;
  steps: { edges: { node: { stepExecutionId: string; stepName: string; stepStatus: string; iteration: number | null } }[] };
}

/** The state an event shows, as a comparable string. */
const shown = (e: Seen) =>
  JSON.stringify([e.automationExecutionStatus, e.currentStepName, e.steps.edges.map(({ node: s }) => [s.stepExecutionId, s.stepName, s.stepStatus, s.iteration])]);

/** The same state read from the emulator through the SDK. */
async function truth(ssm: SSMClient, id: string): Promise<string> {
  const { AutomationExecution: e } = await call(ssm, 'GetAutomationExecution', { AutomationExecutionId: id });
  const steps = (await walkOp(ssm, 'DescribeAutomationStepExecutions', { AutomationExecutionId: id })).items;
  return JSON.stringify([
    e.AutomationExecutionStatus,
    e.CurrentStepName ?? null,
    steps.slice(0, 100).map((s) => [s.StepExecutionId, s.StepName, s.StepStatus, s.ParentStepDetails?.Iteration ?? null]),
  ]);
}

describe('a subscriber of a running automation', () => {
  let live: LiveStack;
  let ticks: ManualTicks;
  let ssm: SSMClient;
  beforeAll(async () => {
    ticks = manualTicks();
    live = await startLive({ ticks });
    ssm = client(live.emulator.url);
  });
  afterAll(async () => {
    ssm.destroy();
    await live.close();
  });

  it('sees every change of its state, in order, and the stream completes after the terminal state, which a fresh query confirms', async () => {
    const { id, changes, end } = runningAutomation();
    expect(changes.length).toBeGreaterThan(10);
    const expected = [await truth(ssm, id)];
    const watch = live.watch<{ automationExecution: Seen }>(WATCH, { id });
    await until('the first event', () => watch.events.length === 1 && ticks.pending() === 1);

    for (const t of changes) {
      live.clock.advance(t - live.clock());
      const now = await truth(ssm, id);
      if (now !== expected.at(-1)) expected.push(now);
      await ticks.fire();
      await until(`the event for ${new Date(t).toISOString()}`, () => watch.events.length === expected.length);
    }
    expect(live.clock()).toBe(end);
    await until('completion', () => watch.completed);

    expect(watch.error).toBeUndefined();
    expect(watch.events.every((e) => !e.errors)).toBe(true);
    expect(watch.events.map((e) => shown(e.data!.automationExecution))).toEqual(expected);
    const statuses = watch.events.map((e) => e.data!.automationExecution.automationExecutionStatus);
    expect(statuses.at(-1)).toBe('Success');
    expect(statuses.slice(0, -1).every((s) => s === 'InProgress')).toBe(true);
    // Steps were seen starting and ending, loop iterations appearing.
    expect(expected.length).toBeGreaterThan(10);
    expect(new Set(watch.events.map((e) => e.data!.automationExecution.steps.edges.length)).size).toBeGreaterThan(3);

    const fresh = await live.query(`query Fresh($id: ID!) { ${SELECTION} }`, { id });
    expect(fresh.errors).toBeUndefined();
    expect(fresh.data).toEqual(watch.events.at(-1)!.data);
    // Nothing left: no poll scheduled, no subscription, no cohort.
    expect(ticks.pending()).toBe(0);
    expect(live.gateway.live.stats()).toMatchObject({ subscriptions: 0, cohorts: 0, targets: 0 });
  });
});
