/**
 * First pages of a root field's child connections, requested up front.
 *
 * A root field such as `automationExecution(automationExecutionId:)` loads its
 * record before GraphQL resolves anything under it, so a child connection that
 * needs only the ID (its `steps`) would wait one round trip for nothing.
 * `prefetchChildren` reads the root field's selection and, for each selected
 * child connection asked from its start (no `after`/`before`), requests the
 * first page at once (`firstPageAt`, the page the connection starts with),
 * beside the record's load.
 *
 * Contract: a prefetch asks for exactly the page the child's resolver will ask
 * for, through the same ssm function, so the resolver finds it in flight (the
 * session makes an identical call once per request). It never changes an
 * answer: its result is only ever read by that resolver, and its failure is
 * reported, if at all, by that resolver. It costs an extra call only when the
 * record itself turns out not to exist, and then the answer is NOT_FOUND.
 */
import { getNamedType, isObjectType, type GraphQLResolveInfo } from 'graphql';
import type { SchemaContext } from './context.ts';
import { firstPageAt, fullFirstPage } from './connection.ts';
import { planSelection, type PlannedField } from './selections.ts';
import type { PageAt } from '../ssm/session.ts';

/** The child connection's first page `at`, from its coerced arguments. */
export type FirstPage = (args: Record<string, unknown>, at: PageAt) => Promise<unknown>;

export function prefetchChildren(info: GraphQLResolveInfo, ctx: SchemaContext, children: Record<string, FirstPage>): void {
  for (const child of selectedChildren(info, ctx)) {
    const first = children[child.def.name];
    const args = child.args;
    if (!first || !args || child.skipped) continue;
    if (args.after != null || args.before != null || args.last != null) continue;
    // Read by the child's resolver through the session's de-duplication; never awaited here.
    const count = typeof args.first === 'number' ? args.first : ctx.limits.defaultFirst;
    first(args, firstPageAt(count, fullFirstPage(args.filter, ctx))).catch(() => undefined);
  }
}

/** The fields selected under the current field: from the operation's plan, else planned here. */
function selectedChildren(info: GraphQLResolveInfo, ctx: SchemaContext): readonly PlannedField[] {
  const planned = info.fieldNodes.length === 1 ? ctx.preflight?.plan.fieldOf(info.fieldNodes[0]) : undefined;
  if (planned) return planned.children;
  const type = getNamedType(info.returnType);
  if (!isObjectType(type)) return [];
  const sets = info.fieldNodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
  return planSelection({ schema: info.schema, fragments: info.fragments, variables: info.variableValues }, sets, type).fields;
}
