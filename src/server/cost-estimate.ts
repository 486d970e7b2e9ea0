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
 * - `Query._entities` (federation): per `__typename` of the representations,
 *   ceil(n / batch) for the batched lookup of its n objects, plus the
 *   fragments on that type walked with parents × n.
 * - anything else (scalars, nested SSM structures): 0.
 * It is conservative: it ignores the cache, priming of records already listed,
 * and @skip/@include; stingy upstream pages beyond the +1 are left to the
 * runtime cap (SSM_MAX_CALLS_PER_REQUEST).
 */
import {
  isAbstractType, isInterfaceType, isListType, isNonNullType, isObjectType,
  type DocumentNode, type GraphQLCompositeType, type GraphQLNamedType, type GraphQLOutputType, type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { BATCH, DETAIL_FIELDS, pageSizeOf } from './cost-model.ts';
import { isConnection, walkOperation } from './operation-walk.ts';

export { isConnection };

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
  const op = walkOperation(schema, document, operationName, variables);
  if (!op) return 0;

  const walk = (set: SelectionSetNode, type: GraphQLCompositeType, parents: number, items: number): number => {
    let cost = 0;
    const fields = op.fields(set, type);
    if (fields.some((f) => DETAIL_FIELDS[f.on.name]?.has(f.def.name))) cost += parents;
    for (const { on, node, def, args = {}, type: named } of fields) {
      // Inside a connection, its lists (`edges`, `nodes`) hold `items` objects per parent.
      const under = items && isList(def.type) ? parents * items : parents;
      const sub = (p: number, i = 0) => (node.selectionSet ? walk(node.selectionSet, named as GraphQLCompositeType, p, i) : 0);
      if (on === op.root && def.name === '_entities' && node.selectionSet) {
        cost += entities(node.selectionSet, args.representations, under);
      } else if (isConnection(named)) {
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

  /**
   * Federation's `_entities` (the union `_Entity`): the representations grouped by `__typename`,
   * each group one batched lookup of its n objects, and the fragments on its type walked under n.
   * A representation naming no object type is refused before any call: free.
   */
  const entities = (set: SelectionSetNode, representations: unknown, parents: number): number => {
    const groups = new Map<string, number>();
    for (const ref of Array.isArray(representations) ? representations : []) {
      const typename = (ref as { __typename?: unknown } | null)?.__typename;
      if (typeof typename === 'string') groups.set(typename, (groups.get(typename) ?? 0) + 1);
    }
    let cost = 0;
    for (const [typename, count] of groups) {
      const type = schema.getType(typename);
      if (!isObjectType(type)) continue;
      const n = parents * count;
      cost += Math.ceil(n / (BATCH[typename] ?? 1)) + walk(set, type, n, 0);
    }
    return cost;
  };

  return walk(op.selectionSet, op.root, 1, 0);
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
