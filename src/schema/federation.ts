/**
 * Apollo Federation: the types other subgraphs may reference, keyed on the raw
 * SSM IDs they hold (never on `id`, which is this API's encoded Relay global ID).
 *
 * `resolveReference` goes through the same per-request loaders as every other
 * field, so the N representations of one type in an `_entities` call are
 * batched and de-duplicated upstream (ten automation executions per
 * DescribeAutomationExecutions, one step-filtered DescribeAutomationStepExecutions
 * per execution, ...) and served from the cross-request cache when possible.
 *
 * A key that fails the SSM model's ID pattern is refused with BAD_USER_INPUT
 * before any upstream call; an unknown one gives null with a NOT_FOUND error.
 * Both fail only their own item of `_entities` (the resolvers are async, so a
 * refusal is a rejected promise, never a throw out of the whole list).
 */
import { builder } from './builder.ts';
import type { SchemaContext } from './context.ts';
import { badInput } from './errors.ts';
import { checkId } from './inputs.ts';
import { Association, AssociationExecution } from './associations.ts';
import { AutomationExecution, AutomationStepExecution } from './automation.ts';
import { MaintenanceWindowExecutionTask } from './maintenance-window-tasks.ts';
import { MaintenanceWindow, MaintenanceWindowExecution } from './maintenance-windows.ts';

/** [GraphQL key field, SSM model shape that validates it]. */
type KeyPart = readonly [field: string, shape: string];

/**
 * The representation's key values, each checked against its model shape.
 * Representations are untyped JSON (`_Any`): a missing or non-string value is malformed too.
 */
function keyValues(typename: string, ref: Record<string, unknown>, parts: readonly KeyPart[]): string[] {
  return parts.map(([field, shape]) => {
    const value = ref[field];
    if (typeof value !== 'string') {
      throw badInput(`Malformed ${typename} reference: \`${field}\` must be a string.`, {
        argument: `representations.${field}`,
        reason: 'MALFORMED_ID',
      });
    }
    return checkId(field, shape, value);
  });
}

/** A copy, so the `__typename` @apollo/subgraph sets on the result never touches a cached record. */
const copy = async <T extends object>(p: Promise<T>): Promise<T> => ({ ...(await p) });

/** Every entity with its key parts and how its record is loaded: the table docs/federation.md repeats. */
export const ENTITY_KEYS = {
  Association: [['associationId', 'AssociationId']],
  AssociationExecution: [
    ['associationId', 'AssociationId'],
    ['executionId', 'AssociationExecutionId'],
  ],
  AutomationExecution: [['automationExecutionId', 'AutomationExecutionId']],
  AutomationStepExecution: [
    ['automationExecutionId', 'AutomationExecutionId'],
    ['stepExecutionId', 'StepExecutionFilterValue'],
  ],
  MaintenanceWindow: [['windowId', 'MaintenanceWindowId']],
  MaintenanceWindowExecution: [['windowExecutionId', 'MaintenanceWindowExecutionId']],
  MaintenanceWindowExecutionTask: [
    ['windowExecutionId', 'MaintenanceWindowExecutionId'],
    ['taskExecutionId', 'MaintenanceWindowExecutionTaskId'],
  ],
} as const satisfies Record<string, readonly KeyPart[]>;

type Typename = keyof typeof ENTITY_KEYS;
const parse = (t: Typename, ref: object) => keyValues(t, ref as Record<string, unknown>, ENTITY_KEYS[t]);

builder.asEntity(Association, {
  key: builder.selection<{ associationId: string }>('associationId'),
  resolveReference: async (ref, ctx: SchemaContext) => {
    const [associationId] = parse('Association', ref);
    return copy(ctx.ssm.associations.association.load(associationId));
  },
});

builder.asEntity(AssociationExecution, {
  key: builder.selection<{ associationId: string; executionId: string }>('associationId executionId'),
  resolveReference: async (ref, ctx: SchemaContext) => {
    const [associationId, executionId] = parse('AssociationExecution', ref);
    return copy(ctx.ssm.associations.execution.load({ associationId, executionId }));
  },
});

builder.asEntity(AutomationExecution, {
  key: builder.selection<{ automationExecutionId: string }>('automationExecutionId'),
  resolveReference: async (ref, ctx: SchemaContext) => {
    const [automationExecutionId] = parse('AutomationExecution', ref);
    return copy(ctx.ssm.automation.execution.load(automationExecutionId));
  },
});

builder.asEntity(AutomationStepExecution, {
  key: builder.selection<{ automationExecutionId: string; stepExecutionId: string }>('automationExecutionId stepExecutionId'),
  resolveReference: async (ref, ctx: SchemaContext) => {
    const [automationExecutionId, stepExecutionId] = parse('AutomationStepExecution', ref);
    return copy(ctx.ssm.automation.step.load({ automationExecutionId, stepExecutionId }));
  },
});

builder.asEntity(MaintenanceWindow, {
  key: builder.selection<{ windowId: string }>('windowId'),
  resolveReference: async (ref, ctx: SchemaContext) => {
    const [windowId] = parse('MaintenanceWindow', ref);
    return copy(ctx.ssm.maintenanceWindows.window.load(windowId));
  },
});

builder.asEntity(MaintenanceWindowExecution, {
  key: builder.selection<{ windowExecutionId: string }>('windowExecutionId'),
  resolveReference: async (ref, ctx: SchemaContext) => {
    const [windowExecutionId] = parse('MaintenanceWindowExecution', ref);
    return copy(ctx.ssm.maintenanceWindows.windowExecution.load(windowExecutionId));
  },
});

builder.asEntity(MaintenanceWindowExecutionTask, {
  key: builder.selection<{ windowExecutionId: string; taskExecutionId: string }>('windowExecutionId taskExecutionId'),
  resolveReference: async (ref, ctx: SchemaContext) => {
    const [windowExecutionId, taskExecutionId] = parse('MaintenanceWindowExecutionTask', ref);
    return copy(ctx.ssm.maintenanceWindows.task.load({ windowExecutionId, taskExecutionId }));
  },
});
