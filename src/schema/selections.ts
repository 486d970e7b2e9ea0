/**
 * The operation as execution will resolve it: one walk that every
 * pre-execution concern reads (argument checks, cost estimate: src/server/
 * preflight/; the root fields' prefetch: prefetch.ts), so all see the same fields.
 *
 * Contract of `planSelection`:
 * - Fragment spreads and inline fragments are expanded as graphql-js's
 *   CollectFields does: under an object type only fragments that apply to it
 *   count, and their fields are that type's; under an abstract type every
 *   fragment counts, on its own type condition. A fragment is spread at most
 *   once per selection set, and fields with the same response key on the same
 *   type are merged into one (their sub-selections together), as execution
 *   merges them.
 * - Each field carries its coerced arguments (undefined when they do not
 *   coerce: execution refuses those itself, before any upstream call) and
 *   whether `@skip`/`@include` exclude it (`skipped`; what it selects is
 *   planned all the same, for the upper-bound cost estimate).
 * - The walk is memoised per selection set and fragment, so a document whose
 *   fragments spread each other many times is planned in time linear in its
 *   size; `expandedSize` counts the fields execution could visit, without
 *   expanding them, so such a document can be refused before anything walks it.
 */
import {
  getArgumentValues, getDirectiveValues, getNamedType, GraphQLIncludeDirective, GraphQLSkipDirective, isAbstractType,
  isCompositeType, isObjectType, Kind,
  type FieldNode, type FragmentDefinitionNode, type GraphQLCompositeType, type GraphQLField, type GraphQLNamedType,
  type GraphQLSchema, type SelectionNode, type SelectionSetNode,
} from 'graphql';

export interface PlannedField {
  /** The type the field is selected on: the parent's type, or a fragment's type condition under an abstract parent. */
  on: GraphQLCompositeType;
  /** The first of the merged field nodes (where errors are located). */
  node: FieldNode;
  def: GraphQLField<unknown, unknown>;
  /** Coerced arguments; undefined when they do not coerce. */
  args: Record<string, unknown> | undefined;
  /** The field's named type. */
  type: GraphQLNamedType;
  /** Excluded by `@skip`/`@include` (relative to its parent; skipping a parent skips what is under it). */
  skipped: boolean;
  /** The fields it selects (empty for leaves). Shared between identical selections: treat as read-only. */
  readonly children: readonly PlannedField[];
}

export interface SelectionScope {
  schema: GraphQLSchema;
  fragments: Readonly<Record<string, FragmentDefinitionNode | undefined>>;
  /** Coerced variable values. */
  variables: Readonly<Record<string, unknown>>;
}

export interface SelectionPlan {
  /** The fields of the selection sets planned, in document order. */
  readonly fields: readonly PlannedField[];
  /** How many fields execution could visit once every fragment is expanded (skipped ones included). */
  readonly expandedSize: number;
  /** The planned field for a field node of the document, if it was planned. */
  fieldOf(node: FieldNode): PlannedField | undefined;
}

/** Plans `sets` (selection sets on `type`, merged as one) and everything under them. */
export function planSelection(scope: SelectionScope, sets: readonly SelectionSetNode[], type: GraphQLCompositeType): SelectionPlan {
  const byNode = new Map<FieldNode, PlannedField>();
  const memo = new Map<string, PlannedField[]>();
  const ids = new Map<SelectionSetNode, number>();
  const idOf = (set: SelectionSetNode) => {
    let id = ids.get(set);
    if (id === undefined) ids.set(set, (id = ids.size));
    return id;
  };

  const plan = (parts: readonly SelectionSetNode[], on: GraphQLCompositeType): PlannedField[] => {
    const key = `${on.name}:${parts.map(idOf).join(',')}`;
    const known = memo.get(key);
    if (known) return known;
    const merged = new Map<string, { on: GraphQLCompositeType; nodes: FieldNode[]; skipped: boolean }>();
    /** Fragments spread in this selection set, and whether only under `@skip`/`@include`-excluded spreads so far. */
    const visited = new Map<string, boolean>();
    const collect = (set: SelectionSetNode, parent: GraphQLCompositeType, skipped: boolean) => {
      for (const sel of set.selections) {
        const skip = skipped || excluded(sel, scope.variables);
        if (sel.kind === Kind.FIELD) {
          const responseKey = `${parent.name}.${sel.alias?.value ?? sel.name.value}`;
          const entry = merged.get(responseKey);
          if (entry) {
            entry.nodes.push(sel);
            entry.skipped &&= skip;
          } else merged.set(responseKey, { on: parent, nodes: [sel], skipped: skip });
          continue;
        }
        if (sel.kind === Kind.FRAGMENT_SPREAD) {
          // Once included, a fragment adds nothing more; an excluded spread may be followed by an included one.
          const seen = visited.get(sel.name.value);
          if (seen === false || (seen === true && skip)) continue;
          visited.set(sel.name.value, skip);
        }
        const frag = sel.kind === Kind.FRAGMENT_SPREAD ? scope.fragments[sel.name.value] : sel;
        if (!frag) continue;
        const cond = frag.typeCondition ? (scope.schema.getType(frag.typeCondition.name.value) as GraphQLCompositeType | undefined) : parent;
        if (!cond) continue;
        if (isObjectType(parent)) {
          if (cond === parent || (isAbstractType(cond) && scope.schema.isSubType(cond, parent))) collect(frag.selectionSet, parent, skip);
        } else collect(frag.selectionSet, cond, skip);
      }
    };
    for (const set of parts) collect(set, on, false);
    const out: PlannedField[] = [];
    for (const { on: fieldOn, nodes, skipped } of merged.values()) {
      const node = nodes[0];
      const def = 'getFields' in fieldOn ? fieldOn.getFields()[node.name.value] : undefined;
      if (!def || node.name.value.startsWith('__')) continue;
      let args: Record<string, unknown> | undefined;
      try {
        args = getArgumentValues(def, node, scope.variables as Record<string, unknown>);
      } catch {
        // Invalid arguments fail in execution, before any call.
      }
      const named = getNamedType(def.type);
      const subSets = nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
      const field: PlannedField = {
        on: fieldOn,
        node,
        def,
        args,
        type: named,
        skipped,
        children: subSets.length && isCompositeType(named) ? plan(subSets, named) : [],
      };
      for (const n of nodes) byNode.set(n, field);
      out.push(field);
    }
    memo.set(key, out);
    return out;
  };

  const fields = plan(sets, type);
  const sizes = new WeakMap<readonly PlannedField[], number>();
  const sizeOf = (list: readonly PlannedField[]): number => {
    const known = sizes.get(list);
    if (known !== undefined) return known;
    let n = 0;
    for (const f of list) n += 1 + sizeOf(f.children);
    sizes.set(list, n);
    return n;
  };
  return { fields, expandedSize: sizeOf(fields), fieldOf: (node) => byNode.get(node) };
}

function excluded(sel: SelectionNode, variables: Readonly<Record<string, unknown>>): boolean {
  try {
    return (
      getDirectiveValues(GraphQLSkipDirective, sel, variables as Record<string, unknown>)?.if === true ||
      getDirectiveValues(GraphQLIncludeDirective, sel, variables as Record<string, unknown>)?.if === false
    );
  } catch {
    return false;
  }
}
