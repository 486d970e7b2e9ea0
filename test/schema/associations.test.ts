/**
 * The State Manager associations domain over HTTP, through the real SDK,
 * against the emulator (stingy pages): data equals the dataset, and the
 * emulator's call log shows what it cost and which filters were pushed down.
 */
import type { AssociationDescription, AssociationExecution, AssociationExecutionTarget } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { callKeys, startStack, type Stack, WHOLE_TREE_ENV } from '../helpers/stack.ts';

let stack: Stack;
let byExecCount: AssociationDescription[];
/** The association with the most executions (150 in the small dataset). */
let big: AssociationDescription;

beforeAll(async () => {
  stack = await startStack({ env: WHOLE_TREE_ENV });
  const count = (a: AssociationDescription) => executionsOf(a.AssociationId!).length;
  byExecCount = [...stack.data.associations].sort((a, b) => count(b) - count(a));
  big = byExecCount[0];
});
afterAll(() => stack.close());
beforeEach(() => {
  stack.gateway.cache.clear();
  stack.resetCalls();
});

const iso = (d: Date | undefined) => d?.toISOString() ?? null;
const cmp = (a = '', b = '') => (a < b ? -1 : a > b ? 1 : 0);
const gid = (type: string, key: string) => Buffer.from(`${type}:${key}`).toString('base64url');
const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

/** The emulator's order: CreatedTime descending (newest first), then ExecutionId. */
function executionsOf(associationId: string): AssociationExecution[] {
  return stack.data.associationExecutions
    .filter((e) => e.AssociationId === associationId)
    .sort((a, b) => b.CreatedTime!.getTime() - a.CreatedTime!.getTime() || cmp(a.ExecutionId, b.ExecutionId));
}
/** The emulator's order: ResourceId, then ResourceType. */
function targetsOf(e: AssociationExecution): AssociationExecutionTarget[] {
  return stack.data.associationExecutionTargets
    .filter((t) => t.AssociationId === e.AssociationId && t.ExecutionId === e.ExecutionId)
    .sort((a, b) => cmp(a.ResourceId, b.ResourceId) || cmp(a.ResourceType, b.ResourceType));
}
/** The emulator's order: creation Date ascending, then AssociationId. */
const sortedAssociations = () =>
  [...stack.data.associations].sort((a, b) => a.Date!.getTime() - b.Date!.getTime() || cmp(a.AssociationId, b.AssociationId));

const ops = () => stack.calls().map((c) => c.operation);
const inputs = (op: string) => stack.calls().filter((c) => c.operation === op).map((c) => c.input as Record<string, any>);
function expectNoRepeatedCall() {
  const keys = callKeys(stack.calls());
  expect(new Set(keys).size).toBe(keys.length);
}

const SUMMARY_FIELDS = `id associationId associationName name associationVersion documentVersion scheduleExpression
  lastExecutionDate instanceId overview { status detailedStatus associationStatusAggregatedCount } targets { key values }`;
const DETAIL_ONLY_FIELDS = `date lastUpdateAssociationDate parameters lastSuccessfulExecutionDate maxErrors maxConcurrency
  complianceSeverity syncCompliance applyOnlyAtCronInterval
  outputLocation { s3Location { outputS3Region outputS3BucketName outputS3KeyPrefix } }`;

const summaryOf = (a: AssociationDescription) => ({
  id: gid('Association', a.AssociationId!),
  associationId: a.AssociationId,
  associationName: a.AssociationName,
  name: a.Name,
  associationVersion: a.AssociationVersion,
  documentVersion: a.DocumentVersion,
  scheduleExpression: a.ScheduleExpression,
  lastExecutionDate: iso(a.LastExecutionDate),
  instanceId: a.InstanceId ?? null,
  overview: {
    status: a.Overview!.Status,
    detailedStatus: a.Overview!.DetailedStatus,
    associationStatusAggregatedCount: a.Overview!.AssociationStatusAggregatedCount,
  },
  targets: a.Targets!.map((t) => ({ key: t.Key, values: t.Values })),
});
const detailOnlyOf = (a: AssociationDescription) => ({
  date: iso(a.Date),
  lastUpdateAssociationDate: iso(a.LastUpdateAssociationDate),
  parameters: a.Parameters,
  lastSuccessfulExecutionDate: iso(a.LastSuccessfulExecutionDate),
  maxErrors: a.MaxErrors,
  maxConcurrency: a.MaxConcurrency,
  complianceSeverity: a.ComplianceSeverity,
  syncCompliance: a.SyncCompliance,
  applyOnlyAtCronInterval: a.ApplyOnlyAtCronInterval,
  outputLocation: a.OutputLocation
    ? {
        s3Location: {
          outputS3Region: a.OutputLocation.S3Location!.OutputS3Region,
          outputS3BucketName: a.OutputLocation.S3Location!.OutputS3BucketName,
          outputS3KeyPrefix: a.OutputLocation.S3Location!.OutputS3KeyPrefix,
        },
      }
    : null,
});

