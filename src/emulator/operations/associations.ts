/**
 * State Manager associations: ListAssociations, DescribeAssociation,
 * DescribeAssociationExecutions, DescribeAssociationExecutionTargets.
 *
 * Filter semantics (values of one key OR-ed, keys AND-ed):
 * - ListAssociations `key`/`value`: AssociationId, AssociationName, Name,
 *   InstanceId (legacy InstanceId member only, as documented), AssociationStatusName
 *   (Overview.Status), LastExecutedBefore (< value) / LastExecutedAfter (>= value)
 *   on LastExecutionDate, ResourceGroupName (a `resource-groups:Name` target).
 * - AssociationExecutionFilter: ExecutionId and Status with EQUAL only;
 *   CreatedTime with EQUAL (same second), LESS_THAN, GREATER_THAN.
 * - AssociationExecutionTargetsFilter: Status, ResourceId, ResourceType (equality).
 * Unknown parents answer AssociationDoesNotExist / AssociationExecutionDoesNotExist.
 */
import type { AssociationDescription, AssociationExecution, AssociationExecutionTarget } from '@aws-sdk/client-ssm';
import { ServiceError, invalidFilterValue } from '../errors.ts';
import { epochMs } from '../serialize.ts';
import { compositeKey } from '../store.ts';
import { EMPTY, allOf, filterTime, groupFilters, type Handler, type Predicate } from './handler.ts';

const ListAssociations: Handler = (input, { store, pager }) => {
  const op = 'ListAssociations';
  const groups = groupFilters(input.AssociationFilterList as { key: string; value: string }[] | undefined, (f) => f.key, (f) => [f.value]);
  const preds: Predicate<AssociationDescription>[] = [];
  for (const [key, values] of groups) {
    switch (key) {
      case 'AssociationId':
      case 'AssociationName':
      case 'Name':
      case 'InstanceId': {
        const set = new Set(values);
        preds.push((a) => set.has(String(a[key] ?? '')));
        break;
      }
      case 'AssociationStatusName': {
        const set = new Set(values);
        preds.push((a) => set.has(String(a.Overview?.Status ?? '')));
        break;
      }
      case 'LastExecutedBefore': {
        const ts = values.map((v) => filterTime(op, key, v));
        preds.push((a) => ts.some((t) => epochMs(a.LastExecutionDate) < t));
        break;
      }
      case 'LastExecutedAfter': {
        const ts = values.map((v) => filterTime(op, key, v));
        preds.push((a) => ts.some((t) => epochMs(a.LastExecutionDate) >= t));
        break;
      }
      case 'ResourceGroupName': {
        const set = new Set(values);
        preds.push((a) => (a.Targets ?? []).some((t) => t.Key === 'resource-groups:Name' && (t.Values ?? []).some((v) => set.has(v))));
        break;
      }
    }
  }
  const page = pager.page(op, input, store.associations, allOf(preds));
  return { Associations: page.items, NextToken: page.nextToken };
};

const DescribeAssociation: Handler = (input, { store }) => {
  let found: AssociationDescription | undefined;
  if (input.AssociationId) {
    found = store.associationById.get(input.AssociationId);
  } else if (input.Name && input.InstanceId) {
    found = store.associations.find((a) => a.Name === input.Name && a.InstanceId === input.InstanceId);
  } else {
    throw new ServiceError('ValidationException', 'Either AssociationId, or Name and InstanceId, must be specified.');
  }
  if (!found) throw new ServiceError('AssociationDoesNotExist', 'The specified association does not exist.');
  const v = input.AssociationVersion as string | undefined;
  if (v && v !== '$LATEST' && v !== found.AssociationVersion) {
    throw new ServiceError('InvalidAssociationVersion', `Association version ${v} does not exist.`);
  }
  return { AssociationDescription: found };
};

function requireAssociation(store: OpStore, id: string): void {
  if (!store.associationById.has(id)) {
    throw new ServiceError('AssociationDoesNotExist', `Association ${id} does not exist.`);
  }
}
type OpStore = Parameters<Handler>[1]['store'];

const DescribeAssociationExecutions: Handler = (input, { store, pager }) => {
  const op = 'DescribeAssociationExecutions';
  const id = input.AssociationId as string;
  requireAssociation(store, id);
  type F = { Key: string; Value: string; Type: string };
  const byKey = new Map<string, Predicate<AssociationExecution>[]>();
  for (const f of (input.Filters ?? []) as F[]) {
    let p: Predicate<AssociationExecution>;
    if (f.Key === 'CreatedTime') {
      const t = filterTime(op, f.Key, f.Value);
      p =
        f.Type === 'EQUAL'
          ? (e) => Math.floor(epochMs(e.CreatedTime) / 1000) === Math.floor(t / 1000)
          : f.Type === 'LESS_THAN'
            ? (e) => epochMs(e.CreatedTime) < t
            : (e) => epochMs(e.CreatedTime) > t;
    } else {
      if (f.Type !== 'EQUAL') throw invalidFilterValue(op, f.Key, f.Type, 'supports only the EQUAL type');
      const field = f.Key as 'ExecutionId' | 'Status';
      p = (e) => e[field] === f.Value;
    }
    byKey.set(f.Key, [...(byKey.get(f.Key) ?? []), p]);
  }
  const preds = [...byKey.values()].map((ps) => (e: AssociationExecution) => ps.some((p) => p(e)));
  const page = pager.page(op, input, store.executionsByAssociation.get(id) ?? EMPTY, allOf(preds));
  return { AssociationExecutions: page.items, NextToken: page.nextToken };
};

const DescribeAssociationExecutionTargets: Handler = (input, { store, pager }) => {
  const op = 'DescribeAssociationExecutionTargets';
  const id = input.AssociationId as string;
  requireAssociation(store, id);
  const key = compositeKey(id, input.ExecutionId);
  if (!store.associationExecutionById.has(key)) {
    throw new ServiceError('AssociationExecutionDoesNotExist', `Execution ${input.ExecutionId} of association ${id} does not exist.`);
  }
  const groups = groupFilters(input.Filters as { Key: string; Value: string }[] | undefined, (f) => f.Key, (f) => [f.Value]);
  const preds: Predicate<AssociationExecutionTarget>[] = [...groups].map(([k, values]) => {
    const set = new Set(values);
    const field = k as 'Status' | 'ResourceId' | 'ResourceType';
    return (t) => set.has(String(t[field] ?? ''));
  });
  const page = pager.page(op, input, store.targetsByExecution.get(key) ?? EMPTY, allOf(preds));
  return { AssociationExecutionTargets: page.items, NextToken: page.nextToken };
};

export const associationHandlers: Record<string, Handler> = {
  ListAssociations,
  DescribeAssociation,
  DescribeAssociationExecutions,
  DescribeAssociationExecutionTargets,
};
