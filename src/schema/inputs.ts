/**
 * Checks of argument values that GraphQL's type system cannot express, made
 * before any upstream call: ID formats and the SSM model's limits on filters.
 */
import { matchesShape, maxFilterValues } from '../ssm/model.ts';
import { badInput } from './errors.ts';

/** Throws BAD_USER_INPUT unless `value` satisfies the model's constraints for `shapeName`. */
export function checkId(argument: string, shapeName: string, value: string): string {
  if (!matchesShape(shapeName, value)) {
    throw badInput(`\`${argument}\` is not a valid ${shapeName}: "${value.slice(0, 64)}".`, {
      argument,
      reason: 'MALFORMED_ID',
    });
  }
  return value;
}

/**
 * Drops null members (GraphQL's explicit nulls) and checks list lengths against
 * the model's most values per filter (`filterShape`).
 */
export type Cleaned<F> = { [K in keyof F]?: Exclude<F[K], null> };

export function cleanFilter<F extends object>(filter: F | null | undefined, filterShape?: string): Cleaned<F> {
  const out: Record<string, unknown> = {};
  const max = filterShape ? maxFilterValues(filterShape) : Infinity;
  for (const [key, value] of Object.entries(filter ?? {})) {
    if (value === null || value === undefined) continue;
    if (Array.isArray(value) && value.length > max) {
      throw badInput(`filter.${key} takes at most ${max} values.`, { argument: `filter.${key}`, max });
    }
    if (Array.isArray(value) && value.length === 0) {
      throw badInput(`filter.${key} needs at least one value.`, { argument: `filter.${key}` });
    }
    out[key] = value;
  }
  return out as Cleaned<F>;
}
