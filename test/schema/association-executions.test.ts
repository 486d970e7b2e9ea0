/**
 * An association's executions over HTTP, against the emulator (stingy pages):
 * connection walks and pushed-down filters, and an execution loaded by node(id:).
 */
import type { AssociationExecution } from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { WHOLE_TREE_ENV } from '../helpers/stack.ts';
import {
  EXECUTION_FIELDS, NO_SUCH_ID, big, execId, executionOf, executionsOf, expectNoRepeatedCall, gid, inputs, ops, stack,
  useAssociationsStack, walk,
} from './associations.data.ts';

useAssociationsStack({ env: WHOLE_TREE_ENV });

describe('Association.executions', () => {
  const EXECUTIONS = /* GraphQL */ `
    query($id: ID!, $first: Int, $after: String, $filter: AssociationExecutionFilter) {
      association(associationId: $id) {
        executions(first: $first, after: $after, filter: $filter) {
          pageInfo { hasNextPage endCursor }
          edges { node { ${EXECUTION_FIELDS} } }
        }
      }
    }`;

  for (const first of [1, 3, 25, 500]) {
    it(`walks every execution exactly once, newest first, with first = ${first}`, async () => {
      const expected = executionsOf(big.AssociationId!);
      expect(expected.length).toBeGreaterThan(100);
      const nodes = await walk(EXECUTIONS, { id: big.AssociationId, first }, (d) => d.association.executions);
      expect(nodes).toEqual(expected.map(executionOf));
      for (const c of stack.calls().filter((x) => x.operation === 'DescribeAssociationExecutions')) {
        expect((c.input as any).AssociationId).toBe(big.AssociationId);
        expect((c.input as any).Filters).toBeUndefined();
      }
    });
  }

  it('every association returns exactly its executions', async () => {
    for (const a of stack.data.associations) {
      const nodes = await walk(EXECUTIONS, { id: a.AssociationId, first: 500 }, (d) => d.association.executions);
      expect(nodes).toEqual(executionsOf(a.AssociationId!).map(executionOf));
    }
  });

  it('pushes filters down to DescribeAssociationExecutions and returns the matches', async () => {
    const all = executionsOf(big.AssociationId!);
    const pick = all[Math.floor(all.length / 3)];
    const lo = new Date(Math.floor(all[Math.floor((all.length * 2) / 3)].CreatedTime!.getTime() / 1000) * 1000);
    const hi = new Date(Math.floor(pick.CreatedTime!.getTime() / 1000) * 1000);
    const secs = (d: Date) => d.toISOString().replace('.000Z', 'Z');
    const cases: [Record<string, unknown>, unknown[], (e: AssociationExecution) => boolean][] = [
      [{ status: 'Failed' }, [{ Key: 'Status', Value: 'Failed', Type: 'EQUAL' }], (e) => e.Status === 'Failed'],
      [{ executionId: pick.ExecutionId }, [{ Key: 'ExecutionId', Value: pick.ExecutionId, Type: 'EQUAL' }], (e) => e.ExecutionId === pick.ExecutionId],
      [{ createdAfter: hi.toISOString() }, [{ Key: 'CreatedTime', Value: secs(hi), Type: 'GREATER_THAN' }], (e) => e.CreatedTime! > hi],
      [{ createdBefore: lo.toISOString() }, [{ Key: 'CreatedTime', Value: secs(lo), Type: 'LESS_THAN' }], (e) => e.CreatedTime! < lo],
      [
        { status: 'Success', createdAfter: lo.toISOString() },
        [
          { Key: 'Status', Value: 'Success', Type: 'EQUAL' },
          { Key: 'CreatedTime', Value: secs(lo), Type: 'GREATER_THAN' },
        ],
        (e) => e.Status === 'Success' && e.CreatedTime! > lo,
      ],
      // SSM ORs filters sharing a key: the lower bound goes upstream, the upper one is applied to its pages.
      [
        { createdAfter: lo.toISOString(), createdBefore: hi.toISOString() },
        [{ Key: 'CreatedTime', Value: secs(lo), Type: 'GREATER_THAN' }],
        (e) => e.CreatedTime! > lo && e.CreatedTime! < hi,
      ],
    ];
    for (const [filter, sent, match] of cases) {
      const expected = all.filter(match);
      expect(expected.length).toBeGreaterThan(0);
      stack.resetCalls();
      const nodes = await walk(EXECUTIONS, { id: big.AssociationId, first: 500, filter }, (d) => d.association.executions);
      expect(nodes).toEqual(expected.map(executionOf));
      const sentFilters = inputs('DescribeAssociationExecutions').map((i) => i.Filters);
      expect(sentFilters.length).toBeGreaterThan(0);
      for (const f of sentFilters) expect(f).toEqual(sent);
    }
  });

  it('a malformed executionId filter is BAD_USER_INPUT and no execution is listed', async () => {
    const res = await stack.query(EXECUTIONS, { id: big.AssociationId, first: 5, filter: { executionId: 'bogus' } });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(ops()).not.toContain('DescribeAssociationExecutions');
  });

  it('has no last/before (a validation error), and lists nothing', async () => {
    const res = await stack.query(`query($id: ID!) { association(associationId: $id) { executions(last: 3) { edges { node { executionId } } } } }`, {
      id: big.AssociationId,
    });
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(ops()).not.toContain('DescribeAssociationExecutions');
  });
});

describe('AssociationExecution', () => {
  it('node(id:) loads an execution through the ExecutionId filter, newest to oldest', async () => {
    const all = executionsOf(big.AssociationId!);
    for (const e of [all[0], all[7], all[Math.floor(all.length / 2)], all.at(-1)!]) {
      stack.gateway.cache.clear();
      stack.resetCalls();
      const res = await stack.query(
        `query($id: ID!) { node(id: $id) { __typename ... on AssociationExecution { ${EXECUTION_FIELDS} association { associationId } } } }`,
        { id: execId(e) },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data.node).toEqual({ __typename: 'AssociationExecution', ...executionOf(e), association: { associationId: big.AssociationId } });
      const listed = inputs('DescribeAssociationExecutions');
      expect(listed.length).toBeGreaterThan(0);
      for (const i of listed) {
        expect(i.AssociationId).toBe(big.AssociationId);
        expect(i.Filters).toEqual([{ Key: 'ExecutionId', Value: e.ExecutionId, Type: 'EQUAL' }]);
      }
      expect(inputs('DescribeAssociation')).toEqual([{ AssociationId: big.AssociationId }]);
      expectNoRepeatedCall();
    }
  });

  it('node(id:) of an unknown execution is null with NOT_FOUND; of a malformed one BAD_USER_INPUT with no call', async () => {
    const res = await stack.query(`query($id: ID!) { node(id: $id) { id } }`, { id: gid('AssociationExecution', `${big.AssociationId}/${NO_SUCH_ID}`) });
    expect(res.data.node).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const res2 = await stack.query(`query($id: ID!) { node(id: $id) { id } }`, { id: gid('AssociationExecution', `${NO_SUCH_ID}/${NO_SUCH_ID}`) });
    expect(res2.data.node).toBeNull();
    expect(res2.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    for (const id of [
      gid('AssociationExecution', `${big.AssociationId}/nope`),
      gid('AssociationExecution', big.AssociationId!),
      gid('Association', 'nope'),
      gid('Association', `${big.AssociationId}/${NO_SUCH_ID}`),
      'not base64 !',
    ]) {
      stack.resetCalls();
      const bad = await stack.query(`query($id: ID!) { node(id: $id) { id } }`, { id });
      expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(stack.calls()).toHaveLength(0);
    }
  });
});
