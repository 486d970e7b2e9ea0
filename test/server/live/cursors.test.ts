/**
 * A subscription that selects cursors: a poll that reads the same data again
 * answers the same cursors (cursor.ts keeps their issue time to a grain), so
 * nothing is sent for them alone; once a grain has passed, the renewed
 * cursors go out once. Date is faked (only Date: timers and the emulator's
 * manual clock run as usual), so the test never straddles a grain by chance.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { manualTicks, runningAutomation, startLive, until } from './live-stack.ts';

const { id } = runningAutomation();
const WATCH = `subscription Paged($id: ID!) {
  automationExecution(automationExecutionId: $id) {
    automationExecutionStatus
    steps(first: 3) { edges { cursor node { stepName } } pageInfo { endCursor hasNextPage } }
  }
}`;
const GRAIN = 60_000; // CURSOR_TTL_MS (1 h) / 60, at most a minute

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.UTC(2026, 11, 1, 12, 0, 1));
});
afterEach(() => vi.useRealTimers());

describe('a live subscription selecting cursors', () => {
  it('sends nothing while the data stays the same, and its renewed cursors once a grain later', async () => {
    const ticks = manualTicks();
    const live = await startLive({ ticks, env: { LIVE_POLL_MS: '1000', LIVE_POLL_MAX_MS: '1000' } });
    try {
      const watch = live.watch(WATCH, { id });
      await until('the first event', () => watch.events.length === 1 && ticks.pending() === 1);
      const first = watch.events[0].data.automationExecution;
      expect(first.steps.edges.length).toBeGreaterThan(0);

      // Three polls of unchanged data (the emulator's clock stands still): each read SSM, none sent.
      for (let i = 0; i < 3; i++) {
        live.resetCalls();
        vi.setSystemTime(Date.now() + 1_000);
        await ticks.fire();
        await until('the next tick scheduled', () => ticks.pending() === 1);
        expect(live.calls().length).toBeGreaterThan(0);
      }
      expect(watch.events).toHaveLength(1);

      // A grain later the same data comes with new cursors: one event, the rest unchanged.
      vi.setSystemTime(Date.now() + GRAIN);
      await ticks.fire();
      await until('the renewed cursors', () => watch.events.length === 2);
      const renewed = watch.events[1].data.automationExecution;
      expect(renewed.steps.pageInfo.endCursor).not.toBe(first.steps.pageInfo.endCursor);
      const names = (a: typeof first) => a.steps.edges.map((e: { node: { stepName: string } }) => e.node.stepName);
      expect(names(renewed)).toEqual(names(first));
      expect(renewed.automationExecutionStatus).toBe(first.automationExecutionStatus);
    } finally {
      await live.close();
    }
  });
});
