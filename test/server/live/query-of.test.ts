/** A subscription as the query that polls it (src/server/live/query-of.ts). */
import { parse, print, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../../src/schema/index.ts';
import { asQuery } from '../../../src/server/live/query-of.ts';

describe('asQuery', () => {
  it('keeps the selection, aliases, variables and fragments, puts fragments on Subscription on Query, and drops the other operations', () => {
    const doc = parse(`
      query Other { locations { region } }
      subscription Watch($id: ID!) { ...Root ... on Subscription { again: automationExecution(automationExecutionId: $id) { ...Exec } } }
      fragment Root on Subscription { run: automationExecution(automationExecutionId: $id) { ...Exec } }
      fragment Exec on AutomationExecution { automationExecutionStatus steps(first: 5) { edges { node { stepName } } } }
    `);
    const query = asQuery(schema, doc, 'Watch')!;
    expect(validate(schema, query)).toEqual([]);
    expect(print(query)).toBe(
      print(
        parse(`
          query Watch($id: ID!) { ...Root ... on Query { again: automationExecution(automationExecutionId: $id) { ...Exec } } }
          fragment Root on Query { run: automationExecution(automationExecutionId: $id) { ...Exec } }
          fragment Exec on AutomationExecution { automationExecutionStatus steps(first: 5) { edges { node { stepName } } } }
        `),
      ),
    );
    expect(asQuery(schema, doc, 'Watch')).toBe(query);
  });

  it('is undefined for an operation that is not a subscription', () => {
    expect(asQuery(schema, parse('query Q { locations { region } }'), 'Q')).toBeUndefined();
  });
});
