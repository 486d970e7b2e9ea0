/**
 * Throttling upstream (emulator fault rules, no SDK retries) slows the polls
 * (each failed tick doubles the interval, up to LIVE_POLL_MAX_MS: see
 * pacing.test.ts; the first clean one brings it back) and never ends a stream with wrong data: a
 * poll that SSM throttled, even in part, sends nothing, and the stream
 * completes only after a clean terminal state, the one a fresh query answers.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { manualTicks, runningAutomation, startLive, until, type LiveStack, type ManualTicks } from './live-stack.ts';

const { id, changes, end } = runningAutomation();
const SELECTION = `automationExecution(automationExecutionId: $id) {
  automationExecutionStatus
  steps(first: 100) { edges { node { stepName stepStatus } } }
}`;
const WATCH = `subscription Watch($id: ID!) { ${SELECTION} }`;

let live: LiveStack;
let ticks: ManualTicks;
afterEach(async () => {
  await live.close();
  vi.restoreAllMocks();
});

async function start() {
  ticks = manualTicks();
  live = await startLive({ ticks, env: { LIVE_POLL_MS: '1000', LIVE_POLL_MAX_MS: '8000' } });
  const watch = live.watch(WATCH, { id });
  await until('the first event', () => watch.events.length === 1 && ticks.pending() === 1);
  return watch;
}

/** Runs one tick and waits until what it sent arrived. */
async function tick(watch: { events: unknown[] }) {
  await ticks.fire();
  await until('the tick delivered', () => watch.events.length === live.gateway.live.stats().events);
}

describe('throttling upstream', () => {
  it('slows the polls, sends nothing while it lasts, and the stream goes on once it stops', async () => {
    // Each throttled poll is one warn line of the server log, expected here.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const watch = await start();
    live.emulator.setFaults([{ throttleRps: 0 }]);
    live.clock.advance(changes[3] - live.clock());
    live.resetCalls();
    // (The SDK's adaptive rate limiter also slows the client down once SSM throttles: these ticks take seconds.)
    for (let i = 0; i < 2; i++) await tick(watch);
    expect(ticks.delays).toEqual([1000, 2000, 4000]);
    expect(watch.events).toHaveLength(1);
    expect(live.calls().length).toBeGreaterThanOrEqual(2);
    expect(live.calls().every((c) => c.error === 'ThrottlingException')).toBe(true);
    expect(warn.mock.calls.every(([line]) => /^upstream \w+: THROTTLED ThrottlingException/.test(String(line)))).toBe(true);

    live.emulator.setFaults([]);
    await tick(watch);
    expect(ticks.delays.at(-1)).toBe(1000);
    expect(watch.events).toHaveLength(2);

    live.clock.advance(end - live.clock());
    await tick(watch);
    await until('completion', () => watch.completed);
    expect(watch.events.every((e: { errors?: unknown }) => !e.errors)).toBe(true);
    const fresh = await live.query(`query Fresh($id: ID!) { ${SELECTION} }`, { id });
    expect(watch.events.at(-1)).toEqual({ data: fresh.data });
    expect(fresh.data.automationExecution.automationExecutionStatus).toBe('Success');
  });

  it('of a part of the answer (the steps) holds back even the terminal state until a clean poll has it', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const watch = await start();
    live.emulator.setFaults([{ operations: ['DescribeAutomationStepExecutions'], throttleRps: 0 }]);
    live.clock.advance(end - live.clock());
    for (let i = 0; i < 2; i++) await tick(watch);
    // The execution is over (GetAutomationExecution says so), but its steps could not be read.
    expect(live.calls().some((c) => c.operation === 'GetAutomationExecution' && !c.error)).toBe(true);
    expect(watch.events).toHaveLength(1);
    expect(watch.completed).toBe(false);
    expect(warn).toHaveBeenCalled();

    live.emulator.setFaults([]);
    await tick(watch);
    await until('completion', () => watch.completed);
    expect(watch.events).toHaveLength(2);
    const last = watch.events[1].data.automationExecution;
    expect(last.automationExecutionStatus).toBe('Success');
    expect(last.steps.edges.every((s: { node: { stepStatus: string } }) => s.node.stepStatus !== 'InProgress')).toBe(true);
  });
});
