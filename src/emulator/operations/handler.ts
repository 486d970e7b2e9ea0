/**
 * What an operation handler receives, and shared filter helpers.
 *
 * Contract: a handler gets the request body already validated against the
 * model's input shape and returns the output as dataset records (Dates and
 * all); the server projects it onto the model's output shape. Handlers throw
 * `ServiceError` for the errors SSM answers.
 */
import type { PageSource } from '../pagination.ts';
import type { Store } from '../store.ts';
import { invalidFilterValue } from '../errors.ts';

export interface OpContext {
  /** The data of the location the call was routed to. */
  store: Store;
  /** Pages bound to that location. */
  pager: PageSource;
}

// Validated JSON input: members are typed by the model, not by TypeScript.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Input = Record<string, any>;
export type Handler = (input: Input, ctx: OpContext) => Record<string, unknown>;

/**
 * Groups filters by key: values of one key are OR-ed, keys are AND-ed.
 * `values` reads a filter's value(s) (`Values` list or a single `value`).
 */
export function groupFilters<F>(
  filters: readonly F[] | undefined,
  key: (f: F) => string,
  values: (f: F) => readonly string[],
): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const f of filters ?? []) {
    const k = key(f);
    const list = m.get(k) ?? [];
    list.push(...values(f));
    m.set(k, list);
  }
  return m;
}

/** Parses an ISO-8601 filter value to epoch ms, or throws the op's invalid-filter-value error. */
export function filterTime(op: string, key: string, value: string): number {
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw invalidFilterValue(op, key, value, 'is not an ISO-8601 timestamp');
  return t;
}

/** A predicate over records, AND of per-key predicates; undefined when there are no filters. */
export type Predicate<T> = (item: T) => boolean;

export function allOf<T>(preds: Predicate<T>[]): Predicate<T> | undefined {
  if (preds.length === 0) return undefined;
  return (item) => preds.every((p) => p(item));
}

/** A sorted list of items for a Describe of an unknown or childless parent. */
export const EMPTY: readonly never[] = Object.freeze([]);
