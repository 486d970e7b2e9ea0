/**
 * State Manager associations, their executions and the executions' targets.
 */
import {
  isTerminalAssociationStatus,
  type AssociationExecutionFilter as AssociationExecutionFilterValue,
  type AssociationExecutionRecord,
  type AssociationExecutionTargetRecord,
  type AssociationFilter as AssociationFilterValue,
  type AssociationRecord,
} from '../ssm/associations.ts';
import { builder } from './builder.ts';
import { entityNode } from './entity.ts';
import { checkId, filterChecks } from './inputs.ts';
import { enumType, modelFields } from './model-fields.ts';
import { prefetchChildren } from './prefetch.ts';
import { ssmConnection } from './ssm-connection.ts';

/** DescribeAssociation, one call per association. */
export const Association = entityNode<'Association', AssociationRecord>('Association');
/** DescribeAssociationExecutions with the ExecutionId filter; free when a listed page already held it. */
export const AssociationExecution = entityNode<'AssociationExecution', AssociationExecutionRecord>('AssociationExecution');

export const AssociationExecutionTarget = builder.objectRef<AssociationExecutionTargetRecord>('AssociationExecutionTarget');

export const AssociationConnection = builder.connectionObject({ type: Association, name: 'AssociationConnection' });
export const AssociationExecutionConnection = builder.connectionObject({
  type: AssociationExecution,
  name: 'AssociationExecutionConnection',
});
export const AssociationExecutionTargetConnection = builder.connectionObject({
  type: AssociationExecutionTarget,
  name: 'AssociationExecutionTargetConnection',
});

export const AssociationFilter = builder.inputType('AssociationFilter', {
  description: "Pushed down to ListAssociations' filters (AssociationFilterList). Members are ANDed.",
  fields: (t) => ({
    associationId: t.id(),
    associationName: t.string(),
    name: t.string({ description: 'The SSM document name (or ARN) the association runs.' }),
    instanceId: t.string({ description: 'Associations created for this managed node through the legacy InstanceId member.' }),
    lastExecutedBefore: t.field({ type: 'DateTime' }),
    lastExecutedAfter: t.field({ type: 'DateTime' }),
    status: t.field({ type: enumType('AssociationStatusName'), description: "The association's overall status (overview.status)." }),
    resourceGroupName: t.string({ description: 'Associations targeting this resource group (a `resource-groups:Name` target).' }),
  }),
});

export const AssociationExecutionFilter = builder.inputType('AssociationExecutionFilter', {
  description: "Pushed down to DescribeAssociationExecutions' filters. Members are ANDed.",
  fields: (t) => ({
    executionId: t.id(),
    status: t.string({ description: 'The execution status, e.g. Success, Failed, Pending, InProgress.' }),
    createdAfter: t.field({ type: 'DateTime', description: 'Created after this time (to the second).' }),
    createdBefore: t.field({ type: 'DateTime', description: 'Created before this time (to the second).' }),
  }),
});

export const AssociationExecutionTargetFilter = builder.inputType('AssociationExecutionTargetFilter', {
  description: "Pushed down to DescribeAssociationExecutionTargets' filters. Members are ANDed.",
  fields: (t) => ({
    resourceId: t.string(),
    resourceType: t.string(),
    status: t.string(),
  }),
});

const checkAssociationFilter = filterChecks(AssociationFilter.name, { shape: 'AssociationFilter', ids: { associationId: 'AssociationId' } });
const checkExecutionFilter = filterChecks(AssociationExecutionFilter.name, {
  shape: 'AssociationExecutionFilter',
  ids: { executionId: 'AssociationExecutionId' },
});
const checkTargetFilter = filterChecks(AssociationExecutionTargetFilter.name, { shape: 'AssociationExecutionTargetsFilter' });

Association.implement({
  description: 'A State Manager association (ListAssociations / DescribeAssociation).',
  fields: (t) => ({
    ...(modelFields<AssociationRecord>(t, 'AssociationDescription', {
      sources: [
        { shape: 'AssociationDescription', detail: true, has: (a) => a.$detail, load: (a, ctx) => ctx.ssm.associations.association.load(a) },
        { shape: 'Association', has: (a) => !a.$detail },
      ],
    }) as {}),
    ...(Association.keyFields(t) as {}),
    executions: ssmConnection(t, {
      type: AssociationExecutionConnection,
      operation: 'DescribeAssociationExecutions',
      description: 'Runs of this association, newest first (DescribeAssociationExecutions).',
      args: { filter: t.arg({ type: AssociationExecutionFilter }) },
      resolve: (a: AssociationRecord, args, ctx) => {
        const filter = checkExecutionFilter(args.filter) as AssociationExecutionFilterValue;
        return {
          identity: ['associationExecutions', a.AssociationId, filter],
          fetchPage: (token) => ctx.ssm.associations.listExecutionsPage(a.AssociationId, filter, token),
        };
      },
    }),
  }),
});

AssociationExecution.implement({
  description: 'One run of a State Manager association.',
  fields: (t) => ({
    ...(modelFields<AssociationExecutionRecord>(t, 'AssociationExecution') as {}),
    ...(AssociationExecution.keyFields(t) as {}),
    association: t.field({
      type: Association,
      nullable: false,
      resolve: (e) => Association.ref(e),
    }),
    targets: ssmConnection(t, {
      type: AssociationExecutionTargetConnection,
      operation: 'DescribeAssociationExecutionTargets',
      description: 'The resources this execution ran on (DescribeAssociationExecutionTargets).',
      args: { filter: t.arg({ type: AssociationExecutionTargetFilter }) },
      resolve: (e: AssociationExecutionRecord, args, ctx) => {
        const filter = checkTargetFilter(args.filter);
        return {
          identity: ['associationExecutionTargets', e.AssociationId, e.ExecutionId, filter],
          fetchPage: (token) =>
            ctx.ssm.associations.listTargetsPage(e.AssociationId, e.ExecutionId, filter, token, isTerminalAssociationStatus(e.Status)),
        };
      },
    }),
  }),
});

AssociationExecutionTarget.implement({
  description: 'One resource an association execution ran on.',
  fields: (t) => ({
    ...(modelFields<AssociationExecutionTargetRecord>(t, 'AssociationExecutionTarget') as {}),
    associationExecution: t.field({
      type: AssociationExecution,
      nullable: false,
      resolve: (x) => AssociationExecution.ref(x),
    }),
  }),
});

builder.queryFields((t) => ({
  association: t.field({
    type: Association,
    args: { associationId: t.arg.id({ required: true }) },
    resolve: (_root, { associationId }, ctx, info) => {
      const id = checkId('associationId', 'AssociationId', String(associationId));
      // The executions' first page goes out beside DescribeAssociation (prefetch.ts).
      prefetchChildren(info, ctx, {
        executions: (args) =>
          ctx.ssm.associations.listExecutionsPage(id, checkExecutionFilter(args.filter as never) as AssociationExecutionFilterValue),
      });
      return Association.ref({ AssociationId: id });
    },
  }),
  associations: ssmConnection(t, {
    type: AssociationConnection,
    operation: 'ListAssociations',
    description: 'State Manager associations of the account (ListAssociations).',
    args: { filter: t.arg({ type: AssociationFilter }) },
    resolve: (_root: unknown, args, ctx) => {
      const filter = checkAssociationFilter(args.filter) as AssociationFilterValue;
      return { identity: ['associations', filter], fetchPage: (token) => ctx.ssm.associations.listAssociationsPage(filter, token) };
    },
  }),
}));
