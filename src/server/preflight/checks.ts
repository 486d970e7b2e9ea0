/**
 * Arguments checked before execution (connections', `nodes`' IDs, the root
 * fields' location arguments: an account or region the gateway does not serve), so a bad `first`, cursor or
 * filter costs no upstream call even when the parent it sits under would have
 * to be loaded first (`maintenanceWindow(windowId:) { executions(after: "abc") }`
 * would otherwise call GetMaintenanceWindow before its resolver refused the cursor).
 * And `nodes(ids:)` takes at most MAX_NODE_IDS IDs: the Relay plugin builds that
 * field, so its bound lives here, where every operation passes.
 *
 * For every SSM connection field the operation will execute (the plan's fields
 * that `@skip`/`@include` leave in), it runs the checks its resolver runs that
 * need no data, in the resolver's order:
 *  1. the filter: the checks its input type declares (`filterChecks` in
 *     src/schema/inputs.ts), the very ones the resolver runs;
 *  2. `checkConnectionArgs`: `first`/`last` range and combinations; `last`/
 *     `before` only where the field is `reversible` (src/schema/ssm-connection.ts);
 *  3. the cursor's format, signature, expiry, direction and field: its
 *     coordinate and arguments (`CursorCodec.verify`, `fieldIdentity` in
 *     src/schema/ssm-connection.ts), so a cursor of another field, filter or
 *     order costs no call either.
 * The first failure is returned, located at the field; the resolvers keep every
 * check and stay the source of truth: only they can check the rest of a
 * cursor's connection digest, the parent's keys. A field inside a fragment on
 * another type than the one that turns up at run time is checked too.
 */
import { getNamedType, GraphQLError, isObjectType } from 'graphql';
import { createGraphQLError } from 'graphql-yoga';
import { checkConnectionArgs, type ConnectionArgs, type ConnectionLimits } from '../../schema/connection.ts';
import type { CursorCodec } from '../../schema/cursor.ts';
import { badInput } from '../../schema/errors.ts';
import { checkFilterInput } from '../../schema/inputs.ts';
import { checkLocationArgs } from '../../schema/locations.ts';
import type { LocationRegistry } from '../../ssm/locations.ts';
import type { PlannedField } from '../../schema/selections.ts';
import { fieldIdentity, ssmConnectionOf } from '../../schema/ssm-connection.ts';

export interface ArgumentCheckOptions {
  cursors: CursorCodec;
  limits: ConnectionLimits;
  /** Most IDs of one `Query.nodes(ids:)` (MAX_NODE_IDS). */
  maxNodeIds: number;
  /** The served locations, for the root fields' location arguments (`checkLocationArgs`). */
  locations?: LocationRegistry;
}

/** The first bad argument (a connection's, or `nodes`' IDs) among `fields` and below, as a located BAD_USER_INPUT error; undefined when none. */
export function checkArguments(fields: readonly PlannedField[], opts: ArgumentCheckOptions): GraphQLError | undefined {
  for (const field of fields) {
    if (field.skipped) continue;
    const refused = field.args && refusal(() => checkField(field, field.args!, opts));
    if (refused) return createGraphQLError(refused.message, { nodes: field.node, extensions: refused.extensions });
    const found = checkArguments(field.children, opts);
    if (found) return found;
  }
  return undefined;
}

const LOCATION_ARGS = ['accountId', 'region', 'accountIds', 'regions'];

function checkField(field: PlannedField, args: Record<string, unknown>, opts: ArgumentCheckOptions) {
  if (opts.locations && field.def.args.some((a) => LOCATION_ARGS.includes(a.name))) checkLocationArgs(args, opts.locations);
  const connection = ssmConnectionOf(field.def);
  if (connection) checkConnection(field, args, !!connection.reversible, opts);
  else if (isNodesField(field)) checkNodeIds(args, opts);
}

function checkConnection({ def, on }: PlannedField, args: Record<string, unknown>, reversible: boolean, { cursors, limits }: ArgumentCheckOptions) {
  const filterArg = def.args.find((a) => a.name === 'filter');
  const filter = filterArg ? checkFilterInput(getNamedType(filterArg.type).name, args.filter as object | null | undefined) : {};
  const { direction, cursor } = checkConnectionArgs(args as ConnectionArgs, limits, reversible);
  if (cursor == null) return;
  // Selected on an interface, the field's coordinate at run time is not known yet: the resolver checks it.
  const field = isObjectType(on) ? cursors.digest(fieldIdentity(`${on.name}.${def.name}`, args, filter)) : undefined;
  cursors.verify(cursor, direction, field);
}

/** The Relay plugin's `Query.nodes(ids: [ID!]!)`, the one root field that loads a list of IDs it is given. */
const isNodesField = ({ on, def }: PlannedField) => def.name === 'nodes' && isObjectType(on) && on.name === 'Query' && def.args.some((a) => a.name === 'ids');

function checkNodeIds(args: Record<string, unknown>, { maxNodeIds }: ArgumentCheckOptions) {
  const count = Array.isArray(args.ids) ? args.ids.length : 0;
  if (count > maxNodeIds) {
    throw badInput(`\`nodes\` takes at most ${maxNodeIds} IDs, not ${count}: ask in several requests.`, { argument: 'ids', max: maxNodeIds });
  }
}

/** The GraphQL error a check threw (BAD_USER_INPUT), or undefined when it passed. */
function refusal(check: () => void): GraphQLError | undefined {
  try {
    check();
    return undefined;
  } catch (e) {
    if (e instanceof GraphQLError) return e;
    throw e;
  }
}
