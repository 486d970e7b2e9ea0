/**
 * The operation as execution will see it, for the checks that run before it
 * (cost-estimate.ts, argument-checks.ts): variables coerced, fragments
 * expanded, and each field with its definition and coerced arguments.
 *
 * Contract: `walkOperation` returns undefined when the operation cannot execute
 * (no such operation, variables that do not coerce), and a field's `args` is
 * undefined when they do not coerce: execution reports both itself, before any
 * upstream call, so the checks leave them alone.
 */
import {
  getArgumentValues, getDirectiveValues, getNamedType, getOperationAST, getVariableValues, GraphQLIncludeDirective,
  GraphQLSkipDirective, isAbstractType, isObjectType, Kind,
  type DocumentNode, type FieldNode, type FragmentDefinitionNode, type GraphQLCompositeType, type GraphQLField,
  type GraphQLNamedType, type GraphQLObjectType, type GraphQLSchema, type SelectionNode, type SelectionSetNode,
} from 'graphql';

export interface WalkField {
  /** The type the field is selected on: the parent's type, or a fragment's type condition under an abstract parent. */
  on: GraphQLCompositeType;
  node: FieldNode;
  def: GraphQLField<unknown, unknown>;
  args: Record<string, unknown> | undefined;
  /** The field's named type. */
  type: GraphQLNamedType;
}

export interface OperationWalk {
  schema: GraphQLSchema;
  root: GraphQLObjectType;
  selectionSet: SelectionSetNode;
  /** The fields of `set` selected on `type` (`__` meta fields left out). */
  fields(set: SelectionSetNode, type: GraphQLCompositeType): WalkField[];
}

export interface WalkOptions {
  /**
   * Leave out selections `@skip`/`@include` exclude, as execution does. The cost
   * estimate keeps them (an upper bound); the argument checks drop them, so a
   * skipped field's arguments are refused no more than execution would.
   */
  honorSkipInclude?: boolean;
}

export function walkOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  opts: WalkOptions = {},
): OperationWalk | undefined {
  const operation = getOperationAST(document, operationName);
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root) return undefined;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  if (coerced.errors) return undefined;
  const vars = coerced.coerced;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);

  const included = (sel: SelectionNode) => {
    if (!opts.honorSkipInclude) return true;
    try {
      return getDirectiveValues(GraphQLSkipDirective, sel, vars)?.if !== true && getDirectiveValues(GraphQLIncludeDirective, sel, vars)?.if !== false;
    } catch {
      return true;
    }
  };

  /**
   * Under an object type only fragments that apply to it count, and their fields are that
   * type's (validation already refused fragments that can never apply); under an abstract
   * type every fragment counts, on its own type condition.
   */
  const collect = (set: SelectionSetNode, type: GraphQLCompositeType, out: [GraphQLCompositeType, FieldNode][]) => {
    for (const sel of set.selections) {
      if (!included(sel)) continue;
      if (sel.kind === Kind.FIELD) {
        out.push([type, sel]);
        continue;
      }
      const frag = sel.kind === Kind.FRAGMENT_SPREAD ? fragments.get(sel.name.value) : sel;
      if (!frag) continue;
      const cond = frag.typeCondition ? (schema.getType(frag.typeCondition.name.value) as GraphQLCompositeType | undefined) : type;
      if (!cond) continue;
      if (isObjectType(type)) {
        if (cond === type || (isAbstractType(cond) && schema.isSubType(cond, type))) collect(frag.selectionSet, type, out);
      } else collect(frag.selectionSet, cond, out);
    }
    return out;
  };

  return {
    schema,
    root,
    selectionSet: operation.selectionSet,
    fields(set, type) {
      const out: WalkField[] = [];
      for (const [on, node] of collect(set, type, [])) {
        const def = 'getFields' in on ? on.getFields()[node.name.value] : undefined;
        if (!def || node.name.value.startsWith('__')) continue;
        let args: Record<string, unknown> | undefined;
        try {
          args = getArgumentValues(def, node, vars);
        } catch {
          // Invalid arguments fail in execution, before any call.
        }
        out.push({ on, node, def, args, type: getNamedType(def.type) });
      }
      return out;
    },
  };
}

export function isConnection(type: GraphQLNamedType): boolean {
  if (!isObjectType(type) || !type.name.endsWith('Connection')) return false;
  const fields = type.getFields();
  return 'edges' in fields && 'pageInfo' in fields;
}
