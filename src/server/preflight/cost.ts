/**
 * A pre-execution upper bound on the upstream SSM calls one operation can cause.
 *
 * Formula, over the operation's plan (plan.ts; `parents` is how many objects a
 * selection runs under, 1 at the root). Every fact it uses is read from the
 * schema, where the field or type declares it:
 * - SSM connection field (`extensions.ssmOperation`, src/schema/ssm-connection.ts):
 *   parents × (max(1, ceil(n / pageSize)) + lookAhead), where n is `first`
 *   (or `last`, or PAGE_DEFAULT_FIRST), clamped to [0, PAGE_MAX_FIRST] and to
 *   the listing's documented bound (src/ssm/quotas.ts: 20 tasks per window
 *   execution), and pageSize the operation's largest MaxResults in the SSM
 *   model. lookAhead is 1 only where the page's `hasNextPage` (`hasPreviousPage`
 *   for `last`/`before`) is selected: the adapter (src/schema/connection.ts)
 *   looks one page ahead for it at a page boundary, and only when asked. Its
 *   `edges`/`nodes` run under parents × n objects: nested connections multiply.
 * - merged root list (`extensions.estate`, src/schema/estate-connection.ts)
 *   over L locations (the served ones its `accountIds`/`regions` select):
 *   L + floor(n / pageSize): every location's first page, and one more page
 *   each time the merge empties a location's full page; it never looks ahead.
 * - edge to a loadable object (a `Node`, not a connection): ceil(parents × k /
 *   batch), k = 1, or the number of `ids` for `nodes(ids:)`; batch is the type's
 *   `extensions.ssmBatch` (src/schema/entity.ts: ten for automation executions
 *   and steps, one call each otherwise).
 * - a selection that picks a field only a Get* detail shape has
 *   (`extensions.ssmDetail`, src/schema/model-fields.ts): parents × 1.
 * - `Query._entities` (federation): per `__typename` of the representations,
 *   ceil(n / batch) for the batched lookup of its n objects, plus the
 *   fragments on that type walked with parents × n.
 * - anything else (scalars, nested SSM structures): 0.
 * It is conservative: it ignores the cache, priming of records already listed,
 * and @skip/@include (but for the look-ahead); stingy upstream pages (short,
 * or empty with a NextToken) are left to the runtime cap
 * (SSM_MAX_CALLS_PER_REQUEST), which cuts a query with resumable cursors.
 */
import {
  isAbstractType, isInterfaceType, isListType, isNonNullType, isObjectType, parse,
  type DocumentNode, type GraphQLNamedType, type GraphQLObjectType, type GraphQLOutputType, type GraphQLSchema,
} from 'graphql';
import type { PlannedField } from '../../schema/selections.ts';
import { ssmConnectionOf } from '../../schema/ssm-connection.ts';
import { maxPageSize } from '../../ssm/model.ts';
import { listingBound } from '../../ssm/quotas.ts';
import { planOperation, type OperationPlan } from './plan.ts';

export interface CostLimits {
  defaultFirst: number;
  maxFirst: number;
}

/** How many served locations a merged root list with these arguments (`accountIds`, `regions`) reads. */
export type LocationCount = (args: Record<string, unknown>) => number;

/** The estimate of a planned operation. */
export function costOf(plan: OperationPlan, limits: CostLimits, locations: LocationCount = () => 1): number {
  const walk = (fields: readonly PlannedField[], parents: number, items: number): number => {
    let cost = 0;
    if (fields.some((f) => f.def.extensions?.ssmDetail)) cost += parents;
    for (const f of fields) {
      // Inside a connection, its lists (`edges`, `nodes`) hold `items` objects per parent.
      const under = items && isList(f.def.type) ? parents * items : parents;
      const sub = (p: number, i = 0) => (f.children.length ? walk(f.children, p, i) : 0);
      const connection = ssmConnectionOf(f.def);
      const args = f.args ?? {};
      if (f.on === plan.root && f.def.name === '_entities') {
        cost += entities(f.children, args.representations, under);
      } else if (connection) {
        const asked = (args.first ?? args.last ?? limits.defaultFirst) as number;
        const first = Math.max(0, Math.min(Number.isFinite(asked) ? asked : limits.maxFirst, limits.maxFirst));
        const n = Math.min(first, listingBound(connection.ssmOperation));
        const pageSize = maxPageSize(connection.ssmOperation);
        const pages = (f.def.extensions as { estate?: true }).estate
          ? locations(args) + Math.floor(n / pageSize)
          : Math.max(1, Math.ceil(n / pageSize)) + (looksAhead(f, args) ? 1 : 0);
        cost += under * pages + sub(under, n);
      } else if (isLoadable(f.type) && !isConnection(f.on) && !isEdge(f.on)) {
        // (A connection's `edges.node`/`nodes` come with its pages: no load of their own.)
        const k = Array.isArray(args.ids) ? args.ids.length : 1;
        cost += Math.ceil((under * k) / batchOf(f.type)) + sub(under * k);
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
  const entities = (fields: readonly PlannedField[], representations: unknown, parents: number): number => {
    const groups = new Map<string, number>();
    for (const ref of Array.isArray(representations) ? representations : []) {
      const typename = (ref as { __typename?: unknown } | null)?.__typename;
      if (typeof typename === 'string') groups.set(typename, (groups.get(typename) ?? 0) + 1);
    }
    let cost = 0;
    for (const [typename, count] of groups) {
      const type = plan.schema.getType(typename);
      if (!isObjectType(type)) continue;
      const n = parents * count;
      const applying = fields.filter((f) => f.on === type || (isAbstractType(f.on) && plan.schema.isSubType(f.on, type)));
      cost += Math.ceil(n / batchOf(type)) + walk(applying, n, 0);
    }
    return cost;
  };

  return walk(plan.fields, 1, 0);
}

/** `costOf` for a document (tests, scripts); 0 when the operation cannot execute. */
export function estimateCost(
  schema: GraphQLSchema,
  document: DocumentNode | string,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  limits: CostLimits,
  locations?: LocationCount,
): number {
  const plan = planOperation(schema, typeof document === 'string' ? parse(document) : document, operationName, variables);
  return plan ? costOf(plan, limits, locations) : 0;
}

/**
 * Whether the connection's page selects the flag the adapter may look one page
 * ahead for: `hasNextPage` forward, `hasPreviousPage` backward (`last`/`before`).
 */
function looksAhead(connection: PlannedField, args: Record<string, unknown>): boolean {
  const flag = args.last != null || args.before != null ? 'hasPreviousPage' : 'hasNextPage';
  return connection.children.some((p) => p.def.name === 'pageInfo' && !p.skipped && p.children.some((c) => c.def.name === flag && !c.skipped));
}

const batchOf = (type: GraphQLNamedType) => (type.extensions?.ssmBatch as number | undefined) ?? 1;

/** A Relay connection type (by its shape: `edges` and `pageInfo`). */
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
  return isObjectType(type) && (type as GraphQLObjectType).getInterfaces().some((i) => i.name === 'Node');
}

function isList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}
