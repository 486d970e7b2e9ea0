/**
 * Checks of argument values that GraphQL's type system cannot express, made
 * before any upstream call: ID formats and the SSM model's limits on filters.
 */
import { matchesShape, maxFilterValues } from '../ssm/model.ts';
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

/** How the filters of one GraphQL input type are checked. */
export interface FilterRules {
  /** The model's filter shape, whose most values per member bound list lengths. */
  shape?: string;
  /** Members holding an SSM ID, with the model shape the ID must match. */
  ids?: Record<string, string>;
}

const rulesByInput = new Map<string, FilterRules>();

/**
 * The GraphQL input type of an SSM filter declaration (src/ssm/filters.ts) and
 * its checks: one field per member, typed and documented as declared; the
 * checks bound list lengths by the declaration's model shape and match the
 * members that declare a model shape. Returns the type's ref with its `check`,
 * which `ssmConnection({ filter })` runs for the resolver.
 */
export function filterInput<S extends FilterSpec>(name: string, spec: S, description: string) {
  const ids = Object.fromEntries(Object.entries(spec.members).flatMap(([m, d]) => (d.shape ? [[m, d.shape]] : [])));
  const ref = builder.inputType(name, {
    description,
    fields: (t) =>
      Object.fromEntries(
        Object.entries(spec.members).map(([member, d]) => [member, t.field({ type: inputType(d) as never, description: d.description })]),
      ),
  });
  return Object.assign(ref as unknown as InputObjectRef<Types, FilterValues<S>>, {
    check: filterChecks(name, { shape: spec.shape, ids }) as (raw: FilterValues<S> | null | undefined) => FilterValues<S>,
  });
}

function inputType(member: FilterMember): unknown {
  const one = typeof member.type === 'object' ? enumType(member.type.enum) : member.type;
  return member.list ? [one] : one;
}

/**
 * Declares the checks of the filter input type `inputType` and returns them.
 * One declaration serves both the resolvers of the connections that take it and
 * the pre-execution checks (src/server/preflight/checks.ts, `checkFilterInput`),
 * so the two can never disagree.
 */
function filterChecks(inputType: string, rules: FilterRules = {}) {
  rulesByInput.set(inputType, rules);
  return <F extends object>(filter: F | null | undefined) => checkFilterInput(inputType, filter) as Cleaned<F>;
}

/** Runs the declared checks of `inputType` on `filter`; throws BAD_USER_INPUT. Makes no call. */
export function checkFilterInput(inputType: string, filter: object | null | undefined): Record<string, unknown> {
  const rules = rulesByInput.get(inputType) ?? {};
  const out = cleanFilter(filter, rules.shape) as Record<string, unknown>;
  for (const [member, shapeName] of Object.entries(rules.ids ?? {})) {
    if (out[member] !== undefined) out[member] = checkId(`filter.${member}`, shapeName, String(out[member]));
  }
  return out;
}

/** The declared rules of `inputType`, if the schema declared any. */
export const filterRulesOf = (inputType: string): FilterRules | undefined => rulesByInput.get(inputType);
