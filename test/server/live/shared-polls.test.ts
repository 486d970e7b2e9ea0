/**
 * Shared polling, counted in the emulator's call log: however many clients
 * subscribe to one execution, and with however many different selections, SSM
 * sees one poll's calls per tick. Each run below is a fresh stack (its own
 * emulator and clock) driven by the same script: the clock moves to each
 * change of the execution, then one tick of polls runs; the calls of each tick
 * are compared between runs, call for call.
 */
import { describe, expect, it } from 'vitest';
import { callKeys, type GraphQLResponse } from '../../helpers/stack.ts';
import { keysOf, manualTicks, runningAutomation, startLive, STATUS, TIMES, until } from './live-stack.ts';

const { id, changes } = runningAutomation();
// The freshness bound of a tick is the end of the previous one; LIVE_POLL_MS only lets a new
// cohort's first poll share what another cohort loaded just before.
const ENV = { LIVE_POLL_MS: '1000', LIVE_POLL_MAX_MS: '1000', LIVE_MAX_SUBSCRIPTIONS_PER_CLIENT: '0' };

interface Run {
  /** The calls of the subscribe phase, then of each tick (sorted: concurrent calls arrive in any order). */
  calls: string[][];
  /** How many calls of each tick repeat one already made in that tick (NextToken included). */
  repeats: number[];
  /** Each subscriber's events. */
  events: GraphQLResponse[][];
  cohorts: number;
  targets: number;
}

async function run(subscribers: { query: string; count: number }[]): Promise<Run> {
  const ticks = manualTicks();
  const live = await startLive({ ticks, env: ENV });
  try {
    const watches = subscribers.flatMap(({ query, count }) => Array.from({ length: count }, () => live.watch(query, { id })));
    const delivered = () => watches.reduce((n, w) => n + w.events.length, 0) === live.gateway.live.stats().events;
    await until('every first event', () => watches.every((w) => w.events.length === 1) && ticks.pending() === 1 && delivered());
    const { cohorts, targets } = live.gateway.live.stats();
    const calls = [keysOf(live.calls())];
    const repeats = [live.calls().length - new Set(callKeys(live.calls())).size];
    for (const t of changes) {
      live.resetCalls();
      live.clock.advance(t - live.clock());
      await ticks.fire();
      await until('the tick delivered', delivered);
      calls.push(keysOf(live.calls()));
      repeats.push(live.calls().length - new Set(callKeys(live.calls())).size);
    }
    await until('completion', () => watches.every((w) => w.completed));
    return { calls, repeats, events: watches.map((w) => w.events), cohorts, targets };
  } finally {
    await live.close();
  }
}

describe('shared polling', () => {
  it('50 subscribers of one execution cost SSM exactly the calls of one, tick for tick, and all receive the same events', async () => {
    const [one, fifty] = await Promise.all([run([{ query: STATUS, count: 1 }]), run([{ query: STATUS, count: 50 }])]);
    expect(fifty).toMatchObject({ cohorts: 1, targets: 1 });
    expect(fifty.calls).toEqual(one.calls);
    // One poll per tick: one GetAutomationExecution, and no call made twice within a tick.
    for (const tick of fifty.calls) {
      expect(tick.filter((c) => c.startsWith('GetAutomationExecution:'))).toHaveLength(1);
      expect(tick.length).toBeGreaterThanOrEqual(2);
    }
    expect(fifty.repeats.every((n) => n === 0)).toBe(true);
    for (const events of fifty.events) expect(events).toEqual(one.events[0]);
    expect(one.events[0].length).toBeGreaterThan(10);
    expect(one.events[0].at(-1)!.data.automationExecution.automationExecutionStatus).toBe('Success');
  });

  it('two cohorts with different selections on one execution share their calls: together they cost what one costs', async () => {
    const [alone, both] = await Promise.all([
      run([{ query: STATUS, count: 1 }]),
      run([
        { query: STATUS, count: 3 },
        { query: TIMES, count: 3 },
      ]),
    ]);
    expect(both).toMatchObject({ cohorts: 2, targets: 1 });
    expect(both.calls).toEqual(alone.calls);
    // Each cohort got its own selection, and the second its own changes (fewer: it selects less that moves).
    const times = both.events[3];
    expect(times[0].data.automationExecution).toHaveProperty('documentName');
    expect(times[0].data.automationExecution).not.toHaveProperty('automationExecutionStatus');
    expect(both.events[0]).toEqual(alone.events[0]);
    expect(times.length).toBeGreaterThan(1);
    expect(times.length).toBeLessThanOrEqual(alone.events[0].length);
  });
});
