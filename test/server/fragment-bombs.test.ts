/**
 * Documents whose fragments spread each other many times (#10, item 1): a few
 * hundred bytes that stand for billions of fields once expanded. The gateway's
 * pre-execution plan walks each fragment once per selection set and merges
 * fields as execution does, so a chain of doubled spreads plans (and runs) in
 * time linear in its size; a document that really selects too many distinct
 * fields is refused with QUERY_TOO_COMPLEX before any call. Either way the
 * server stays responsive and SSM is not called for the refusal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

/** `{ ...F0 }` where each fragment spreads the next twice: 2^levels spreads of the last one, expanded naively. */
function doubledSpreads(levels: number, leaf: string): string {
  const fragments = Array.from({ length: levels }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`);
  return `{ ...F0 } ${fragments.join(' ')} fragment F${levels} on Query { ${leaf} }`;
}

/** Each level selects two aliases of `parentStep`, each spreading the next level: 2^levels distinct fields. */
function doubledFields(levels: number): string {
  const fragments = Array.from(
    { length: levels },
    (_, i) => `fragment S${i} on AutomationStepExecution { a${i}: parentStep { ...S${i + 1} } b${i}: parentStep { ...S${i + 1} } }`,
  );
  return `query($id: ID!) { node(id: $id) { ... on AutomationStepExecution { ...S0 } } } ${fragments.join(' ')} fragment S${levels} on AutomationStepExecution { stepName }`;
}

describe('fragments spread many times', () => {
  it('a chain of doubled spreads (2^60 expansions naively) plans once and answers like the plain query', async () => {
    const leaf = 'maintenanceWindows(first: 2) { edges { node { windowId name } } }';
    const bomb = doubledSpreads(60, leaf);
    expect(bomb.length).toBeLessThan(3_500);
    stack.gateway.cache.clear();
    stack.resetCalls();
    const res = await stack.query(bomb);
    expect(res.errors).toBeUndefined();
    const calls = stack.calls().length;
    stack.gateway.cache.clear();
    stack.resetCalls();
    const plain = await stack.query(`{ ${leaf} }`);
    expect(res.data).toEqual(plain.data);
    // The doubled spreads are one field to execution: the same calls as the plain query.
    expect(calls).toBe(stack.calls().length);
  });

  it('a document selecting ~10^5 distinct fields through 1.5 kB of fragments is refused before any call', async () => {
    const bomb = doubledFields(15);
    expect(bomb.length).toBeLessThan(1_600);
    const step = stack.data.automationExecutions.find((a) => a.StepExecutions?.some((s) => s.ParentStepDetails))!;
    const id = Buffer.from(`AutomationStepExecution:${step.AutomationExecutionId}/${step.StepExecutions![0].StepExecutionId}`).toString('base64url');
    // Its aliases counted through the fragments already exceed MAX_ALIASES (graphql-armor expands them too)...
    stack.resetCalls();
    const byAliases = await stack.query(bomb, { id });
    expect(byAliases.errors!.map((e) => e.extensions?.code)).toEqual(['TOO_MANY_ALIASES']);
    // ...and with that limit off, MAX_FIELDS refuses it on its own: node + 2 + 4 + ... + 2^15 + 2^15 leaves.
    const open = await startStack({ env: { MAX_ALIASES: '0' } });
    try {
      open.resetCalls();
      const res = await open.query(bomb, { id });
      expect(res.data).toBeUndefined();
      expect(res.errors).toEqual([
        expect.objectContaining({ extensions: { code: 'QUERY_TOO_COMPLEX', fields: 1 + (2 ** 16 - 2) + 2 ** 15, max: 2000 } }),
      ]);
      expect(open.calls()).toEqual([]);
      // And the server still answers at once.
      expect((await open.gateway.fetch('http://gateway.test/health')).status).toBe(200);
    } finally {
      await open.close();
    }
    expect(stack.calls()).toEqual([]);
  });
});
