/**
 * First pages of a root field's child connections, requested up front.
 *
 * A root field such as `automationExecution(automationExecutionId:)` loads its
 * record before GraphQL resolves anything under it, so a child connection that
 * needs only the ID (its `steps`) would wait one round trip for nothing.
 * `prefetchChildren` reads the root field's selection and, for each selected
 * child connection asked from its start (no `after`/`before`), requests the
 * first page at once, beside the record's load.
 *
 * Contract: a prefetch asks for exactly the page the child's resolver will ask
 * for, through the same ssm function, so the resolver finds it in flight (the
 * session makes an identical call once per request). It never changes an
 * answer: its result is only ever read by that resolver, and its failure is
 * reported, if at all, by that resolver. It costs an extra call only when the
 * record itself turns out not to exist, and then the answer is NOT_FOUND.
 */
import { getArgumentValues, getNamedType, isObjectType, type GraphQLResolveInfo } from 'graphql';
import { collectFields } from './selections.ts';

/** The child connection's first page, from its coerced arguments. */
export type FirstPage = (args: Record<string, unknown>) => Promise<unknown>;

export function prefetchChildren(info: GraphQLResolveInfo, children: Record<string, FirstPage>): void {
  const type = getNamedType(info.returnType);
  if (!isObjectType(type)) return;
  const fields = type.getFields();
  const scope = { schema: info.schema, fragments: info.fragments, variables: info.variableValues, honorSkipInclude: true };
  for (const node of info.fieldNodes) {
    if (!node.selectionSet) continue;
    for (const [, child] of collectFields(scope, node.selectionSet, type)) {
      const first = children[child.name.value];
      const def = fields[child.name.value];
      if (!first || !def) continue;
      try {
        const args = getArgumentValues(def, child, info.variableValues);
        if (args.after != null || args.before != null || args.last != null) continue;
        // Read by the child's resolver through the session's de-duplication; never awaited here.
        first(args).catch(() => undefined);
      } catch {
        // Arguments the resolver will refuse: nothing to prefetch.
      }
    }
  }
}
