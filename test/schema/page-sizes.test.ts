/**
 * Page sizes over HTTP against the emulator (full pages, so the call counts
 * are exact): a connection's unfiltered first page from the listing's start
 * asks for `first + 1` items (its extra item answers `hasNextPage`), within
 * the model's MaxResults range; a filtered first page and every later page ask
 * for the largest; a cursor from a small page resumes on that same page.
 */
import { describe, expect, it } from 'vitest';
import { big, executionsOf, inputs, ops, stack, useAssociationsStack } from './associations.data.ts';

useAssociationsStack({ stingy: false });

const FLEET = /* GraphQL */ `
  query($first: Int!, $filter: AssociationExecutionFilter) {
    associations(first: 10) {
      edges { node { associationId executions(first: $first, filter: $filter) { pageInfo { hasNextPage } edges { node { executionId } } } } }
    }
  }`;

describe('first pages', () => {
  it('executions(first: 1) under each association: one call each, asking for 2 items, hasNextPage exact without a look-ahead', async () => {
    const res = await stack.query(FLEET, { first: 1 });
    expect(res.errors).toBeUndefined();
    const rows = res.data.associations.edges.map((e: any) => e.node);
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows) {
      const all = executionsOf(row.associationId);
      expect(row.executions.edges.map((e: any) => e.node.executionId)).toEqual(all.slice(0, 1).map((e) => e.ExecutionId));
      expect(row.executions.pageInfo.hasNextPage).toBe(all.length > 1);
    }
    const listed = inputs('DescribeAssociationExecutions');
    expect(listed).toHaveLength(rows.length);
    for (const input of listed) expect(input).toMatchObject({ MaxResults: 2 });
    for (const input of listed) expect(input.NextToken).toBeUndefined();
    expect(ops().filter((o) => o === 'ListAssociations')).toHaveLength(1);
  });

  it('a filtered first page stays full: SSM filters a scan window as long as the page', async () => {
    const res = await stack.query(FLEET, { first: 1, filter: { status: 'Success' } });
    expect(res.errors).toBeUndefined();
    const listed = inputs('DescribeAssociationExecutions');
    expect(listed.length).toBeGreaterThan(0);
    for (const input of listed) expect(input.MaxResults).toBe(50);
  });

  it('a first page as large as the operation allows is the largest page', async () => {
    await stack.query(FLEET, { first: 49 });
    for (const input of inputs('DescribeAssociationExecutions')) expect(input.MaxResults).toBe(50);
  });

  it("never below the model's minimum: a window's executions(first: 2) asks for 10", async () => {
    const w = stack.data.maintenanceWindows[0];
    const res = await stack.query(`query($id: ID!) { maintenanceWindow(windowId: $id) { executions(first: 2) { edges { node { windowExecutionId } } } } }`, {
      id: w.WindowId,
    });
    expect(res.errors).toBeUndefined();
    expect(inputs('DescribeMaintenanceWindowExecutions').map((i) => i.MaxResults)).toEqual([10]);
  });
});

describe('cursors from a small page', () => {
  const PAGE = /* GraphQL */ `
    query($id: ID!, $first: Int, $after: String) {
      association(associationId: $id) { executions(first: $first, after: $after) { pageInfo { hasNextPage endCursor } edges { node { executionId } } } }
    }`;

  it('resume on that same page, then read full pages after it: every execution once, in order', async () => {
    const expected = executionsOf(big.AssociationId!).map((e) => e.ExecutionId);
    expect(expected.length).toBeGreaterThan(60);
    const seen: string[] = [];
    let after: string | null = null;
    // 1 item from a page of 2, then 3 more (the rest of that page, then a full page), then the rest.
    for (const first of [1, 3, 100, 100]) {
      stack.resetCalls();
      const res: any = await stack.query(PAGE, { id: big.AssociationId, first, after });
      expect(res.errors).toBeUndefined();
      const conn = res.data.association.executions;
      seen.push(...conn.edges.map((e: any) => e.node.executionId));
      const listed = inputs('DescribeAssociationExecutions');
      // Only the small page has no token (read again when a cursor points into it); each page after it is the largest.
      for (const input of listed) expect(input.MaxResults).toBe(input.NextToken ? 50 : 2);
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
  });
});
