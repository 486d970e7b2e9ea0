/**
 * State Manager associations, their executions and the executions' targets.
 */
import {
  ASSOCIATION_EXECUTION_FILTER,
  ASSOCIATION_FILTER,
  ASSOCIATION_TARGET_FILTER,
  isTerminalAssociationStatus,
  type AssociationExecutionFilter as AssociationExecutionFilterValue,
  type AssociationExecutionRecord,
  type AssociationExecutionTargetRecord,
  type AssociationFilter as AssociationFilterValue,
  type AssociationRecord,
} from '../ssm/associations.ts';
import { builder } from './builder.ts';
import { entityNode } from './entity.ts';
import { checkId, filterInput } from './inputs.ts';
import { enumType, modelFields } from './model-fields.ts';
import { prefetchChildren } from './prefetch.ts';
import { connectionOf, ssmConnection } from './ssm-connection.ts';
import { estateConnection } from './estate-connection.ts';
import { recordLocation, recordLocationArgs } from './locations.ts';

/** DescribeAssociation, one call per association. */
export const Association = entityNode<'Association', AssociationRecord>('Association');
/** DescribeAssociationExecutions with the ExecutionId filter; free when a listed page already held it. */
export const AssociationExecution = entityNode<'AssociationExecution', AssociationExecutionRecord>('AssociationExecution');

export const AssociationExecutionTarget = builder.objectRef<AssociationExecutionTargetRecord>('AssociationExecutionTarget');

export const AssociationConnection = connectionOf(Association);
export const AssociationExecutionConnection = connectionOf(AssociationExecution);
export const AssociationExecutionTargetConnection = connectionOf(AssociationExecutionTarget);

export const AssociationFilter = filterInput('AssociationFilter', ASSOCIATION_FILTER, "Pushed down to ListAssociations' filters (AssociationFilterList). Members are ANDed.");

export const AssociationExecutionFilter = filterInput('AssociationExecutionFilter', ASSOCIATION_EXECUTION_FILTER, "Pushed down to DescribeAssociationExecutions' filters. Members are ANDed.");

export const AssociationExecutionTargetFilter = filterInput('AssociationExecutionTargetFilter', ASSOCIATION_TARGET_FILTER, "Pushed down to DescribeAssociationExecutionTargets' filters. Members are ANDed.");

Association.implement({
  description: 'A State Manager association (ListAssociations / DescribeAssociation).',
  fields: (t) => ({
    ...Association.modelFields(t, {
      sources: [
        { shape: 'AssociationDescription', detail: true, has: (a) => a.$detail, load: (a, ctx) => ctx.ssm.of(a).associations.association.load(a) },
        { shape: 'Association', has: (a) => !a.$detail },
      ],
    }),
    executions: ssmConnection(t, {
      type: AssociationExecutionConnection,
      operation: 'DescribeAssociationExecutions',
      description: 'Runs of this association, newest first (DescribeAssociationExecutions).',
      filter: AssociationExecutionFilter,
      resolve: (a: AssociationRecord, _args, ctx, filter) => ({
        identity: ['associationExecutions', a.AssociationId, filter],
        fetchPage: (token) => ctx.ssm.of(a).associations.listExecutionsPage(a.AssociationId, { filter, token }),
      }),
    }),
  }),
});

AssociationExecution.implement({
  description: 'One run of a State Manager association.',
  fields: (t) => ({
    ...AssociationExecution.modelFields(t),
    association: t.field({
      type: Association,
      description: 'The association this execution ran (DescribeAssociation; null with its error when that call fails).',
      resolve: (e) => Association.ref(e),
    }),
    targets: ssmConnection(t, {
      type: AssociationExecutionTargetConnection,
      operation: 'DescribeAssociationExecutionTargets',
      description: 'The resources this execution ran on (DescribeAssociationExecutionTargets).',
      filter: AssociationExecutionTargetFilter,
      resolve: (e: AssociationExecutionRecord, _args, ctx, filter) => ({
        identity: ['associationExecutionTargets', e.AssociationId, e.ExecutionId, filter],
        fetchPage: (token) =>
          ctx.ssm.of(e).associations.listTargetsPage(e, { filter, token, stable: isTerminalAssociationStatus(e.Status) }),
      }),
    }),
  }),
});

AssociationExecutionTarget.implement({
  description: 'One resource an association execution ran on.',
  fields: (t) => ({
    ...(modelFields<AssociationExecutionTargetRecord>(t, 'AssociationExecutionTarget') as {}),
    associationExecution: t.field({
      type: AssociationExecution,
      description: 'The association execution this target ran in (free when it was listed; null with its error when its lookup fails).',
      resolve: (x) => AssociationExecution.ref(x),
    }),
  }),
});

builder.queryFields((t) => ({
  association: t.field({
    type: Association,
    description: 'A State Manager association by ID (DescribeAssociation), in the home location unless `accountId`/`region` say otherwise.',
    args: { associationId: t.arg.id({ required: true, description: 'The association ID (a UUID).' }), ...recordLocationArgs(t) },
    resolve: async (_root, args, ctx, info) => {
      const id = checkId('associationId', 'AssociationId', String(args.associationId));
      const api = await recordLocation(ctx, args);
      // The executions' first page goes out beside DescribeAssociation (prefetch.ts).
      prefetchChildren(info, ctx, {
        executions: (a) => api.associations.listExecutionsPage(id, { filter: AssociationExecutionFilter.check(a.filter as never) }),
      });
      return Association.ref({ ...api.session.here, AssociationId: id });
    },
  }),
  associations: estateConnection(t, {
    type: AssociationConnection,
    operation: 'ListAssociations',
    description:
      "State Manager associations of every served location (or those `accountIds`/`regions` select), one location's association after another's in turn, each location in SSM's order (ListAssociations).",
    filter: AssociationFilter,
    order: { by: 'interleave' },
    resolve: (filter) => ({ identity: ['associations', filter], fetchPage: (api, token) => api.associations.listAssociationsPage({ filter, token }) }),
  }),
}));
