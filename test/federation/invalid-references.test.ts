/**
 * `_entities` with representations that name no entity (unknown, missing or
 * non-entity `__typename`, non-objects): each fails alone with BAD_USER_INPUT
 * and no upstream call, the valid ones keep their data, and the process keeps
 * serving (src/schema/subgraph.ts).
 */
import { describe, expect, it } from 'vitest';
import { ENTITY_KEYS } from '../../src/schema/federation.ts';
import { subgraphSchema } from '../../src/schema/index.ts';
import { entityTypeNames } from '../../src/schema/subgraph.ts';
import { ENTITIES, entities, stack, useSubgraphStack } from './subgraph-stack.ts';

useSubgraphStack();

describe('_entities with invalid representations', () => {
  const unknownWindow = { __typename: 'MaintenanceWindow', windowId: 'mw-0123456789abcdef0' };
  const expectRefused = (e: { path?: unknown; extensions?: Record<string, any> } | undefined, i: number) =>
    expect(e).toMatchObject({ path: ['_entities', i], extensions: { code: 'BAD_USER_INPUT', reason: 'MALFORMED_REFERENCE' } });

  it('the guard knows exactly the entity types of ENTITY_KEYS', () => {
    expect([...entityTypeNames(subgraphSchema)].sort()).toEqual(Object.keys(ENTITY_KEYS).sort());
  });

  it('an unknown type after a started load fails only its own item, and the process keeps serving', async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      const res = await entities([unknownWindow, { __typename: 'NoSuch' }]);
      expect(res.data!._entities).toEqual([null, null]);
      expect(res.errors).toHaveLength(2);
      const byIndex = Object.fromEntries(res.errors!.map((e) => [e.path![1], e]));
      expect(byIndex[0]).toMatchObject({ path: ['_entities', 0], extensions: { code: 'NOT_FOUND' } });
      expectRefused(byIndex[1], 1);
      // Only the valid reference went upstream.
      expect(stack.calls().map((c) => [c.operation, c.input.WindowId])).toEqual([['GetMaintenanceWindow', unknownWindow.windowId]]);

      // The gateway still answers, and nothing was left rejecting unobserved.
      const win = stack.data.maintenanceWindows[0];
      const next = await entities([{ __typename: 'MaintenanceWindow', windowId: win.WindowId }]);
      expect(next.errors).toBeUndefined();
      expect(next.data!._entities).toEqual([{ __typename: 'MaintenanceWindow', windowId: win.WindowId, name: win.Name }]);
      await new Promise((r) => setTimeout(r, 50));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
  });

  it.each([
    ['missing __typename', { windowId: 'mw-0123456789abcdef0' }],
    ['a non-string __typename', { __typename: 7, windowId: 'mw-0123456789abcdef0' }],
    ['an unknown type', { __typename: 'NoSuch', windowId: 'mw-0123456789abcdef0' }],
    ['a non-entity object type', { __typename: 'PageInfo' }],
    ['the Query type', { __typename: 'Query' }],
    ['the Node interface', { __typename: 'Node', id: 'x' }],
    ['a non-object representation', 'str'],
    ['an array representation', [{ __typename: 'MaintenanceWindow' }]],
  ])('refuses %s with BAD_USER_INPUT at its index, beside a valid reference, with no upstream call for it', async (_, bad) => {
    const win = stack.data.maintenanceWindows[0];
    const valid = { __typename: 'MaintenanceWindow', windowId: win.WindowId };
    const res = await stack.query(ENTITIES, { r: [valid, bad, valid] });
    expect(res.data!._entities).toEqual([
      { __typename: 'MaintenanceWindow', windowId: win.WindowId, name: win.Name },
      null,
      { __typename: 'MaintenanceWindow', windowId: win.WindowId, name: win.Name },
    ]);
    expect(res.errors).toHaveLength(1);
    expectRefused(res.errors![0], 1);
    expect(res.errors![0].message).toContain('representations[1]');
    // The valid reference is loaded once (de-duplicated); the invalid one costs nothing.
    expect(stack.calls().map((c) => [c.operation, c.input.WindowId])).toEqual([['GetMaintenanceWindow', win.WindowId]]);
  });

  it('a request of only invalid representations makes no upstream call', async () => {
    const res = await stack.query(ENTITIES, { r: [{}, 'str', 42, { __typename: 'PageInfo' }] });
    expect(res.data!._entities).toEqual([null, null, null, null]);
    res.errors!.forEach((e, i) => expectRefused(e, i));
    expect(stack.calls()).toEqual([]);
  });
});
