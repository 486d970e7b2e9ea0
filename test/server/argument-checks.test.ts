/**
 * What the pre-execution argument checks (src/server/preflight/checks.ts) rely
 * on in the schema: every connection filter declares its checks, and
 * `last`/`before` are allowed exactly where SSM can list in reverse.
 */
import { getNamedType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.ts';
import { filterRulesOf } from '../../src/schema/inputs.ts';
import { ssmConnectionOf } from '../../src/schema/ssm-connection.ts';
import { isConnection } from '../../src/server/preflight/cost.ts';
import { filterValueShape, maxFilterValues, shape } from '../../src/ssm/model.ts';

describe('what the pre-execution checks know of the schema', () => {
  const connections = Object.values(schema.getTypeMap())
    .filter(isObjectType)
    .flatMap((t) => Object.values(t.getFields()).filter((f) => isConnection(getNamedType(f.type))).map((f) => [`${t.name}.${f.name}`, f] as const));

  it("declares checks for every connection's filter input type, with model shapes that exist", () => {
    const inputs = new Set(connections.flatMap(([, f]) => f.args.filter((a) => a.name === 'filter').map((a) => getNamedType(a.type).name)));
    expect(inputs.size).toBeGreaterThan(5);
    for (const input of inputs) {
      const rules = filterRulesOf(input);
      expect(rules, input).toBeDefined();
      expect(maxFilterValues(rules!.shape), rules!.shape).toBeGreaterThan(0);
      // Every text value is held to a string shape of the model: the member's, or the filter's value shape.
      for (const [member, d] of Object.entries(rules!.members)) {
        if (d.type !== 'String' && d.type !== 'ID') continue;
        const name = d.shape ?? filterValueShape(rules!.shape);
        expect(name && shape(name).type, `${input}.${member}`).toBe('string');
      }
    }
  });

  it('takes `last`/`before` exactly where the field is `reversible` and has `reverseOrder`: steps and childSteps', () => {
    const has = (name: string) => connections.filter(([, f]) => f.args.some((a) => a.name === name)).map(([k]) => k).sort();
    const reversible = ['AutomationExecution.steps', 'AutomationStepExecution.childSteps'];
    expect(connections.filter(([, f]) => ssmConnectionOf(f)?.reversible).map(([k]) => k).sort()).toEqual(reversible);
    expect(has('reverseOrder')).toEqual(reversible);
    expect(has('last')).toEqual(reversible);
    expect(has('before')).toEqual(reversible);
    expect(has('first')).toEqual(connections.map(([k]) => k).sort());
  });
});
