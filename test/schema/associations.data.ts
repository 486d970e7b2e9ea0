/**
 * Shared by the associations tests (associations, association-executions,
 * association-targets): the stack each file starts, the emulator's orders over
 * the dataset, and GraphQL selections paired with the values they must return.
 */
import type { AssociationDescription, AssociationExecution, AssociationExecutionTarget } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { callKeys, startStack, type Stack, type StackOptions } from '../helpers/stack.ts';

// Live bindings, set by useAssociationsStack() before the file's tests run.
export let stack: Stack;
export let byExecCount: AssociationDescription[];
/** The association with the most executions (150 in the small dataset). */
export let big: AssociationDescription;

/**
 * Starts the file's stack before its tests and closes it after them; each test
 * starts with an empty cache and call log. Call once per test file, at top level.
 */
export function useAssociationsStack(opts: StackOptions): void {
  beforeAll(async () => {
    stack = await startStack(opts);
    const count = (a: AssociationDescription) => executionsOf(a.AssociationId!).length;
    byExecCount = [...stack.data.associations].sort((a, b) => count(b) - count(a));
    big = byExecCount[0];
  });
  afterAll(() => stack.close());
  beforeEach(() => {
    stack.gateway.cache.clear();
    stack.resetCalls();
  });
}

const iso = (d: Date | undefined) => d?.toISOString() ?? null;
const cmp = (a = '', b = '') => (a < b ? -1 : a > b ? 1 : 0);
import { globalId as gid } from '../helpers/stack.ts';
export { gid };
export const execId = (e: AssociationExecution) => gid('AssociationExecution', `${e.AssociationId}/${e.ExecutionId}`);
export const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

/** The emulator's order: CreatedTime descending (newest first), then ExecutionId. */
export function executionsOf(associationId: string): AssociationExecution[] {
  return stack.data.associationExecutions
    .filter((e) => e.AssociationId === associationId)
    .sort((a, b) => b.CreatedTime!.getTime() - a.CreatedTime!.getTime() || cmp(a.ExecutionId, b.ExecutionId));
}
/** The emulator's order: ResourceId, then ResourceType. */
export function targetsOf(e: AssociationExecution): AssociationExecutionTarget[] {
  return stack.data.associationExecutionTargets
    .filter((t) => t.AssociationId === e.AssociationId && t.ExecutionId === e.ExecutionId)
    .sort((a, b) => cmp(a.ResourceId, b.ResourceId) || cmp(a.ResourceType, b.ResourceType));
}
/** The emulator's order: creation Date ascending, then AssociationId. */
export const sortedAssociations = () =>
  [...stack.data.associations].sort((a, b) => a.Date!.getTime() - b.Date!.getTime() || cmp(a.AssociationId, b.AssociationId));

export const ops = () => stack.calls().map((c) => c.operation);
export const inputs = (op: string) => stack.calls().filter((c) => c.operation === op).map((c) => c.input as Record<string, any>);
export function expectNoRepeatedCall() {
  const keys = callKeys(stack.calls());
  expect(new Set(keys).size).toBe(keys.length);
}

export const SUMMARY_FIELDS = `id associationId associationName name associationVersion documentVersion scheduleExpression
  lastExecutionDate instanceId overview { status detailedStatus associationStatusAggregatedCount } targets { key values }`;
export const DETAIL_ONLY_FIELDS = `date lastUpdateAssociationDate parameters lastSuccessfulExecutionDate maxErrors maxConcurrency
  complianceSeverity syncCompliance applyOnlyAtCronInterval
  outputLocation { s3Location { outputS3Region outputS3BucketName outputS3KeyPrefix } }`;

export const summaryOf = (a: AssociationDescription) => ({
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
export const detailOnlyOf = (a: AssociationDescription) => ({
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

export const EXECUTION_FIELDS = `id associationId executionId associationVersion status detailedStatus createdTime lastExecutionDate resourceCountByStatus`;
export const executionOf = (e: AssociationExecution) => ({
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

export const TARGET_FIELDS = `associationId executionId associationVersion resourceId resourceType status detailedStatus lastExecutionDate
  outputSource { outputSourceId outputSourceType }`;
export const targetOf = (t: AssociationExecutionTarget) => ({
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
export async function walk(query: string, vars: Record<string, unknown>, conn: (data: any) => any): Promise<any[]> {
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
