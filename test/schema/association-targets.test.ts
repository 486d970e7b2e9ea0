/**
 * The targets of association executions over HTTP, against the emulator
 * (stingy pages): every target with its back-link, pushed-down filters, and the
 * caching of terminal executions.
 */
import type { AssociationExecution, AssociationExecutionTarget } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack, WHOLE_TREE_ENV } from '../helpers/stack.ts';
import {
  TARGET_FIELDS, big, byExecCount, execId, executionsOf, expectNoRepeatedCall, gid, inputs, stack, targetOf, targetsOf,
  useAssociationsStack, walk,
} from './associations.data.ts';

useAssociationsStack({ env: WHOLE_TREE_ENV });

describe('AssociationExecution', () => {
  const TARGETS = /* GraphQL */ `
    query($id: ID!, $first: Int, $after: String, $filter: AssociationExecutionTargetFilter) {
      node(id: $id) {
        ... on AssociationExecution {
          targets(first: $first, after: $after, filter: $filter) {
            pageInfo { hasNextPage endCursor }
            edges { node { ${TARGET_FIELDS} } }
          }
        }
      }
    }`;

  it('targets: every execution of an association returns exactly its targets, with the back-link', async () => {
    const a = byExecCount[3];
    const res = await stack.query(
      `query($id: ID!) { association(associationId: $id) { executions(first: 500) { edges { node { executionId
          targets(first: 500) { pageInfo { hasNextPage } edges { node { ${TARGET_FIELDS} associationExecution { id executionId status } } } }
       } } } } }`,
      { id: a.AssociationId },
    );
    expect(res.errors).toBeUndefined();
    const execs = executionsOf(a.AssociationId!);
    expect(res.data.association.executions.edges).toHaveLength(execs.length);
    res.data.association.executions.edges.forEach((edge: any, i: number) => {
      const e = execs[i];
      expect(edge.node.executionId).toBe(e.ExecutionId);
      expect(edge.node.targets.pageInfo.hasNextPage).toBe(false);
      expect(edge.node.targets.edges.map((x: any) => x.node)).toEqual(
        targetsOf(e).map((t) => ({ ...targetOf(t), associationExecution: { id: execId(e), executionId: e.ExecutionId, status: e.Status } })),
      );
    });
    // The back-links were primed by the listing: no ExecutionId lookups, and no call twice.
    expect(inputs('DescribeAssociationExecutions').every((i) => i.Filters === undefined)).toBe(true);
    expect(inputs('DescribeAssociationExecutionTargets').map((i) => i.ExecutionId).sort()).toEqual(
      [...new Set(inputs('DescribeAssociationExecutionTargets').map((i) => i.ExecutionId))].sort(),
    );
    expectNoRepeatedCall();
  });

  it('pushes target filters down to DescribeAssociationExecutionTargets', async () => {
    const e = executionsOf(big.AssociationId!).find((x) => targetsOf(x).length > 1 && x.Status === 'Failed')!;
    const ts = targetsOf(e);
    const cases: [Record<string, unknown>, unknown[], (t: AssociationExecutionTarget) => boolean][] = [
      [{ status: 'Failed' }, [{ Key: 'Status', Value: 'Failed' }], (t) => t.Status === 'Failed'],
      [{ resourceId: ts[1].ResourceId }, [{ Key: 'ResourceId', Value: ts[1].ResourceId }], (t) => t.ResourceId === ts[1].ResourceId],
      [
        { resourceType: 'ManagedInstance', status: 'Success' },
        [
          { Key: 'Status', Value: 'Success' },
          { Key: 'ResourceType', Value: 'ManagedInstance' },
        ],
        (t) => t.ResourceType === 'ManagedInstance' && t.Status === 'Success',
      ],
    ];
    for (const [filter, sent, match] of cases) {
      stack.resetCalls();
      const nodes = await walk(TARGETS, { id: execId(e), first: 500, filter }, (d) => d.node.targets);
      expect(nodes).toEqual(ts.filter(match).map(targetOf));
      const sentFilters = inputs('DescribeAssociationExecutionTargets').map((i) => i.Filters);
      expect(sentFilters.length).toBeGreaterThan(0);
      for (const f of sentFilters) expect(f).toEqual(expect.arrayContaining(sent as object[]));
      for (const f of sentFilters) expect(f).toHaveLength(sent.length);
    }
  });
});

describe('caching of terminal executions', () => {
  // Only data that can no longer change is kept: a mutable TTL of 0.
  let strict: Stack;
  beforeAll(async () => {
    strict = await startStack({ env: { CACHE_TTL_MUTABLE_MS: '0' } });
  });
  afterAll(() => strict.close());

  const q = `query($id: ID!) { node(id: $id) { ... on AssociationExecution { status targets(first: 500) { edges { node { resourceId status } } } } } }`;
  const idOf = (e: AssociationExecution) => gid('AssociationExecution', `${e.AssociationId}/${e.ExecutionId}`);

  it("a repeated query for a terminal execution's targets adds no upstream call", async () => {
    const e = executionsOf(big.AssociationId!).find((x) => x.Status === 'Success')!;
    strict.resetCalls();
    const first = await strict.query(q, { id: idOf(e) });
    expect(first.errors).toBeUndefined();
    expect(first.data.node.targets.edges.map((x: any) => x.node.resourceId)).toEqual(targetsOf(e).map((t) => t.ResourceId));
    expect(strict.calls().some((c) => c.operation === 'DescribeAssociationExecutionTargets')).toBe(true);

    strict.resetCalls();
    const again = await strict.query(q, { id: idOf(e) });
    expect(again.data).toEqual(first.data);
    expect(strict.calls()).toHaveLength(0);
  });

  it('a non-terminal execution is fetched again', async () => {
    const e = stack.data.associationExecutions.find((x) => x.Status === 'InProgress' || x.Status === 'Pending')!;
    strict.resetCalls();
    const first = await strict.query(q, { id: idOf(e) });
    expect(first.errors).toBeUndefined();
    expect(first.data.node.targets.edges.map((x: any) => x.node.resourceId)).toEqual(targetsOf(e).map((t) => t.ResourceId));
    const n = strict.calls().length;
    expect(n).toBeGreaterThan(0);
    strict.resetCalls();
    await strict.query(q, { id: idOf(e) });
    expect(strict.calls().length).toBe(n);
  });
});
