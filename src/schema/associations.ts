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
import { matchesShape } from '../ssm/model.ts';
import { builder } from './builder.ts';
import { tokenConnection } from './connection.ts';
import type { SchemaContext } from './context.ts';
import { parseKey } from './global-id.ts';
import { checkId, filterChecks } from './inputs.ts';
import { enumType, keyField, modelFields } from './model-fields.ts';
import { prefetchChildren } from './prefetch.ts';

const isAssociationId = (v: string) => matchesShape('AssociationId', v);
const isExecutionId = (v: string) => matchesShape('AssociationExecutionId', v);

export const Association = builder.loadableNodeRef<AssociationRecord, string, string>('Association', {
  id: {
    resolve: (a) => a.AssociationId,
    parse: (id) => parseKey('Association', id, [['associationId', isAssociationId]])[0],
  },
  // DescribeAssociation, one call per association.
  load: (ids, ctx) => ctx.ssm.associations.association.loadMany(ids),
});

export const AssociationExecution = builder.loadableNodeRef<AssociationExecutionRecord, string, string>(
  'AssociationExecution',
  {
    id: {
      resolve: (e) => `${e.AssociationId}/${e.ExecutionId}`,
      parse: (id) => {
        parseKey('AssociationExecution', id, [
          ['associationId', isAssociationId],
          ['executionId', isExecutionId],
        ]);
        return id;
      },
    },
    // DescribeAssociationExecutions with the ExecutionId filter; free when a listed page already held it.
    load: (ids, ctx) =>
      ctx.ssm.associations.execution.loadMany(
        ids.map((id) => {
          const [associationId, executionId] = id.split('/');
          return { associationId, executionId };
        }),
      ),
  },
);

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
        { shape: 'AssociationDescription', has: (a) => a.$detail, load: (a, ctx) => detail(a, ctx) },
        { shape: 'Association', has: (a) => !a.$detail },
      ],
    }) as {}),
    associationId: keyField(t, 'AssociationDescription', 'AssociationId') as never,
    executions: t.field({
      type: AssociationExecutionConnection,
      nullable: false,
      description: 'Runs of this association, newest first (DescribeAssociationExecutions).',
      args: { ...t.arg.connectionArgs(), filter: t.arg({ type: AssociationExecutionFilter }) },
      resolve: (a, args, ctx) => {
        const filter = checkExecutionFilter(args.filter) as AssociationExecutionFilterValue;
        return tokenConnection(ctx, args, {
          identity: ['associationExecutions', a.AssociationId, filter],
          fetchPage: (token) => ctx.ssm.associations.listExecutionsPage(a.AssociationId, filter, token),
        });
      },
    }),
  }),
});

AssociationExecution.implement({
  description: 'One run of a State Manager association.',
  fields: (t) => ({
    ...(modelFields<AssociationExecutionRecord>(t, 'AssociationExecution') as {}),
    associationId: keyField(t, 'AssociationExecution', 'AssociationId') as never,
    executionId: keyField(t, 'AssociationExecution', 'ExecutionId') as never,
    association: t.field({
      type: Association,
      nullable: false,
      resolve: (e) => e.AssociationId,
    }),
    targets: t.field({
      type: AssociationExecutionTargetConnection,
      nullable: false,
      description: 'The resources this execution ran on (DescribeAssociationExecutionTargets).',
      args: { ...t.arg.connectionArgs(), filter: t.arg({ type: AssociationExecutionTargetFilter }) },
      resolve: (e, args, ctx) => {
        const filter = checkTargetFilter(args.filter);
        return tokenConnection(ctx, args, {
          identity: ['associationExecutionTargets', e.AssociationId, e.ExecutionId, filter],
          fetchPage: (token) =>
            ctx.ssm.associations.listTargetsPage(e.AssociationId, e.ExecutionId, filter, token, isTerminalAssociationStatus(e.Status)),
        });
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
      resolve: (x) => `${x.AssociationId}/${x.ExecutionId}`,
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
      prefetchChildren(info, {
        executions: (args) =>
          ctx.ssm.associations.listExecutionsPage(id, checkExecutionFilter(args.filter as never) as AssociationExecutionFilterValue),
      });
      return id;
    },
  }),
  associations: t.field({
    type: AssociationConnection,
    nullable: false,
    description: 'State Manager associations of the account (ListAssociations).',
    args: { ...t.arg.connectionArgs(), filter: t.arg({ type: AssociationFilter }) },
    resolve: (_root, args, ctx) => {
      const filter = checkAssociationFilter(args.filter) as AssociationFilterValue;
      return tokenConnection(ctx, args, {
        identity: ['associations', filter],
        fetchPage: (token) => ctx.ssm.associations.listAssociationsPage(filter, token),
      });
    },
  }),
}));


const detail = (a: AssociationRecord, ctx: SchemaContext) =>
  ctx.ssm.associations.association.load(a.AssociationId) as Promise<Record<string, unknown>>;
