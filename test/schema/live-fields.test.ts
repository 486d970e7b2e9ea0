/** The Subscription fields mirror their Query fields (src/schema/live.ts `liveFields`), checked when a gateway is built. */
import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema, subgraphSchema } from '../../src/schema/index.ts';
import { liveFields } from '../../src/schema/live.ts';

const sdl = (subscription: string) =>
  buildSchema(`
    type AutomationExecution { automationExecutionId: ID! }
    type Query { automationExecution(automationExecutionId: ID!, accountId: ID, region: String): AutomationExecution }
    type Subscription { ${subscription} }
  `);

describe('liveFields', () => {
  it('serves each Subscription field of the schema, and none of the subgraph (it has no Subscription type)', () => {
    expect([...liveFields(schema).keys()].sort()).toEqual(['automationExecution', 'maintenanceWindowExecution']);
    expect(subgraphSchema.getSubscriptionType()).toBeUndefined();
    expect(liveFields(subgraphSchema).size).toBe(0);
  });

  it('refuses a Subscription field whose arguments or type differ from the Query field, or that it does not declare', () => {
    expect(() => liveFields(sdl('automationExecution(automationExecutionId: ID!, accountId: ID, region: String): AutomationExecution'))).not.toThrow();
    expect(() => liveFields(sdl('automationExecution(automationExecutionId: ID!): AutomationExecution'))).toThrow(/Subscription.automationExecution must mirror/);
    expect(() => liveFields(sdl('automationExecution(automationExecutionId: ID!, accountId: ID, region: String): ID'))).toThrow(/must mirror/);
    expect(() => liveFields(sdl('somethingElse: ID'))).toThrow(/Subscription.somethingElse/);
  });
});
