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
import { isoSeconds } from './filters.ts';
import type { Page, SsmSession } from './session.ts';

export type AssociationRecord = Partial<Association> &
  Partial<AssociationDescription> & {
    AssociationId: string;
    /** True for DescribeAssociation's full shape, false for a listed summary. */
    $detail: boolean;
  };
export type AssociationExecutionRecord = AssociationExecution & { AssociationId: string; ExecutionId: string };
export type AssociationExecutionTargetRecord = AssociationExecutionTarget & { AssociationId: string; ExecutionId: string };
export type AssociationExecutionKey = EntityKey<'AssociationExecution'>;

/**
 * Association execution statuses after which the execution, and its targets,
 * can no longer change: the final values of the model's AssociationStatusName
 * (`Pending` is the only other one). Compared case-insensitively.
 */
const TERMINAL = new Set(['success', 'failed']);
export const isTerminalAssociationStatus = (s: string | undefined) => !!s && TERMINAL.has(s.toLowerCase());

export interface AssociationFilter {
  associationId?: string;
  associationName?: string;
  /** The document name (or ARN). */
  name?: string;
  instanceId?: string;
  lastExecutedBefore?: Date;
  lastExecutedAfter?: Date;
  /** The association's overall status (Overview.Status): Pending, Success or Failed. */
  status?: string;
  resourceGroupName?: string;
}

export interface AssociationExecutionFilter {
  executionId?: string;
  status?: string;
  createdAfter?: Date;
  createdBefore?: Date;
}

export interface AssociationExecutionTargetFilter {
  status?: string;
  resourceId?: string;
  resourceType?: string;
}

/** ListAssociations' lowercase `{ key, value }` filters, one value each; undefined when none. */
function associationFilters(f: AssociationFilter = {}) {
  return nonEmpty(
    (
      [
        ['AssociationId', f.associationId],
        ['AssociationName', f.associationName],
        ['Name', f.name],
        ['InstanceId', f.instanceId],
        ['LastExecutedBefore', f.lastExecutedBefore && isoSeconds(f.lastExecutedBefore)],
        ['LastExecutedAfter', f.lastExecutedAfter && isoSeconds(f.lastExecutedAfter)],
        ['AssociationStatusName', f.status],
        ['ResourceGroupName', f.resourceGroupName],
      ] as const
    ).flatMap(([key, value]) => (value === undefined ? [] : [{ key, value }])),
  );
}

/**
 * DescribeAssociationExecutions' `{ Key, Value, Type }` filters. SSM ORs
 * filters that share a key, so with both time bounds only `createdAfter` is sent
 * and `createdBefore` is applied to the returned pages (see `listExecutionsPage`).
 */
function executionFilters(f: AssociationExecutionFilter = {}) {
  type Filter = { Key: 'ExecutionId' | 'Status' | 'CreatedTime'; Value: string; Type: 'EQUAL' | 'LESS_THAN' | 'GREATER_THAN' };
  const filters: Filter[] = [];
  if (f.executionId !== undefined) filters.push({ Key: 'ExecutionId', Value: f.executionId, Type: 'EQUAL' });
  if (f.status !== undefined) filters.push({ Key: 'Status', Value: f.status, Type: 'EQUAL' });
  if (f.createdAfter) filters.push({ Key: 'CreatedTime', Value: isoSeconds(f.createdAfter), Type: 'GREATER_THAN' });
  else if (f.createdBefore) filters.push({ Key: 'CreatedTime', Value: isoSeconds(f.createdBefore), Type: 'LESS_THAN' });
  return nonEmpty(filters);
}

/** DescribeAssociationExecutionTargets' `{ Key, Value }` filters, one value each. */
function targetFilters(f: AssociationExecutionTargetFilter = {}) {
  return nonEmpty(
    (
      [
        ['Status', f.status],
        ['ResourceId', f.resourceId],
        ['ResourceType', f.resourceType],
      ] as const
    ).flatMap(([Key, Value]) => (Value === undefined ? [] : [{ Key, Value }])),
  );
}

const nonEmpty = <T>(list: T[]) => (list.length ? list : undefined);

const summary = (a: Association): AssociationRecord => ({ ...a, AssociationId: a.AssociationId!, $detail: false });
const executionRecord = (associationId: string, e: AssociationExecution): AssociationExecutionRecord => ({
  ...e,
  AssociationId: e.AssociationId ?? associationId,
  ExecutionId: e.ExecutionId!,
});
const targetRecord = (associationId: string, executionId: string, t: AssociationExecutionTarget): AssociationExecutionTargetRecord => ({
  ...t,
  AssociationId: t.AssociationId ?? associationId,
  ExecutionId: t.ExecutionId ?? executionId,
});

export function createAssociationsApi(session: SsmSession) {
  /** DescribeAssociation's full shape, one call per association. */
  const association = createEntityLoader<'Association', AssociationRecord>(session, {
    entity: 'Association',
    variant: 'detail',
    // An association runs again on its schedule and can be updated: never final.
    stable: () => false,
    batch: eachKey(async ({ AssociationId: id }) => {
      const out = await session.call('DescribeAssociation', { AssociationId: id });
      return { ...out.AssociationDescription!, AssociationId: id, $detail: true } as AssociationRecord;
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
        (t) => listExecutionsPage(k.AssociationId, { executionId: k.ExecutionId }, t),
        [k.ExecutionId],
        (e) => e.ExecutionId!,
      );
      const e = found.get(k.ExecutionId);
      if (e) return e;
      throw new SsmError('NOT_FOUND', 'DescribeAssociationExecutions');
    }),
  });

  async function listAssociationsPage(filter: AssociationFilter, token?: string): Promise<Page<AssociationRecord>> {
    // Summaries do not prime `association`: it stands for the full shape.
    return session.page<'ListAssociations', Association, AssociationRecord>(
      'ListAssociations',
      { AssociationFilterList: associationFilters(filter) as never },
      token,
      false,
      summary,
    );
  }

  async function listExecutionsPage(
    associationId: string,
    filter: AssociationExecutionFilter,
    token?: string,
  ): Promise<Page<AssociationExecutionRecord>> {
    const page = await session.page<'DescribeAssociationExecutions', AssociationExecution, AssociationExecutionRecord>(
      'DescribeAssociationExecutions',
      { AssociationId: associationId, Filters: executionFilters(filter) as never },
      token,
      false,
      (e) => executionRecord(associationId, e),
    );
    const all = page.items;
    execution.primePage(all, page.fresh);
    // The upper time bound when it could not be sent along with the lower one.
    const before = filter.createdAfter && filter.createdBefore && isoSeconds(filter.createdBefore);
    const items = before ? all.filter((e) => !!e.CreatedTime && e.CreatedTime.getTime() < Date.parse(before)) : all;
    return { ...page, items };
  }

  async function listTargetsPage(
    associationId: string,
    executionId: string,
    filter: AssociationExecutionTargetFilter,
    token: string | undefined,
    parentTerminal: boolean | Promise<boolean>,
  ): Promise<Page<AssociationExecutionTargetRecord>> {
    return session.page<'DescribeAssociationExecutionTargets', AssociationExecutionTarget, AssociationExecutionTargetRecord>(
      'DescribeAssociationExecutionTargets',
      { AssociationId: associationId, ExecutionId: executionId, Filters: targetFilters(filter) as never },
      token,
      parentTerminal,
      (t) => targetRecord(associationId, executionId, t),
    );
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
