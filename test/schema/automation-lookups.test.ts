/**
 * Automation executions and steps looked up by ID (`nodes`), over HTTP against
 * the emulator: batched through SSM's ExecutionId / StepExecutionId filters,
 * and never reported missing when a short filtered page has not reached them.
 */
import { describe, expect, it } from 'vitest';
import { callKeys, startStack } from '../helpers/stack.ts';
import { big, globalId, stack, useAutomationStack } from './automation.data.ts';

useAutomationStack();

describe('automation executions by ID', () => {
  it('lists executions newest first, batching executions looked up by ID ten per call', async () => {
    const parents = stack.data.automationExecutions.filter((a) => a.ParentAutomationExecutionId).slice(0, 12);
    expect(parents.length).toBeGreaterThan(10);
    stack.resetCalls();
    const res = await stack.query(
      `query($ids: [ID!]!) { nodes(ids: $ids) { ... on AutomationExecution { automationExecutionId parentAutomationExecution { automationExecutionId } } } }`,
      { ids: parents.map((p) => globalId('AutomationExecution', p.AutomationExecutionId!)) },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.nodes.map((n: any) => n.parentAutomationExecution.automationExecutionId)).toEqual(
      parents.map((p) => p.ParentAutomationExecutionId),
    );
    // 11+ executions and their parents: batches of at most ten IDs, each batch one filtered page;
    // IDs a short (stingy) page has not reached are fetched one by one, never reported missing.
    const calls = stack.calls();
    const listed = calls.filter((c) => c.operation === 'DescribeAutomationExecutions');
    const fetched = calls.filter((c) => c.operation === 'GetAutomationExecution');
    expect(listed.length + fetched.length).toBe(calls.length);
    const batches = new Set(listed.map((c) => JSON.stringify(c.input.Filters)));
    expect(batches.size).toBeLessThanOrEqual(4);
    for (const b of batches) expect(JSON.parse(b)[0].Values.length).toBeLessThanOrEqual(10);
    for (const b of batches) expect(listed.filter((c) => JSON.stringify(c.input.Filters) === b).length).toBe(1);
    expect(new Set(callKeys(calls)).size).toBe(calls.length);
    expect(calls.length).toBeLessThanOrEqual(batches.size + 2 * parents.length);
  });

  it('on full pages, twelve executions looked up by ID cost exactly two calls', async () => {
    const full = await startStack({ stingy: false });
    try {
      const some = full.data.automationExecutions.slice(0, 12);
      const res = await full.query(`query($ids: [ID!]!) { nodes(ids: $ids) { ... on AutomationExecution { automationExecutionId } } }`, {
        ids: some.map((e) => globalId('AutomationExecution', e.AutomationExecutionId!)),
      });
      expect(res.data.nodes.map((n: any) => n.automationExecutionId)).toEqual(some.map((e) => e.AutomationExecutionId));
      const calls = full.calls();
      expect(calls.map((c) => [c.operation, c.input.Filters[0].Values.length]).sort((a, b) => b[1] - a[1])).toEqual([
        ['DescribeAutomationExecutions', 10],
        ['DescribeAutomationExecutions', 2],
      ]);
    } finally {
      await full.close();
    }
  });

  it('finds executions by ID on short and empty filtered pages, however far the scan (no false NOT_FOUND)', async () => {
    // The oldest executions come last in DescribeAutomationExecutions' order: a filtered scan for
    // them pages through almost the whole list before reaching them.
    const oldest = stack.data.automationExecutions.slice(-10);
    stack.resetCalls();
    const res = await stack.query(
      `query($ids: [ID!]!) { nodes(ids: $ids) { ... on AutomationExecution { automationExecutionId documentName } } }`,
      { ids: oldest.map((e) => globalId('AutomationExecution', e.AutomationExecutionId!)) },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.nodes).toEqual(oldest.map((e) => ({ automationExecutionId: e.AutomationExecutionId, documentName: e.DocumentName })));
    const ops = stack.calls().map((c) => c.operation);
    expect(ops).toContain('GetAutomationExecution');
    expect(ops.length).toBeLessThanOrEqual(1 + oldest.length);
  });
});

describe('steps by ID', () => {
  it('node lookups of steps of one execution are batched through the StepExecutionId filter', async () => {
    const steps = big.StepExecutions!.slice(0, 12);
    stack.resetCalls();
    const res = await stack.query(`query($ids: [ID!]!) { nodes(ids: $ids) { ... on AutomationStepExecution { stepExecutionId } } }`, {
      ids: steps.map((s) => globalId('AutomationStepExecution', `${big.AutomationExecutionId}/${s.StepExecutionId}`)),
    });
    expect(res.errors).toBeUndefined();
    expect(res.data.nodes.map((n: any) => n.stepExecutionId)).toEqual(steps.map((s) => s.StepExecutionId));
    const calls = stack.calls();
    expect(calls.every((c) => c.operation === 'DescribeAutomationStepExecutions')).toBe(true);
    // Twelve IDs: two filtered lookups (10 + 2), plus any token-following of stingy pages.
    expect(new Set(calls.map((c) => JSON.stringify(c.input.Filters))).size).toBe(2);
  });
});
