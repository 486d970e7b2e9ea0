/**
 * The State Manager associations domain over HTTP, through the real SDK,
 * against the emulator (stingy pages): root fields and node(id:) for an
 * association; data equals the dataset, and the emulator's call log shows what
 * it cost and which filters were pushed down. Executions and their targets are
 * in association-executions.test.ts and association-targets.test.ts.
 */
import type { AssociationDescription } from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { WHOLE_TREE_ENV } from '../helpers/stack.ts';
import {
  DETAIL_ONLY_FIELDS, NO_SUCH_ID, SUMMARY_FIELDS, byExecCount, detailOnlyOf, expectNoRepeatedCall, gid, inputs, ops,
  sortedAssociations, stack, summaryOf, useAssociationsStack, walk,
} from './associations.data.ts';

useAssociationsStack({ env: WHOLE_TREE_ENV });

describe('association(associationId)', () => {
  it('returns every association as the dataset holds it, one DescribeAssociation each', async () => {
    for (const a of stack.data.associations) {
      stack.resetCalls();
      const res = await stack.query(`query($id: ID!) { association(associationId: $id) { ${SUMMARY_FIELDS} ${DETAIL_ONLY_FIELDS} } }`, {
        id: a.AssociationId,
      });
      expect(res.errors).toBeUndefined();
      expect(res.data.association).toEqual({ ...summaryOf(a), ...detailOnlyOf(a) });
      expect(stack.calls().map((c) => [c.operation, c.input])).toEqual([['DescribeAssociation', { AssociationId: a.AssociationId }]]);
    }
  });

  it('an unknown association is null with NOT_FOUND', async () => {
    const res = await stack.query(`query($id: ID!) { association(associationId: $id) { associationName } }`, { id: NO_SUCH_ID });
    expect(res.data.association).toBeNull();
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]).toMatchObject({ path: ['association'], extensions: { code: 'NOT_FOUND' } });
    expect(ops()).toEqual(['DescribeAssociation']);
  });

  it('a malformed association ID is BAD_USER_INPUT with no upstream call', async () => {
    for (const id of ['not-an-id', NO_SUCH_ID.slice(0, 30), '']) {
      stack.resetCalls();
      const res = await stack.query(`query($id: ID!) { association(associationId: $id) { associationName } }`, { id });
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.data?.association ?? null).toBeNull();
      expect(stack.calls()).toHaveLength(0);
    }
  });
});

