/**
 * `ssmConnection(t, options)`: declares a connection field over one SSM
 * paginated operation, in one place.
 *
 * The facts the pre-execution analysis needs live on the field itself, in
 * `extensions`: `ssmOperation` (the operation that pages it; its page size is
 * the model's largest MaxResults, see src/ssm/model.ts) and `reversible` (SSM
 * can list it in reverse, so `last`/`before` are served). Only a reversible
 * connection has the `last`/`before` arguments: SSM lists the others forward
 * only, so the schema offers them `first`/`after` alone. The resolver returns
 * the connection's spec (its identity and how to fetch a page), or null where
 * the field is nullable and does not apply; the adapter (connection.ts) does
 * the paging.
 */
import type { InputFieldMap, InputObjectRef, InputShapeFromFields, ObjectParam } from '@pothos/core';
import { pathToArray } from '@graphql-tools/utils';
import type { GraphQLResolveInfo } from 'graphql';
import { builder, type Types } from './builder.ts';
import type { OperationName } from '../ssm/client.ts';
import type { SchemaContext } from './context.ts';
import { fullFirstPage, tokenConnection, type ConnectionArgs, type TokenConnectionSpec } from './connection.ts';
import type { Cleaned } from './inputs.ts';

/** What the pre-execution analysis reads from a connection field's `extensions`. */
export interface SsmConnectionExtensions {
  ssmOperation: OperationName;
  reversible?: true;
}

export interface SsmConnectionOptions<P, T, Args extends InputFieldMap, Nullable extends boolean, F extends object> {
  type: ObjectParam<Types>;
  operation: OperationName;
  /** SSM lists it in reverse (ReverseOrder): the field takes `last`/`before` too. */
  reversible?: boolean;
  description?: string;
  /**
   * Connections are nullable (the default): a page that fails nulls this
   * connection alone, with its error, and its parent and siblings keep their
   * data (README, Errors). Kept as an option for the record.
   */
  nullable?: Nullable;
  /** The `filter` argument's input type (src/schema/inputs.ts `filterInput`); the resolver gets it checked. */
  filter?: InputObjectRef<Types, F> & { check: (raw: F | null | undefined) => Cleaned<F> };
  /** Arguments beside `first`/`after`/`last`/`before` and `filter`. */
  args?: Args;
  resolve: (
    parent: P,
    args: InputShapeFromFields<Args> & ConnectionArgs,
    ctx: SchemaContext,
    filter: Cleaned<F>,
  ) => Omit<TokenConnectionSpec<T>, 'reversible'> | (Nullable extends true ? null : never);
}

// Pothos' field builder, typed loosely here: the options above carry the types that matter.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type FieldBuilder = any;

export function ssmConnection<P, T, Args extends InputFieldMap = {}, Nullable extends boolean = true, F extends object = {}>(
  t: FieldBuilder,
  opts: SsmConnectionOptions<P, T, Args, Nullable, F>,
) {
  const extensions: SsmConnectionExtensions = { ssmOperation: opts.operation, ...(opts.reversible ? { reversible: true } : {}) };
  const paging = opts.reversible ? t.arg.connectionArgs() : forwardArgs(t);
  return t.field({
    type: opts.type,
    nullable: opts.nullable ?? true,
    description: opts.description,
    args: { ...paging, ...(opts.filter ? { filter: t.arg({ type: opts.filter, description: FILTER_ARG }) } : {}), ...opts.args },
    extensions,
    resolve: (parent: P, args: InputShapeFromFields<Args> & ConnectionArgs & { filter?: F | null }, ctx: SchemaContext, info: GraphQLResolveInfo) => {
      const filter = opts.filter ? opts.filter.check(args.filter) : ({} as Cleaned<F>);
      const spec = opts.resolve(parent, args, ctx, filter);
      if (!spec) return spec;
      const field = fieldIdentity(`${info.parentType.name}.${info.fieldName}`, args, filter);
      const report = (error: unknown) => ctx.report(error, pathToArray(info.path));
      return tokenConnection(ctx, args, { ...spec, fullFirstPage: fullFirstPage(filter, ctx), reversible: !!opts.reversible, field, report });
    },
  });
}

export const FILTER_ARG = 'Conditions pushed down to SSM (never applied after fetching everything); see the input type.';

/** `first` and `after`: the page arguments of a connection SSM lists forward only. */
export function forwardArgs(t: FieldBuilder) {
  const { first, after } = t.arg.connectionArgs();
  return { first, after };
}

/**
 * What a connection's cursors are bound to that is known before execution:
 * the field's coordinate (`Type.field`) and its arguments other than the page
 * ones, with the filter as its checks leave it (`filter`; `{}` without one).
 * The resolver and the pre-execution checks (src/server/preflight/checks.ts)
 * both build it here, from the same coerced arguments.
 */
export function fieldIdentity(coordinate: string, args: Record<string, unknown>, filter: unknown): unknown {
  const { first: _first, last: _last, after: _after, before: _before, filter: _raw, ...rest } = args;
  return [coordinate, filter, rest];
}

/** The Relay connection type of `node` (`<Node>Connection`). */
export function connectionOf(node: ObjectParam<Types> & { name: string }) {
  return builder.connectionObject(
    { type: node as never, name: `${node.name}Connection`, description: `A page of ${node.name} items (Relay), over SSM's NextToken pages.` },
    { description: `One ${node.name} of a page, with its cursor.` },
  );
}

/** The connection facts a field declares, if it is an SSM connection. */
export function ssmConnectionOf(field: { extensions?: Record<string, unknown> | null }): SsmConnectionExtensions | undefined {
  const ext = field.extensions as Partial<SsmConnectionExtensions> | null | undefined;
  return ext?.ssmOperation ? (ext as SsmConnectionExtensions) : undefined;
}
