/**
 * Live fields: subscriptions that watch one execution until it ends.
 *
 * `Subscription.automationExecution` and `Subscription.maintenanceWindowExecution`
 * mirror the Query fields of the same names: the same arguments (declared once,
 * in the domain files) and the same type. The gateway serves a subscription by
 * running its selection as that query, once per poll for every subscriber of
 * the same operation (src/server/live/); `liveFields(schema)` checks the mirror
 * when a gateway is built. What the polls need to know of each field is here:
 * how its arguments name the watched record and when that record can no longer
 * change (`ended`).
 *
 * Their own `subscribe` resolvers are not the way in: graphql-js would run the
 * selection again for every subscriber and every event, which is what the
 * shared polling avoids. Reached anyway (the schema used without the gateway),
 * they fail with an error that says so.
 */
import type { GraphQLField, GraphQLSchema } from 'graphql';
import { isTerminalAutomationStatus } from '../ssm/automation.ts';
import { isTerminalWindowStatus } from '../ssm/maintenance-windows.ts';
import { AutomationExecution, automationExecutionArgs, automationExecutionAt } from './automation.ts';
import { builder } from './builder.ts';
import type { SchemaContext } from './context.ts';
import { MaintenanceWindowExecution, windowExecutionArgs, windowExecutionAt } from './maintenance-windows.ts';

type Args = Record<string, unknown>;

export interface LiveField {
  /**
   * Loads the watched record through `ctx`'s session (the very load the
   * field's resolvers make, so it costs no call of its own) and says whether it
   * reached a terminal status. Rejects as the Query field fails: BAD_USER_INPUT,
   * UNKNOWN_LOCATION, NOT_FOUND, or an upstream failure.
   */
  ended(ctx: SchemaContext, args: Args): Promise<boolean>;
}

const WATCHES = 'Sends the selection at once, again each time it changed (the gateway polls SSM, LIVE_POLL_MS), and completes once the execution reached a terminal status and that state was sent. An unknown ID is one event with a NOT_FOUND error, then completion.';

const LIVE = {
  automationExecution: {
    type: AutomationExecution,
    args: automationExecutionArgs,
    description: `Watches one automation execution (as \`Query.automationExecution\`). ${WATCHES}`,
    async ended(ctx: SchemaContext, args: Args) {
      const { api, key } = await automationExecutionAt(ctx, args);
      return isTerminalAutomationStatus((await api.automation.execution.load(key)).AutomationExecutionStatus);
    },
  },
  maintenanceWindowExecution: {
    type: MaintenanceWindowExecution,
    args: windowExecutionArgs,
    description: `Watches one maintenance window execution (as \`Query.maintenanceWindowExecution\`), its tasks and their invocations. ${WATCHES}`,
    async ended(ctx: SchemaContext, args: Args) {
      const { api, key } = await windowExecutionAt(ctx, args);
      return isTerminalWindowStatus((await api.maintenanceWindows.windowExecution.load(key)).Status);
    },
  },
};

builder.subscriptionType({ description: 'Executions watched live, over Server-Sent Events on the GraphQL endpoint (README, Live executions).' });

for (const [name, field] of Object.entries(LIVE)) {
  builder.subscriptionField(name, (t) =>
    t.field({
      // (One cast for both entity types: Pothos types a field by its one `type`.)
      type: field.type as typeof AutomationExecution,
      description: field.description,
      args: field.args(t),
      subscribe: () => {
        throw new Error(`Subscription.${name} is served by the gateway's shared polling (src/server/live/), not by graphql-js' subscribe.`);
      },
      resolve: (record: never) => record,
    }),
  );
}

/** Each Subscription field's live behaviour, once its Query mirror is checked; throws, naming the field, when one differs. */
export function liveFields(schema: GraphQLSchema): Map<string, LiveField> {
  const out = new Map<string, LiveField>();
  const query = schema.getQueryType()?.getFields() ?? {};
  for (const field of Object.values(schema.getSubscriptionType()?.getFields() ?? {})) {
    const live = (LIVE as Record<string, LiveField | undefined>)[field.name];
    const mirror = query[field.name];
    if (!live || !mirror || signature(mirror) !== signature(field)) {
      throw new Error(`Subscription.${field.name} must mirror Query.${field.name} (same arguments and type) and be declared in src/schema/live.ts.`);
    }
    out.set(field.name, live);
  }
  return out;
}

const signature = (f: GraphQLField<unknown, unknown>) => `${f.args.map((a) => `${a.name}:${String(a.type)}`).join(',')}->${String(f.type)}`;
