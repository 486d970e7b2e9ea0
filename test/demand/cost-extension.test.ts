/**
 * `extensions.cost` (src/server/cost-extension.ts) over HTTP against the
 * emulator: `actual` is the calls the emulator logged for that request, cache
 * hits are counted apart and cost nothing, an answer of the response cache
 * says 0, refusals carry it too, and COST_EXTENSION=false leaves it out.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AutomationExecutionRecord } from '../../src/emulator/dataset.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

const STEPS = `query($id: ID!) { automationExecution(automationExecutionId: $id) { documentName parameters
  steps(first: 60) { edges { node { stepName } } } } }`;

let stack: Stack;
let done: AutomationExecutionRecord;
beforeAll(async () => {
  stack = await startStack({ stingy: false });
  done = stack.data.automationExecutions.find((a) => a.AutomationExecutionStatus === 'Success' && (a.StepExecutions?.length ?? 0) > 50)!;
});
afterAll(() => stack.close());
beforeEach(() => {
  stack.gateway.cache.clear();
  stack.resetCalls();
});

describe('extensions.cost', () => {
  it('gives the estimate and the calls the emulator logged for the request', async () => {
    const res = await stack.query(STEPS, { id: done.AutomationExecutionId });
    expect(res.errors).toBeUndefined();
    // GetAutomationExecution (parameters is a detail field) + 2 pages of steps.
    expect(stack.calls().map((c) => c.operation).sort()).toEqual(['DescribeAutomationStepExecutions', 'DescribeAutomationStepExecutions', 'GetAutomationExecution']);
    // In-process requests have no client address: no client budget to report.
    expect(res.extensions?.cost).toEqual({ estimated: 1 + 1 + 2, actual: 3, cacheHits: 0, maxCalls: 500 });
  });

  it('says 0 for an answer of the response cache, which sent no call', async () => {
    const first = await stack.query(STEPS, { id: done.AutomationExecutionId });
    stack.resetCalls();
    const again = await stack.query(STEPS, { id: done.AutomationExecutionId });
    expect(again.data).toEqual(first.data);
    expect(stack.calls()).toEqual([]);
    expect(first.extensions?.cost.actual).toBe(3);
    expect(again.extensions?.cost).toEqual({ estimated: 4, actual: 0, cacheHits: 0, maxCalls: 500 });
  });

  it('counts upstream-cache hits apart from calls', async () => {
    const executed = await startStack({ stingy: false, env: { RESPONSE_CACHE: 'false' } });
    try {
      const a = await executed.query(STEPS, { id: done.AutomationExecutionId });
      executed.resetCalls();
      const b = await executed.query(STEPS, { id: done.AutomationExecutionId });
      expect(b.data).toEqual(a.data);
      expect(executed.calls()).toEqual([]);
      expect(a.extensions?.cost).toMatchObject({ actual: 3, cacheHits: 0 });
      // The pages come from the upstream cache; the execution may be read from the record its first load left there.
      expect(b.extensions?.cost.actual).toBe(0);
      expect(b.extensions?.cost.cacheHits).toBeGreaterThanOrEqual(2);
    } finally {
      await executed.close();
    }
  });

  it('is on refusals too (no call, no estimate), and counts a failed call', async () => {
    const refused = await stack.query('{ automationExecutions(first: 500) { edges { node { steps(first: 500) { edges { cursor } } } } } }');
    expect(refused.errors?.[0].extensions?.code).toBe('QUERY_TOO_EXPENSIVE');
    expect(refused.extensions?.cost).toEqual({ estimated: null, actual: 0, cacheHits: 0, maxCalls: 500 });
    const missing = await stack.query('{ automationExecution(automationExecutionId: "00000000-0000-0000-0000-000000000000") { documentName } }');
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(missing.extensions?.cost).toMatchObject({ estimated: 1, actual: stack.calls().length });
    expect(stack.calls().length).toBeGreaterThan(0);
  });

  it('is left out with COST_EXTENSION=false', async () => {
    const quiet = await startStack({ env: { COST_EXTENSION: 'false' } });
    try {
      const res = await quiet.query(STEPS, { id: done.AutomationExecutionId });
      expect(res.data.automationExecution.documentName).toBe(done.DocumentName);
      expect(res.extensions).toBeUndefined();
    } finally {
      await quiet.close();
    }
  });
});
