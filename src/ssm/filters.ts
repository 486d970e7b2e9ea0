/**
 * SSM's listing filters, declared once per filter type: each member's name (as
 * clients write it), the SSM key it is sent as, its value type, and its
 * documentation. The ssm layer builds the SSM filter list from a declaration
 * (`ssmFilters`); the GraphQL layer builds the filter input type and its
 * checks from the same one (src/schema/inputs.ts `filterInput`).
 *
 * SSM spells filters four ways, the declaration's `style`:
 * - `KeyValues`: `{ Key, Values: [...] }`, one entry per key, values ORed;
 * - `KeyValue`: `{ Key, Value }`, one value per key;
 * - `KeyValueType`: `{ Key, Value, Type }` with the member's comparison `op`;
 * - `keyValue`: lowercase `{ key, value }`, a list member repeated per value (ORed).
 * Members are ANDed. Times are sent as ISO 8601 seconds, the form SSM documents.
 */

/** A member's value type: a GraphQL scalar name, or an enum shape of the SSM model. */
export type FilterType = 'String' | 'ID' | 'Int' | 'Boolean' | 'DateTime' | { enum: string };

export interface FilterMember {
  /** The SSM filter key it is sent as. */
  key: string;
  type: FilterType;
  /** Several values, ORed. */
  list?: boolean;
  /** The comparison of a `KeyValueType` filter. */
  op?: 'EQUAL' | 'LESS_THAN' | 'GREATER_THAN';
  /**
   * The model shape each value must match (an ID's or a name's pattern), where
   * every value SSM could match has it; otherwise values are held to the filter
   * structure's value shape (its length bounds).
   */
  shape?: string;
  /** An `Int` member's least value (what SSM counts from; the model bounds only the value's text). */
  min?: number;
  description?: string;
}

export interface FilterSpec {
  style: 'KeyValues' | 'KeyValue' | 'KeyValueType' | 'keyValue';
  /** The model's filter structure: its value list bounds how many values one member may carry, its value shape each value. */
  shape: string;
  members: Record<string, FilterMember>;
}

type Scalar<T> = T extends 'DateTime' ? Date : T extends 'Int' ? number : T extends 'Boolean' ? boolean : string;
type ValueOf<M> = M extends { list: true } ? Scalar<M extends { type: infer T } ? T : never>[] : Scalar<M extends { type: infer T } ? T : never>;
/** The values a client gives for a filter declaration (every member optional). */
export type FilterValues<S extends FilterSpec> = { [K in keyof S['members']]?: ValueOf<S['members'][K]> };

export const defineFilter = <const S extends FilterSpec>(spec: S): S => spec;

/** The SSM filter list for `values`, in the declaration's style; undefined when no member is set. */
export function ssmFilters<S extends FilterSpec>(spec: S, values: FilterValues<S> = {}): object[] | undefined {
  const out: object[] = [];
  for (const [name, member] of Object.entries(spec.members)) {
    const value = (values as Record<string, unknown>)[name];
    if (value === undefined || value === null) continue;
    const texts = (Array.isArray(value) ? value : [value]).map(text);
    if (!texts.length) continue;
    const Key = member.key;
    if (spec.style === 'KeyValues') out.push({ Key, Values: texts });
    else if (spec.style === 'keyValue') for (const v of texts) out.push({ key: Key, value: v });
    else if (spec.style === 'KeyValueType') out.push({ Key, Value: texts[0], Type: member.op ?? 'EQUAL' });
    else out.push({ Key, Value: texts[0] });
  }
  return out.length ? out : undefined;
}

const text = (v: unknown) => (v instanceof Date ? isoSeconds(v) : String(v));

/** ISO 8601 without milliseconds, the form SSM's time filters document (`2024-11-04T05:00:00Z`). */
export function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
