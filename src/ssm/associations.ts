/**
 * State Manager associations, their executions and the executions' targets.
 *
 * Records carry the keys needed to fetch them again: every execution and target
 * knows its `AssociationId` and `ExecutionId` (SSM's shapes already have them;
 * the record types make them required).
 *
 * An association is served from two shapes: ListAssociations' summary
 * (`Association`, `$detail: false`) and DescribeAssociation's full
 * `AssociationDescription` (`$detail: true`, from the `association` loader).
 */
import type {
  Association,
  AssociationDescription,
  AssociationExecution,
  AssociationExecutionTarget,
} from '@aws-sdk/client-ssm';
import { findInListing } from './collections.ts';
import { createEntityLoader, eachKey } from './entity-loader.ts';
import type { EntityKey } from './entities.ts';
import { SsmError } from './errors.ts';
import { defineFilter, isoSeconds, ssmFilters, type FilterValues } from './filters.ts';
import type { Located } from './locations.ts';
import type { Page, PageRequest, SsmSession } from './session.ts';

export type AssociationRecord = Partial<Association> &
  Partial<AssociationDescription> &
  Located & {
    AssociationId: string;
    /** True for DescribeAssociation's full shape, false for a listed summary. */
    $detail: boolean;
  };
export type AssociationExecutionRecord = AssociationExecution & Located & { AssociationId: string; ExecutionId: string };
export type AssociationExecutionTargetRecord = AssociationExecutionTarget & Located & { AssociationId: string; ExecutionId: string };
export type AssociationExecutionKey = EntityKey<'AssociationExecution'>;

/**
 * Association execution statuses after which the execution, and its targets,
 * can no longer change: the final values of the model's AssociationStatusName
 * (`Pending` is the only other one). Compared case-insensitively.
 */
const TERMINAL = new Set(['success', 'failed']);
export const isTerminalAssociationStatus = (s: string | undefined) => !!s && TERMINAL.has(s.toLowerCase());

/** ListAssociations' filters (AssociationFilterList). */
export const ASSOCIATION_FILTER = defineFilter({
  style: 'keyValue',
  shape: 'AssociationFilter',
  members: {
    associationId: { key: 'AssociationId', type: 'ID', shape: 'AssociationId', description: 'This association (AssociationId).' },
    associationName: { key: 'AssociationName', type: 'String', shape: 'AssociationName', description: 'Associations with this name (AssociationName).' },
    name: { key: 'Name', type: 'String', shape: 'DocumentARN', description: 'The SSM document name (or ARN) the association runs.' },
    instanceId: {
      key: 'InstanceId',
      type: 'String',
      shape: 'InstanceId',
      description: 'Associations created for this managed node through the legacy InstanceId member.',
    },
    lastExecutedBefore: { key: 'LastExecutedBefore', type: 'DateTime', description: 'Associations last run before this time (LastExecutedBefore).' },
    lastExecutedAfter: { key: 'LastExecutedAfter', type: 'DateTime', description: 'Associations last run after this time (LastExecutedAfter).' },
    status: {
      key: 'AssociationStatusName',
      type: { enum: 'AssociationStatusName' },
      description: "The association's overall status (overview.status).",
    },
    resourceGroupName: {
      key: 'ResourceGroupName',
      type: 'String',
      description: 'Associations targeting this resource group (a `resource-groups:Name` target).',
    },
  },
});
export type AssociationFilter = FilterValues<typeof ASSOCIATION_FILTER>;

/**
 * DescribeAssociationExecutions' filters. SSM ORs filters that share a key, so
 * with both time bounds only `createdAfter` is sent and `createdBefore` is
 * applied to the returned pages (see `listExecutionsPage`).
 */
export const ASSOCIATION_EXECUTION_FILTER = defineFilter({
  style: 'KeyValueType',
  shape: 'AssociationExecutionFilter',
  members: {
    executionId: { key: 'ExecutionId', type: 'ID', op: 'EQUAL', shape: 'AssociationExecutionId', description: 'This execution (ExecutionId EQUAL).' },
    status: { key: 'Status', type: 'String', op: 'EQUAL', description: 'The execution status, e.g. Success, Failed, Pending, InProgress.' },
    createdAfter: { key: 'CreatedTime', type: 'DateTime', op: 'GREATER_THAN', description: 'Created after this time (to the second).' },
    createdBefore: { key: 'CreatedTime', type: 'DateTime', op: 'LESS_THAN', description: 'Created before this time (to the second).' },
  },
});
export type AssociationExecutionFilter = FilterValues<typeof ASSOCIATION_EXECUTION_FILTER>;

