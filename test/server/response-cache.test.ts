/**
 * The response cache (src/server/response-cache.ts), over HTTP against the
 * emulator. A response served from it is recognisable by its cursors: a cursor
 * carries the time it was issued, so a re-executed query issues new ones.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AutomationExecutionRecord } from '../../src/emulator/dataset.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

const STEPS = `query($id: ID!) { automationExecution(automationExecutionId: $id) {
  documentName steps(first: 3) { pageInfo { endCursor } edges { cursor node { stepExecutionId } } } } }`;
const cursorOf = (res: any) => res.data.automationExecution.steps.pageInfo.endCursor as string;
const tick = () => new Promise((r) => setTimeout(r, 5));

let stack: Stack;
let done: AutomationExecutionRecord;
let running: AutomationExecutionRecord;

beforeAll(async () => {
  stack = await startStack({ env: { CACHE_TTL_MUTABLE_MS: '300' } });
  const withSteps = stack.data.automationExecutions.filter((a) => (a.StepExecutions?.length ?? 0) > 3);
  done = withSteps.find((a) => a.AutomationExecutionStatus === 'Success')!;
  running = withSteps.find((a) => a.AutomationExecutionStatus === 'InProgress')!;
});
afterAll(() => stack.close());
beforeEach(() => {
  stack.gateway.cache.clear();
  stack.resetCalls();
});

describe('response cache', () => {
  it('answers a repeated query on terminal data with the same response, without executing it', async () => {
    const first = await stack.query(STEPS, { id: done.AutomationExecutionId });
    expect(first.errors).toBeUndefined();
    await tick();
    stack.resetCalls();
    const again = await stack.query(STEPS, { id: done.AutomationExecutionId });
    expect(again.data).toEqual(first.data);
    expect(cursorOf(again)).toBe(cursorOf(first));
    // Its cost is its own: it sent no call (test/demand/cost-extension.test.ts).
    expect(again.extensions?.cost).toMatchObject({ actual: 0, cacheHits: 0 });
    expect(stack.calls()).toEqual([]);
  });

  it('executes other variables, and the same query once the cache is cleared', async () => {
    const first = await stack.query(STEPS, { id: done.AutomationExecutionId });
    const other = await stack.query(STEPS, { id: running.AutomationExecutionId });
    expect(other.data.automationExecution.documentName).toBe(running.DocumentName);
    await tick();
    stack.gateway.cache.clear();
    stack.resetCalls();
    const again = await stack.query(STEPS, { id: done.AutomationExecutionId });
    expect(again.data).toEqual({
      automationExecution: { ...first.data.automationExecution, steps: expect.anything() },
    });
    expect(cursorOf(again)).not.toBe(cursorOf(first));
    expect(stack.calls().length).toBeGreaterThan(0);
  });

  it('keeps a response on mutable data no longer than that data (CACHE_TTL_MUTABLE_MS)', async () => {
    const first = await stack.query(STEPS, { id: running.AutomationExecutionId });
    await tick();
    const soon = await stack.query(STEPS, { id: running.AutomationExecutionId });
    expect(cursorOf(soon)).toBe(cursorOf(first));
    await new Promise((r) => setTimeout(r, 350));
    stack.resetCalls();
    const later = await stack.query(STEPS, { id: running.AutomationExecutionId });
    expect(cursorOf(later)).not.toBe(cursorOf(first));
    // Read again from SSM: the execution and its steps' first page (which a stingy page may make the walk follow).
    expect(stack.calls().filter((c) => !c.input.NextToken).map((c) => c.operation).sort()).toEqual(['DescribeAutomationStepExecutions', 'GetAutomationExecution']);
  });

  it('never keeps a response with errors', async () => {
    const q = `{ automationExecution(automationExecutionId: "00000000-0000-4000-8000-000000000000") { documentName } }`;
    for (let i = 0; i < 2; i++) {
      stack.resetCalls();
      const res = await stack.query(q);
      expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
      expect(stack.calls().map((c) => c.operation)).toEqual(['GetAutomationExecution']);
    }
  });
});

describe('cursors in a cached response', () => {
  it('are never served older than half of CURSOR_TTL_MS: the response is re-executed past it', async () => {
    const short = await startStack({ env: { CURSOR_TTL_MS: '800' } });
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const NEXT = `query($id: ID!, $after: String) { automationExecution(automationExecutionId: $id) { steps(first: 3, after: $after) { edges { node { stepExecutionId } } } } }`;
    const steps = done.StepExecutions!.map((s) => s.StepExecutionId);
    try {
      const first = await short.query(STEPS, { id: done.AutomationExecutionId });
      const issued = cursorOf(first);
      // Terminal data: the data cache would keep the response for CACHE_TTL_TERMINAL_MS (10 min).
      await tick();
      expect(cursorOf(await short.query(STEPS, { id: done.AutomationExecutionId }))).toBe(issued);

      await sleep(450); // past 400 ms, half of CURSOR_TTL_MS, since the first execution began
      short.resetCalls();
      const later = await short.query(STEPS, { id: done.AutomationExecutionId });
      expect(later.data).toEqual({ automationExecution: { ...first.data.automationExecution, steps: expect.anything() } });
      expect(cursorOf(later)).not.toBe(issued);
      expect(short.calls(), 're-executed on the data cache').toEqual([]);

      await sleep(400); // the first cursor is now past CURSOR_TTL_MS; the one served 400 ms ago is not
      const stale = await short.query(NEXT, { id: done.AutomationExecutionId, after: issued });
      expect(stale.errors?.map((e) => e.extensions?.reason)).toEqual(['EXPIRED_CURSOR']);
      const next = await short.query(NEXT, { id: done.AutomationExecutionId, after: cursorOf(later) });
      expect(next.errors).toBeUndefined();
      expect(next.data.automationExecution.steps.edges.map((e: any) => e.node.stepExecutionId)).toEqual(steps.slice(3, 6));
    } finally {
      await short.close();
    }
  });
});

describe('RESPONSE_CACHE=false', () => {
  it('executes every request, on the data cache alone', async () => {
    const off = await startStack({ env: { RESPONSE_CACHE: 'false' } });
    try {
      const first = await off.query(STEPS, { id: done.AutomationExecutionId });
      await tick();
      off.resetCalls();
      const again = await off.query(STEPS, { id: done.AutomationExecutionId });
      expect(again.data.automationExecution.steps.edges).toEqual(first.data.automationExecution.steps.edges.map((e: any) => ({ ...e, cursor: expect.any(String) })));
      // Executed again: its reads were answered by the data cache (a response-cache answer has none).
      expect(again.extensions?.cost).toMatchObject({ actual: 0, cacheHits: expect.any(Number) });
      expect(again.extensions?.cost.cacheHits).toBeGreaterThan(0);
      expect(off.calls()).toEqual([]);
    } finally {
      await off.close();
    }
  });
});
