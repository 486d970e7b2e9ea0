/**
 * `useArgumentChecks`: refuses bad connection arguments before execution, so a
 * bad `first`, cursor or filter costs no upstream call even when the parent it
 * sits under would have to be loaded first (`maintenanceWindow(windowId:) {
 * executions(after: "abc") }` would otherwise call GetMaintenanceWindow before
 * its resolver refused the cursor).
 *
 * For every connection field of the operation (operation-walk.ts: variables
 * coerced, fragments expanded, @skip/@include honoured) it runs the checks its
 * resolver runs that need no data, in the resolver's order:
 *  1. the filter: the checks its input type declares (`filterChecks` in
 *     src/schema/inputs.ts), the very ones the resolver runs;
 *  2. `checkConnectionArgs`: `first`/`last` range and combinations; `last`/
 *     `before` only where the field takes `reverseOrder` (the connections SSM
 *     can list in reverse: steps, childSteps);
 *  3. the cursor's format, signature, expiry and direction (`CursorCodec.verify`).
 * The first failure is the whole answer: `{ errors: [it] }` with the code and
 * reason the resolver would give (BAD_USER_INPUT), located at the field, no
 * `data` (HTTP 400 for application/graphql-response+json, 200 for
 * application/json, as for QUERY_TOO_EXPENSIVE), and no execution.
 *
 * The resolvers keep every check and stay the source of truth; only they can
 * check a cursor's connection digest, which needs the parent's keys. A field
 * inside a fragment on another type than the one that turns up at run time is
 * checked too: bad arguments are refused wherever they are written.
 */
import { getNamedType, GraphQLError, type DocumentNode, type GraphQLCompositeType, type GraphQLSchema, type SelectionSetNode } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { checkConnectionArgs, type ConnectionArgs, type ConnectionLimits } from '../schema/connection.ts';
import type { CursorCodec } from '../schema/cursor.ts';
import { checkFilterInput } from '../schema/inputs.ts';
import { isConnection, walkOperation, type WalkField } from './operation-walk.ts';

export interface ArgumentCheckOptions {
  cursors: CursorCodec;
  limits: ConnectionLimits;
}

/** The first bad connection argument of the operation, as a located BAD_USER_INPUT error; undefined when none. */
export function checkArguments(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  opts: ArgumentCheckOptions,
): GraphQLError | undefined {
  const op = walkOperation(schema, document, operationName, variables, { honorSkipInclude: true });
  if (!op) return undefined;
  const visit = (set: SelectionSetNode, type: GraphQLCompositeType): GraphQLError | undefined => {
    for (const field of op.fields(set, type)) {
      if (field.args && isConnection(field.type)) {
        const refused = refusal(() => checkConnection(field, field.args!, opts));
        if (refused) return createGraphQLError(refused.message, { nodes: field.node, extensions: refused.extensions });
      }
      const found = field.node.selectionSet && visit(field.node.selectionSet, field.type as GraphQLCompositeType);
      if (found) return found;
    }
    return undefined;
  };
  return visit(op.selectionSet, op.root);
}

function checkConnection({ def }: WalkField, args: Record<string, unknown>, { cursors, limits }: ArgumentCheckOptions) {
  const filterArg = def.args.find((a) => a.name === 'filter');
  if (filterArg) checkFilterInput(getNamedType(filterArg.type).name, args.filter as object | null | undefined);
  const reversible = def.args.some((a) => a.name === 'reverseOrder');
  const { direction, cursor } = checkConnectionArgs(args as ConnectionArgs, limits, reversible);
  if (cursor != null) cursors.verify(cursor, direction);
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

export function useArgumentChecks(opts: ArgumentCheckOptions): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const refused = checkArguments(args.schema, args.document, args.operationName, args.variableValues, opts);
      if (!refused) return;
      const extensions = { ...refused.extensions, http: { status: 400, spec: true } };
      setResultAndStopExecution({ errors: [createGraphQLError(refused.message, { nodes: refused.nodes, extensions })] });
    },
  };
}
