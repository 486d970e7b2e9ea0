/**
 * Root lists over every location: one connection, every item of every
 * location exactly once (walked at several page sizes, stingy upstream pages),
 * in the documented order, cursors resuming each location; the location
 * arguments; calls never sent to the wrong location, never mixing locations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locKey, startEstateStack, type EstateStack } from './estate-stack.ts';

let stack: EstateStack;
beforeAll(async () => {
  stack = await startEstateStack();
});
afterAll(() => stack.close());

async function walk(root: string, first: number, args = '', fields = 'accountId region') {
  const seen: Record<string, unknown>[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 500; pages++) {
    const res: { data?: any; errors?: unknown[] } = await stack.query(
      `query($first: Int, $after: String) { ${root}(first: $first, after: $after${args}) { edges { node { ${fields} } } pageInfo { hasNextPage endCursor } } }`,
      { first, after },
    );
    expect(res.errors).toBeUndefined();
    const conn: { edges: { node: Record<string, unknown> }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } = res.data[root];
    seen.push(...conn.edges.map((e) => e.node));
    if (!conn.pageInfo.hasNextPage) return seen;
    after = conn.pageInfo.endCursor;
  }
  throw new Error('walk did not end');
}

describe('root lists across 2 accounts × 2 regions', () => {
  it.each([1, 7, 50])('automationExecutions(first: %i) returns every execution of every location once, newest first', async (first) => {
    const items = await walk('automationExecutions', first, '', 'accountId region automationExecutionId executionStartTime');
    const expected = stack.estate.locations.flatMap((l) => l.data.automationExecutions.map((a) => `${l.accountId}/${l.region}/${a.AutomationExecutionId}`));
    const got = items.map((i) => `${locKey(i)}/${i.automationExecutionId}`);
    expect(new Set(got).size).toBe(got.length);
    expect(got.sort()).toEqual(expected.sort());
    expect(new Set(items.map(locKey)).size).toBe(4);
    // Newest first across locations (not yet started ones first of all).
    const times = items.map((i) => (i.executionStartTime ? Date.parse(i.executionStartTime as string) : Infinity));
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeLessThanOrEqual(times[i - 1]);
  });

  it.each([1, 3, 100])('maintenanceWindows(first: %i) interleaves the locations and lists each window once', async (first) => {
    const items = await walk('maintenanceWindows', first, '', 'accountId region windowId');
    const expected = stack.estate.locations.flatMap((l) => l.data.maintenanceWindows.map((w) => `${l.accountId}/${l.region}/${w.WindowId}`));
    expect(items.map((i) => `${locKey(i)}/${i.windowId}`).sort()).toEqual(expected.sort());
    // One of each location in turn while all have windows left.
    const perLocation = Math.min(...stack.estate.locations.map((l) => l.data.maintenanceWindows.length));
    const order = items.slice(0, perLocation * 4).map(locKey);
    const homeFirst = stack.estate.locations.map((l) => `${l.accountId}/${l.region}`);
    expect(order.slice(0, 4)).toEqual(homeFirst);
  });

  it('associations(first: 5) walks every association of every location once', async () => {
    const items = await walk('associations', 5, '', 'accountId region associationId');
    const expected = stack.estate.locations.flatMap((l) => l.data.associations.map((a) => `${l.accountId}/${l.region}/${a.AssociationId}`));
    expect(items.map((i) => `${locKey(i)}/${i.associationId}`).sort()).toEqual(expected.sort());
  });

  it('accountIds and regions select locations; only those are called', async () => {
    const other = stack.estate.locations.find((l) => !(l.accountId === stack.estate.home.accountId))!;
    stack.gateway.cache.clear();
    stack.resetCalls();
    const items = await walk('maintenanceWindows', 100, `, accountIds: ["${other.accountId}"], regions: ["${other.region}"]`, 'accountId region windowId');
    expect(items.map((i) => i.windowId).sort()).toEqual(other.data.maintenanceWindows.map((w) => w.WindowId).sort());
    expect(new Set(stack.calls().map((c) => `${c.accountId}/${c.region}`))).toEqual(new Set([`${other.accountId}/${other.region}`]));
  });

  it('an account or region the gateway does not serve is BAD_USER_INPUT with no call', async () => {
    stack.resetCalls();
    for (const args of ['accountIds: ["999999999999"]', 'regions: ["ap-southeast-2"]']) {
      const res = await stack.query(`{ maintenanceWindows(${args}) { edges { cursor } } }`);
      expect(res.data ?? null).toBeNull();
      expect(res.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', reason: 'UNKNOWN_LOCATION' }) })]);
      const single = await stack.query(`{ maintenanceWindow(windowId: "mw-0123456789abcdef0", accountId: "999999999999") { windowId } }`);
      expect(single.errors?.[0].extensions?.reason).toBe('UNKNOWN_LOCATION');
    }
    expect(stack.calls()).toEqual([]);
  });

  it('sends each call to the location of its data, and never mixes locations in one call', async () => {
    stack.gateway.cache.clear();
    stack.resetCalls();
    const res = await stack.query(`{ automationExecutions(first: 40) { edges { node { accountId region automationExecutionId
      steps(first: 5) { edges { node { accountId region stepName parentStep { stepName } } } } } } } }`);
    expect(res.errors).toBeUndefined();
    const where = new Map<string, string>();
    for (const l of stack.estate.locations) for (const a of l.data.automationExecutions) where.set(a.AutomationExecutionId!, `${l.accountId}/${l.region}`);
    for (const call of stack.calls()) {
      const at = `${call.accountId}/${call.region}`;
      const ids: string[] = [
        ...(call.input.AutomationExecutionId ? [call.input.AutomationExecutionId] : []),
        ...((call.input.Filters ?? []).find((f: { Key: string }) => f.Key === 'ExecutionId')?.Values ?? []),
      ];
      for (const id of ids) expect(where.get(id), `${call.operation} ${id}`).toBe(at);
    }
    // Every record answered is of the location the gateway says it is.
    for (const e of res.data.automationExecutions.edges) {
      expect(locKey(e.node)).toBe(where.get(e.node.automationExecutionId));
      for (const s of e.node.steps.edges) expect(locKey(s.node)).toBe(locKey(e.node));
    }
  });
});
