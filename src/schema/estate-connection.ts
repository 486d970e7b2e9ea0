/**
 * `estateConnection(t, options)`: a root list over every served location, in
 * one declaration: its SSM operation (field `extensions`, as `ssmConnection`,
 * plus `estate: true`, so the cost estimate prices one listing per location),
 * its filter, the `accountIds`/`regions` arguments, and the merge order
 * (estate-merge.ts states the connection's contract).
 */
import type { InputObjectRef, ObjectParam } from '@pothos/core';
import { pathToArray } from '@graphql-tools/utils';
import type { GraphQLResolveInfo } from 'graphql';
import type { OperationName } from '../ssm/client.ts';
import type { LocationApi } from '../ssm/index.ts';
import type { Page } from '../ssm/session.ts';
import type { Types } from './builder.ts';
import type { ConnectionArgs } from './connection.ts';
import type { SchemaContext } from './context.ts';
import { resolveEstateConnection, type MergeOrder } from './estate-merge.ts';
import type { Cleaned } from './inputs.ts';
import { listLocationArgs, listLocations } from './locations.ts';
import { FILTER_ARG, fieldIdentity, forwardArgs, type SsmConnectionExtensions } from './ssm-connection.ts';

export interface EstateConnectionOptions<T, F extends object> {
  type: ObjectParam<Types>;
  operation: OperationName;
  description: string;
  filter: InputObjectRef<Types, F> & { check: (raw: F | null | undefined) => Cleaned<F> };
  order: MergeOrder<T>;
  /** What makes the listing itself (its filter), and one page of it in one location. */
  resolve: (filter: Cleaned<F>) => { identity: unknown; fetchPage: (api: LocationApi, token: string | undefined) => Promise<Page<T>> };
}

// Pothos' field builder, typed loosely here: the options above carry the types that matter.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type FieldBuilder = any;

type Args = ConnectionArgs & { filter?: object | null; accountIds?: string[] | null; regions?: string[] | null };

export function estateConnection<T, F extends object>(t: FieldBuilder, opts: EstateConnectionOptions<T, F>) {
  const extensions: SsmConnectionExtensions & { estate: true } = { ssmOperation: opts.operation, estate: true };
  return t.field({
    type: opts.type,
    // Nullable as every connection: only a refusal of its arguments nulls it; a failing location does not.
    nullable: true,
    description: opts.description,
    args: { ...forwardArgs(t), filter: t.arg({ type: opts.filter, description: FILTER_ARG }), ...listLocationArgs(t) },
    extensions,
    resolve: async (_root: unknown, args: Args, ctx: SchemaContext, info: GraphQLResolveInfo) => {
      const filter = opts.filter.check(args.filter as F);
      const path = pathToArray(info.path);
      const { served, pending } = await listLocations(ctx, args);
      for (const home of pending) ctx.report(home, path);
      const { identity, fetchPage } = opts.resolve(filter);
      return resolveEstateConnection(ctx, args, {
        identity,
        field: fieldIdentity(`${info.parentType.name}.${info.fieldName}`, args as Record<string, unknown>, filter),
        locations: served,
        order: opts.order,
        fetchPage: (location, token) => fetchPage(ctx.ssm.at(location), token),
        report: (error) => ctx.report(error, path),
      });
    },
  });
}
