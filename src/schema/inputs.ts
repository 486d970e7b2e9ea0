/**
 * Checks of argument values that GraphQL's type system cannot express, made
 * before any upstream call: ID formats and the SSM model's limits on filters.
 */
import { filterValueShape, matchesShape, maxFilterValues, shape, shapeProblem } from '../ssm/model.ts';
import type { InputObjectRef } from '@pothos/core';
import type { FilterMember, FilterSpec, FilterValues } from '../ssm/filters.ts';
import { builder, type Types } from './builder.ts';
import { badInput, truncate } from './errors.ts';
import { enumType } from './model-fields.ts';

/** Throws BAD_USER_INPUT unless `value` satisfies the model's constraints for `shapeName`. */
export function checkId(argument: string, shapeName: string, value: string): string {
  if (!matchesShape(shapeName, value)) {
    throw badInput(`\`${argument}\` is not a valid ${shapeName}: "${truncate(value)}".`, {
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

/** The filter declaration (src/ssm/filters.ts) of each filter input type: its checks' rules. */
const rulesByInput = new Map<string, FilterSpec>();

/**
 * The GraphQL input type of an SSM filter declaration (src/ssm/filters.ts) and
 * its checks (`checkFilterInput`): one field per member, typed and documented
 * as declared. Returns the type's ref with its `check`, which
 * `ssmConnection({ filter })` runs for the resolver; the pre-execution checks
 * (src/server/preflight/checks.ts) run the same, so the two never disagree.
 */
export function filterInput<S extends FilterSpec>(name: string, spec: S, description: string) {
  const ref = builder.inputType(name, {
    description,
    fields: (t) =>
      Object.fromEntries(
        Object.entries(spec.members).map(([member, d]) => [member, t.field({ type: inputType(d) as never, description: d.description })]),
      ),
  });
  rulesByInput.set(name, spec);
  const check = (filter: FilterValues<S> | null | undefined) => checkFilterInput(name, filter) as FilterValues<S>;
  return Object.assign(ref as unknown as InputObjectRef<Types, FilterValues<S>>, { check });
}

function inputType(member: FilterMember): unknown {
  const one = typeof member.type === 'object' ? enumType(member.type.enum) : member.type;
  return member.list ? [one] : one;
}

/**
 * Runs the checks of the filter input type `inputType` on `filter`; throws
 * BAD_USER_INPUT. Makes no call. From its declaration and the SSM model: list
 * lengths (the filter structure's most values), every text value (lists too)
 * against the member's model `shape` or else the filter structure's value shape
 * (its length bounds), IDs (`ID` members) reported as MALFORMED_ID, and an
 * `Int` member's declared `min`. Enums and dates are GraphQL's to check.
 */
export function checkFilterInput(inputType: string, filter: object | null | undefined): Record<string, unknown> {
  const spec = rulesByInput.get(inputType);
  const out = cleanFilter(filter, spec?.shape) as Record<string, unknown>;
  if (!spec) return out;
  const valueShape = filterValueShape(spec.shape);
  for (const [name, value] of Object.entries(out)) {
    const member = spec.members[name];
    const argument = `filter.${name}`;
    const textShape = member.shape ?? valueShape;
    for (const v of Array.isArray(value) ? value : [value]) {
      if (member.type === 'ID' && textShape) checkId(argument, textShape, String(v));
      else if (member.type === 'String' && textShape) checkText(argument, textShape, String(v));
      else if (member.type === 'Int' && member.min !== undefined && (v as number) < member.min) {
        throw badInput(`\`${argument}\` must be at least ${member.min}.`, { argument, min: member.min });
      }
    }
  }
  return out;
}

/** Throws BAD_USER_INPUT (INVALID_FILTER_VALUE) unless `value` satisfies the model's constraints for `shapeName`. */
function checkText(argument: string, shapeName: string, value: string) {
  const problem = shapeProblem(shapeName, value);
  if (!problem) return;
  const { min, max } = shape(shapeName);
  const why = problem === 'form' ? `is not a valid ${shapeName}` : `must have at ${problem === 'short' ? `least ${min}` : `most ${max}`} characters (SSM's ${shapeName})`;
  throw badInput(`\`${argument}\` ${why}: "${truncate(value)}".`, {
    argument,
    reason: 'INVALID_FILTER_VALUE',
  });
}

/** The declaration behind the filter input type `inputType`, if the schema declared one. */
export const filterRulesOf = (inputType: string): FilterSpec | undefined => rulesByInput.get(inputType);
