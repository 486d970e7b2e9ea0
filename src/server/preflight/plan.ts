/**
 * `planOperation`: the operation a request will execute, planned once
 * (src/schema/selections.ts) and shared by every pre-execution concern: the
 * argument checks, the cost estimate, and the root fields' prefetch, which
 * reads it from the context.
 *
 * Contract: undefined when the operation cannot execute (no such operation,
 * variables that do not coerce): execution reports both itself, before any
 * upstream call. Plans are memoised per document object and (operation name,
 * variables): Yoga reuses one parsed document per query text, so a repeated
 * query is planned once.
 */
import {
  getOperationAST, getVariableValues, Kind,
  type DocumentNode, type FragmentDefinitionNode, type GraphQLObjectType, type GraphQLSchema,
} from 'graphql';
import { planSelection, type SelectionPlan } from '../../schema/selections.ts';

export interface OperationPlan extends SelectionPlan {
  schema: GraphQLSchema;
  root: GraphQLObjectType;
}

/** Plans kept per document: enough for a few variable sets of a hot query, bounded for any. */
const PER_DOCUMENT = 16;
const plans = new WeakMap<DocumentNode, Map<string, OperationPlan | undefined>>();

export function planOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
): OperationPlan | undefined {
  let byVariables = plans.get(document);
  if (!byVariables) plans.set(document, (byVariables = new Map()));
  const key = JSON.stringify([operationName ?? null, variables ?? null]);
  const known = byVariables.get(key);
  if (byVariables.has(key) && (!known || known.schema === schema)) return known;
  const plan = build(schema, document, operationName, variables);
  if (byVariables.size >= PER_DOCUMENT) byVariables.delete(byVariables.keys().next().value!);
  byVariables.set(key, plan);
  return plan;
}

function build(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
): OperationPlan | undefined {
  const operation = getOperationAST(document, operationName);
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root) return undefined;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  if (coerced.errors) return undefined;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  const plan = planSelection({ schema, fragments, variables: coerced.coerced }, [operation.selectionSet], root);
  return { ...plan, fieldOf: plan.fieldOf, schema, root };
}
