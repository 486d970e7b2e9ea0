/**
 * The fields a selection set selects, as execution will resolve them: fragment
 * spreads and inline fragments expanded, `@skip`/`@include` applied on request.
 * Shared by the pre-execution checks (src/server/operation-walk.ts) and the
 * root fields' prefetch (prefetch.ts), so both see the same fields.
 */
import {
  getDirectiveValues, GraphQLIncludeDirective, GraphQLSkipDirective, isAbstractType, isObjectType, Kind,
  type FieldNode, type FragmentDefinitionNode, type GraphQLCompositeType, type GraphQLSchema, type SelectionNode,
  type SelectionSetNode,
} from 'graphql';

export interface SelectionScope {
  schema: GraphQLSchema;
  fragments: Readonly<Record<string, FragmentDefinitionNode | undefined>>;
  /** Coerced variable values. */
  variables: Readonly<Record<string, unknown>>;
  /** Leave out what `@skip`/`@include` exclude, as execution does. */
  honorSkipInclude: boolean;
}

/**
 * Each selected field with the type it is selected on. Under an object type
 * only fragments that apply to it count, and their fields are that type's
 * (validation already refused fragments that can never apply); under an
 * abstract type every fragment counts, on its own type condition.
 */
export function collectFields(
  scope: SelectionScope,
  set: SelectionSetNode,
  type: GraphQLCompositeType,
  out: [GraphQLCompositeType, FieldNode][] = [],
): [GraphQLCompositeType, FieldNode][] {
  for (const sel of set.selections) {
    if (scope.honorSkipInclude && !included(sel, scope.variables)) continue;
    if (sel.kind === Kind.FIELD) {
      out.push([type, sel]);
      continue;
    }
    const frag = sel.kind === Kind.FRAGMENT_SPREAD ? scope.fragments[sel.name.value] : sel;
    if (!frag) continue;
    const cond = frag.typeCondition ? (scope.schema.getType(frag.typeCondition.name.value) as GraphQLCompositeType | undefined) : type;
    if (!cond) continue;
    if (isObjectType(type)) {
      if (cond === type || (isAbstractType(cond) && scope.schema.isSubType(cond, type))) collectFields(scope, frag.selectionSet, type, out);
    } else collectFields(scope, frag.selectionSet, cond, out);
  }
  return out;
}

function included(sel: SelectionNode, variables: Readonly<Record<string, unknown>>): boolean {
  try {
    return getDirectiveValues(GraphQLSkipDirective, sel, variables)?.if !== true && getDirectiveValues(GraphQLIncludeDirective, sel, variables)?.if !== false;
  } catch {
    return true;
  }
}
