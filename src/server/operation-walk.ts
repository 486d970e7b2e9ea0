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
  getArgumentValues, getNamedType, getOperationAST, getVariableValues, isObjectType, Kind,
  type DocumentNode, type FieldNode, type FragmentDefinitionNode, type GraphQLCompositeType, type GraphQLField,
  type GraphQLNamedType, type GraphQLObjectType, type GraphQLSchema, type SelectionSetNode,
} from 'graphql';
import { collectFields } from '../schema/selections.ts';

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
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  const scope = { schema, fragments, variables: vars, honorSkipInclude: !!opts.honorSkipInclude };

  return {
    schema,
    root,
    selectionSet: operation.selectionSet,
    fields(set, type) {
      const out: WalkField[] = [];
      for (const [on, node] of collectFields(scope, set, type)) {
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