/** DescribeAssociationExecutionTargets' filters, one value each. */
export const ASSOCIATION_TARGET_FILTER = defineFilter({
  style: 'KeyValue',
  shape: 'AssociationExecutionTargetsFilter',
  members: {
    resourceId: { key: 'ResourceId', type: 'String', shape: 'AssociationResourceId', description: 'Targets with this resource ID, e.g. a managed node ID (ResourceId).' },
    resourceType: { key: 'ResourceType', type: 'String', shape: 'AssociationResourceType', description: 'Targets of this resource type, e.g. ManagedInstance (ResourceType).' },
    status: { key: 'Status', type: 'String', description: 'Targets whose run ended in this status, e.g. Success or Failed (Status).' },
  },
});
export type AssociationExecutionTargetFilter = FilterValues<typeof ASSOCIATION_TARGET_FILTER>;

export function createAssociationsApi(session: SsmSession) {
  const { here } = session;
  const summary = (a: Association): AssociationRecord => ({ ...a, ...here, AssociationId: a.AssociationId!, $detail: false });
  const executionRecord = (associationId: string, e: AssociationExecution): AssociationExecutionRecord => ({
    ...e,
    ...here,
    AssociationId: e.AssociationId ?? associationId,
    ExecutionId: e.ExecutionId!,
  });
  const targetRecord = (associationId: string, executionId: string, t: AssociationExecutionTarget): AssociationExecutionTargetRecord => ({
    ...t,
    ...here,
    AssociationId: t.AssociationId ?? associationId,
    ExecutionId: t.ExecutionId ?? executionId,
  });
  /** DescribeAssociation's full shape, one call per association. */
  const association = createEntityLoader<'Association', AssociationRecord>(session, {
    entity: 'Association',
    variant: 'detail',
    // An association runs again on its schedule and can be updated: never final.
    stable: () => false,
    batch: eachKey(async ({ AssociationId: id }) => {
      const out = await session.call('DescribeAssociation', { AssociationId: id });
      return { ...out.AssociationDescription!, ...here, AssociationId: id, $detail: true } as AssociationRecord;
    }),
  });

  const execution = createEntityLoader<'AssociationExecution', AssociationExecutionRecord>(session, {
    entity: 'AssociationExecution',
    stable: (e) => isTerminalAssociationStatus(e.Status),
    // One DescribeAssociationExecutions walk per execution, through its ExecutionId EQUAL filter
    // (the filter takes one value; SSM documents no batching of it). No Get for one execution:
    // the scan goes on until it is found or the listing ends, bounded by the request's call budget.
    batch: eachKey(async (k) => {
      const { found } = await findInListing(
        (token) => listExecutionsPage(k.AssociationId, { filter: { executionId: k.ExecutionId }, token }),
        [k.ExecutionId],
        (e) => e.ExecutionId!,
      );
      const e = found.get(k.ExecutionId);
      if (e) return e;
      throw new SsmError('NOT_FOUND', 'DescribeAssociationExecutions');
    }),
  });

  async function listAssociationsPage({ filter, token }: PageRequest<AssociationFilter>): Promise<Page<AssociationRecord>> {
    // Summaries do not prime `association`: it stands for the full shape.
    return session.page('ListAssociations', { AssociationFilterList: ssmFilters(ASSOCIATION_FILTER, filter) as never }, token, false, summary);
  }

  async function listExecutionsPage(associationId: string, { filter, token }: PageRequest<AssociationExecutionFilter>): Promise<Page<AssociationExecutionRecord>> {
    const sent = filter.createdAfter && filter.createdBefore ? { ...filter, createdBefore: undefined } : filter;
    const input = { AssociationId: associationId, Filters: ssmFilters(ASSOCIATION_EXECUTION_FILTER, sent) as never };
    const page = await session.page('DescribeAssociationExecutions', input, token, false, (e: AssociationExecution) => executionRecord(associationId, e), execution);
    const all = page.items;
    // The upper time bound when it could not be sent along with the lower one.
    const before = filter.createdAfter && filter.createdBefore && isoSeconds(filter.createdBefore);
    const items = before ? all.filter((e) => !!e.CreatedTime && e.CreatedTime.getTime() < Date.parse(before)) : all;
    return { ...page, items };
  }

  async function listTargetsPage(key: AssociationExecutionKey, { filter, token, stable = false }: PageRequest<AssociationExecutionTargetFilter>): Promise<Page<AssociationExecutionTargetRecord>> {
    const { AssociationId: associationId, ExecutionId: executionId } = key;
    const input = { AssociationId: associationId, ExecutionId: executionId, Filters: ssmFilters(ASSOCIATION_TARGET_FILTER, filter) as never };
    const toItem = (t: AssociationExecutionTarget) => targetRecord(associationId, executionId, t);
    return session.page('DescribeAssociationExecutionTargets', input, token, stable, toItem);
  }

  return {
    /** By-key loaders of this domain's entities (src/ssm/entities.ts). */
    entities: { Association: association, AssociationExecution: execution },
    /** DescribeAssociation's full shape; listed summaries come from `listAssociationsPage`. */
    association,
    execution,
    listAssociationsPage,
    listExecutionsPage,
    listTargetsPage,
  };
}

export type AssociationsApi = ReturnType<typeof createAssociationsApi>;