const EXECUTION_FIELDS = `id associationId executionId associationVersion status detailedStatus createdTime lastExecutionDate resourceCountByStatus`;
const executionOf = (e: AssociationExecution) => ({
  id: gid('AssociationExecution', `${e.AssociationId}/${e.ExecutionId}`),
  associationId: e.AssociationId,
  executionId: e.ExecutionId,
  associationVersion: e.AssociationVersion,
  status: e.Status,
  detailedStatus: e.DetailedStatus,
  createdTime: iso(e.CreatedTime),
  lastExecutionDate: iso(e.LastExecutionDate),
  resourceCountByStatus: e.ResourceCountByStatus,
});

const TARGET_FIELDS = `associationId executionId associationVersion resourceId resourceType status detailedStatus lastExecutionDate
  outputSource { outputSourceId outputSourceType }`;
const targetOf = (t: AssociationExecutionTarget) => ({
  associationId: t.AssociationId,
  executionId: t.ExecutionId,
  associationVersion: t.AssociationVersion,
  resourceId: t.ResourceId,
  resourceType: t.ResourceType,
  status: t.Status,
  detailedStatus: t.DetailedStatus,
  lastExecutionDate: iso(t.LastExecutionDate),
  outputSource: t.OutputSource ? { outputSourceId: t.OutputSource.OutputSourceId, outputSourceType: t.OutputSource.OutputSourceType } : null,
});

/**
 * Walks a connection to its end, one request per page, asserting per request
 * that no (operation, input) repeats. The calls stay in `stack.calls()`.
 */
async function walk(query: string, vars: Record<string, unknown>, conn: (data: any) => any): Promise<any[]> {
  const nodes: any[] = [];
  let after: string | null = null;
  for (let i = 0; i < 1000; i++) {
    const before = stack.calls().length;
    const res: any = await stack.query(query, { ...vars, after });
    expect(res.errors).toBeUndefined();
    const keys = callKeys(stack.calls().slice(before));
    expect(new Set(keys).size).toBe(keys.length);
    const c: any = conn(res.data);
    nodes.push(...c.edges.map((e: any) => e.node));
    if (!c.pageInfo.hasNextPage) return nodes;
    after = c.pageInfo.endCursor;
  }
  throw new Error('walk did not end');
}

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

  it('refuses last/before (SSM lists associations forward only) before any call', async () => {
    const res = await stack.query(`{ associations(last: 2) { edges { node { associationId } } } }`);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.calls()).toHaveLength(0);
  });
});

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

  it('refuses last/before without listing', async () => {
    const res = await stack.query(`query($id: ID!) { association(associationId: $id) { executions(last: 3) { edges { node { executionId } } } } }`, {
      id: big.AssociationId,
    });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(ops()).not.toContain('DescribeAssociationExecutions');
  });
});

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
  const execId = (e: AssociationExecution) => gid('AssociationExecution', `${e.AssociationId}/${e.ExecutionId}`);

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

  it('node(id:) loads an association', async () => {
    const a = byExecCount[1];
    const res = await stack.query(`query($id: ID!) { node(id: $id) { __typename ... on Association { ${SUMMARY_FIELDS} ${DETAIL_ONLY_FIELDS} } } }`, {
      id: gid('Association', a.AssociationId!),
    });
    expect(res.errors).toBeUndefined();
    expect(res.data.node).toEqual({ __typename: 'Association', ...summaryOf(a), ...detailOnlyOf(a) });
    expect(stack.calls().map((c) => [c.operation, c.input])).toEqual([['DescribeAssociation', { AssociationId: a.AssociationId }]]);
  });

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