describe('associations', () => {
  it('lists every association once, in upstream order, from summaries only', async () => {
    for (const first of [1, 5, 500]) {
      stack.gateway.cache.clear();
      const nodes = await walk(
        `query($first: Int, $after: String) { associations(first: $first, after: $after) {
           pageInfo { hasNextPage endCursor } edges { node { ${SUMMARY_FIELDS} } } } }`,
        { first },
        (d) => d.associations,
      );
      expect(nodes).toEqual(sortedAssociations().map(summaryOf));
    }
    // Only summary members were selected: ListAssociations alone.
    expect(new Set(ops())).toEqual(new Set(['ListAssociations']));
  });

  it('detail-only members of a listed association cost one DescribeAssociation each, and none when not selected', async () => {
    const q = (fields: string) => `{ associations(first: 3) { edges { node { associationId ${fields} } } } }`;
    const res1 = await stack.query(q('associationName scheduleExpression'));
    expect(res1.errors).toBeUndefined();
    expect(ops().filter((o) => o !== 'ListAssociations')).toEqual([]);

    stack.gateway.cache.clear();
    stack.resetCalls();
    const res2 = await stack.query(q(`associationName ${DETAIL_ONLY_FIELDS}`));
    expect(res2.errors).toBeUndefined();
    const listed: string[] = res2.data.associations.edges.map((e: any) => e.node.associationId);
    expect(listed).toEqual(sortedAssociations().slice(0, 3).map((a) => a.AssociationId));
    expect(inputs('DescribeAssociation').map((i) => i.AssociationId).sort()).toEqual([...listed].sort());
    expectNoRepeatedCall();
    const byId = new Map(stack.data.associations.map((a) => [a.AssociationId, a]));
    for (const e of res2.data.associations.edges) expect(e.node).toMatchObject(detailOnlyOf(byId.get(e.node.associationId)!));
  });

  it('pushes filters down to ListAssociations and returns the matches', async () => {
    const sample = byExecCount.filter((a) => a.LastExecutionDate)[2];
    const cutoff = new Date(Math.floor(sample.LastExecutionDate!.getTime() / 1000) * 1000);
    const cases: [filter: Record<string, unknown>, sent: { key: string; value: string }[], match: (a: AssociationDescription) => boolean][] = [
      [{ name: sample.Name }, [{ key: 'Name', value: sample.Name! }], (a) => a.Name === sample.Name],
      [{ associationName: sample.AssociationName }, [{ key: 'AssociationName', value: sample.AssociationName! }], (a) => a.AssociationName === sample.AssociationName],
      [{ associationId: sample.AssociationId }, [{ key: 'AssociationId', value: sample.AssociationId! }], (a) => a.AssociationId === sample.AssociationId],
      [{ status: 'Failed' }, [{ key: 'AssociationStatusName', value: 'Failed' }], (a) => a.Overview?.Status === 'Failed'],
      [
        { lastExecutedAfter: cutoff.toISOString(), status: 'Success' },
        [
          { key: 'LastExecutedAfter', value: cutoff.toISOString().replace('.000Z', 'Z') },
          { key: 'AssociationStatusName', value: 'Success' },
        ],
        (a) => !!a.LastExecutionDate && a.LastExecutionDate >= cutoff && a.Overview?.Status === 'Success',
      ],
      [
        { lastExecutedBefore: cutoff.toISOString() },
        [{ key: 'LastExecutedBefore', value: cutoff.toISOString().replace('.000Z', 'Z') }],
        (a) => !!a.LastExecutionDate && a.LastExecutionDate < cutoff,
      ],
      [{ instanceId: 'i-0123456789abcdef0' }, [{ key: 'InstanceId', value: 'i-0123456789abcdef0' }], (a) => a.InstanceId === 'i-0123456789abcdef0'],
      [{ resourceGroupName: 'no-such-group' }, [{ key: 'ResourceGroupName', value: 'no-such-group' }], () => false],
    ];
    for (const [filter, sent, match] of cases) {
      stack.resetCalls();
      const nodes = await walk(
        `query($first: Int, $after: String, $filter: AssociationFilter) { associations(first: $first, after: $after, filter: $filter) {
           pageInfo { hasNextPage endCursor } edges { node { associationId } } } }`,
        { first: 500, filter },
        (d) => d.associations,
      );
      expect(nodes.map((n) => n.associationId)).toEqual(sortedAssociations().filter(match).map((a) => a.AssociationId));
      const sentLists = inputs('ListAssociations').map((i) => i.AssociationFilterList);
      expect(sentLists.length).toBeGreaterThan(0);
      for (const l of sentLists) expect(l).toEqual(expect.arrayContaining(sent));
      for (const l of sentLists) expect(l).toHaveLength(sent.length);
    }
  });

  it('a malformed associationId filter is BAD_USER_INPUT with no upstream call', async () => {
    const res = await stack.query(`{ associations(filter: { associationId: "nope" }) { edges { node { associationId } } } }`);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.calls()).toHaveLength(0);
  });

  it('has no last/before (SSM lists associations forward only): a validation error, no call', async () => {
    const res = await stack.query(`{ associations(last: 2) { edges { node { associationId } } } }`);
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(stack.calls()).toHaveLength(0);
  });
});

describe('node(id:)', () => {
  it('node(id:) loads an association', async () => {
    const a = byExecCount[1];
    const res = await stack.query(`query($id: ID!) { node(id: $id) { __typename ... on Association { ${SUMMARY_FIELDS} ${DETAIL_ONLY_FIELDS} } } }`, {
      id: gid('Association', a.AssociationId!),
    });
    expect(res.errors).toBeUndefined();
    expect(res.data.node).toEqual({ __typename: 'Association', ...summaryOf(a), ...detailOnlyOf(a) });
    expect(stack.calls().map((c) => [c.operation, c.input])).toEqual([['DescribeAssociation', { AssociationId: a.AssociationId }]]);
  });
});
