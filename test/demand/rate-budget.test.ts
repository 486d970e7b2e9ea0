/**
 * The per-location rate budget (SSM_MAX_RPS, src/ssm/rate-budget.ts): the
 * emulator's own call log (arrival times) never holds more than N calls in any
 * one-second window however many clients ask at once, and every answer is
 * whole; a request that gives up while its calls wait leaves no start behind
 * (they are never sent); the sliding log itself on a controlled clock.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BudgetWithdrawn, createMemoryRateBudget } from '../../src/ssm/rate-budget.ts';
import { busiestSecond } from '../../src/emulator/index.ts';
import { startStack, type Stack } from '../helpers/stack.ts';


const WINDOW = `query($id: ID!) { maintenanceWindow(windowId: $id) { windowId
  executions(first: 3) { edges { node { windowExecutionId tasks(first: 5) { edges { node { taskExecutionId } } } } } } } }`;

describe('SSM_MAX_RPS over HTTP', () => {
  const N = 8;
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ stingy: false, env: { SSM_MAX_RPS: String(N), RESPONSE_CACHE: 'false' } });
  });
  afterAll(() => stack.close());

  it(`lets at most ${N} calls reach SSM in any second, whatever the number of concurrent clients, and answers every query whole`, async () => {
    const windows = stack.data.maintenanceWindows.slice(0, 6);
    stack.gateway.cache.clear();
    stack.resetCalls();
    const started = Date.now();
    const answers = await Promise.all(windows.map((w) => stack.query(WINDOW, { id: w.WindowId })));
    const calls = stack.calls();
    for (const [i, res] of answers.entries()) {
      expect(res.errors).toBeUndefined();
      const executions = stack.data.maintenanceWindowExecutions.filter((e) => e.WindowId === windows[i].WindowId);
      expect(res.data.maintenanceWindow.executions.edges.length).toBe(Math.min(3, executions.length));
    }
    expect(calls.length).toBeGreaterThan(2 * N);
    expect(busiestSecond(calls)).toBeLessThanOrEqual(N);
    // The budget was the limit, not something else: the calls took about calls / N seconds.
    expect(Date.now() - started).toBeGreaterThanOrEqual((Math.ceil(calls.length / N) - 1) * 1000);
    // Every call the requests counted is one the emulator logged.
    expect(answers.reduce((n, r) => n + r.extensions!.cost.actual, 0)).toBe(calls.length);
  });
});

describe('a request that gives up while its calls wait for the budget', () => {
  it('never sends them (its TIMEOUT counts the wait), and the next request is not slowed by them', async () => {
    const stack = await startStack({ stingy: false, env: { SSM_MAX_RPS: '2', REQUEST_TIMEOUT_MS: '300', RESPONSE_CACHE: 'false' } });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const windows = stack.data.maintenanceWindows.slice(0, 4);
      expect(windows).toHaveLength(4);
      const lookups = (ws: typeof windows) => `{ ${ws.map((w, i) => `w${i}: maintenanceWindow(windowId: "${w.WindowId}") { name }`).join(' ')} }`;
      stack.resetCalls();
      const t0 = Date.now();
      const res = await stack.query(lookups(windows));
      expect(Date.now() - t0).toBeLessThan(1000);
      // Two start at once; the other two wait for the budget past the deadline. (Answers of one
      // tick are released together, src/ssm/session.ts, so the two sent are cut by it too.)
      expect(res.errors!.map((e) => e.extensions!.code)).toEqual(['TIMEOUT', 'TIMEOUT', 'TIMEOUT', 'TIMEOUT']);
      const sent = stack.calls().map((c) => c.input.WindowId as string);
      expect(sent).toHaveLength(2);
      // Past the second the withdrawn calls would have waited for, they have still not been sent.
      await new Promise((r) => setTimeout(r, 1300 - (Date.now() - t0)));
      expect(stack.calls()).toHaveLength(2);
      // A fresh start is free at once: no withdrawn call took one.
      const unsent = windows.filter((w) => !sent.includes(w.WindowId!));
      const t1 = Date.now();
      const next = await stack.query(lookups(unsent));
      expect(next.errors).toBeUndefined();
      expect(unsent.map((_w, i) => next.data[`w${i}`].name)).toEqual(unsent.map((w) => w.Name));
      expect(Date.now() - t1).toBeLessThan(500);
      expect(stack.calls()).toHaveLength(4);
    } finally {
      warn.mockRestore();
      await stack.close();
    }
  });
});

describe('the in-memory budget (sliding log)', () => {
  it('starts a burst of N at once, then one more each time the oldest start is a window old; a withdrawn waiter spends nothing', async () => {
    let now = 0;
    vi.useFakeTimers();
    try {
      const budget = createMemoryRateBudget({ perSecond: 3, marginMs: 0, now: () => now });
      const started: number[] = [];
      const take = (signal?: AbortSignal) => budget.take(signal).then(() => void started.push(now));
      await Promise.all([take(), take(), take()]);
      expect(started).toEqual([0, 0, 0]);
      const gone = new AbortController();
      const waiting = [take(), take(gone.signal).catch((e) => e), take()];
      gone.abort();
      now = 999;
      await vi.advanceTimersByTimeAsync(999);
      expect(started).toHaveLength(3);
      now = 1000;
      await vi.advanceTimersByTimeAsync(1);
      const [, withdrawn] = await Promise.all(waiting);
      expect(withdrawn).toBeInstanceOf(BudgetWithdrawn);
      // Both remaining waiters start at 1000: the withdrawn one did not hold a start.
      expect(started).toEqual([0, 0, 0, 1000, 1000]);
    } finally {
      vi.useRealTimers();
    }
  });
});
