/**
 * A pre-execution upper bound on the upstream SSM calls one operation can cause.
 *
 * Formula (walks the operation with variables coerced and fragments expanded;
 * `parents` is how many objects a selection runs under, 1 at the root):
 * - connection field: parents × (ceil(n / pageSize) + 1), where n is `first`
 *   (or `last`, or PAGE_DEFAULT_FIRST), clamped to [0, PAGE_MAX_FIRST], and
 *   pageSize the SSM operation's largest MaxResults (50, or 100 for
 *   maintenance-window operations). The +1 is the look-ahead page `hasNextPage`
 *   may need at a page boundary, or one empty page with a NextToken. Its
 *   `edges`/`nodes` run under parents × n objects: nested connections multiply.
 * - edge to a loadable object (a `Node`, not a connection): ceil(parents × k /
 *   batch), k = 1, or the number of `ids` for `nodes(ids:)`; batch is 10 for
 *   automation executions and steps (one Describe* call takes ten IDs), 1 otherwise.
 * - a selection on a type served from two shapes (a listed summary and a Get*
 *   detail, DETAIL_SHAPES in cost-model.ts) that picks a detail-only field: parents × 1 (one
 *   unbatched Get* per object).
 * - anything else (scalars, nested SSM structures): 0.
 * It is conservative: it ignores the cache, priming of records already listed,
 * and @skip/@include; stingy upstream pages beyond the +1 are left to the
 * runtime cap (SSM_MAX_CALLS_PER_REQUEST).
 */
import {
  getArgumentValues, getNamedType, getOperationAST, getVariableValues, isAbstractType, isInterfaceType, isListType,
  isNonNullType, isObjectType, Kind,
  type DocumentNode, type FieldNode, type FragmentDefinitionNode, type GraphQLCompositeType, type GraphQLNamedType,
  type GraphQLOutputType, type GraphQLSchema, type SelectionSetNode,
} from 'graphql';
import { BATCH, DETAIL_FIELDS, pageSizeOf } from './cost-model.ts';

export interface CostLimits {
  defaultFirst: number;
  maxFirst: number;
}

/** The estimate, or 0 when the operation cannot execute (execution reports that, with no call). */
export function estimateCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  limits: CostLimits,
): number {
  const operation = getOperationAST(document, operationName);
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root) return 0;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  if (coerced.errors) return 0;
  const vars = coerced.coerced;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);

  /** Field nodes of a selection set with the type each is selected on, fragments expanded. */
  const collect = (set: SelectionSetNode, type: GraphQLCompositeType, out: [GraphQLCompositeType, FieldNode][] = []) => {
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) out.push([type, sel]);
      else {
        const frag = sel.kind === Kind.FRAGMENT_SPREAD ? fragments.get(sel.name.value) : sel;
        if (!frag) continue;
        const on = frag.typeCondition ? (schema.getType(frag.typeCondition.name.value) as GraphQLCompositeType | undefined) : type;
        if (on) collect(frag.selectionSet, on, out);
      }
    }
    return out;
  };

  const walk = (set: SelectionSetNode, type: GraphQLCompositeType, parents: number, items: number): number => {
    let cost = 0;
    const fields = collect(set, type);
    if (fields.some(([t, f]) => DETAIL_FIELDS[t.name]?.has(f.name.value))) cost += parents;
    for (const [on, node] of fields) {
      const def = 'getFields' in on ? on.getFields()[node.name.value] : undefined;
      if (!def || node.name.value.startsWith('__')) continue;
      let args: Record<string, unknown> = {};
      try {
        args = getArgumentValues(def, node, vars);
      } catch {
        // Invalid arguments fail in execution, before any call.
      }
      const named = getNamedType(def.type) as GraphQLCompositeType;
      // Inside a connection, its lists (`edges`, `nodes`) hold `items` objects per parent.
      const under = items && isList(def.type) ? parents * items : parents;
      const sub = (p: number, i = 0) => (node.selectionSet ? walk(node.selectionSet, named, p, i) : 0);
      if (isConnection(named)) {
        const asked = (args.first ?? args.last ?? limits.defaultFirst) as number;
        const n = Math.max(0, Math.min(Number.isFinite(asked) ? asked : limits.maxFirst, limits.maxFirst));
        cost += under * (Math.ceil(n / pageSizeOf(`${on.name}.${def.name}`, def)) + 1) + sub(under, n);
      } else if (isLoadable(named) && !isConnection(on) && !isEdge(on)) {
        // (A connection's `edges.node`/`nodes` come with its pages: no load of their own.)
        const k = Array.isArray(args.ids) ? args.ids.length : 1;
        cost += Math.ceil((under * k) / (BATCH[named.name] ?? 1)) + sub(under * k);
      } else {
        cost += sub(under);
      }
    }
    return cost;
  };

  return walk(operation.selectionSet, root as GraphQLCompositeType, 1, 0);
}

export function isConnection(type: GraphQLNamedType): boolean {
  if (!isObjectType(type) || !type.name.endsWith('Connection')) return false;
  const fields = type.getFields();
  return 'edges' in fields && 'pageInfo' in fields;
}

function isEdge(type: GraphQLNamedType): boolean {
  return isObjectType(type) && type.name.endsWith('Edge') && 'node' in type.getFields() && 'cursor' in type.getFields();
}

/** A Relay node other than a connection: fetching it may cost a call. */
function isLoadable(type: GraphQLNamedType): boolean {
  if (isInterfaceType(type)) return type.name === 'Node';
  if (isAbstractType(type)) return false;
  return isObjectType(type) && type.getInterfaces().some((i) => i.name === 'Node');
}

function isList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}
