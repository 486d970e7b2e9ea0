/**
 * Automation executions and their step trees: loops (ParentStepDetails),
 * nested steps (childSteps) and child automations (aws:executeAutomation).
 */
import {
  AUTOMATION_EXECUTION_FILTER,
  STEP_EXECUTION_FILTER,
  isTerminalAutomationStatus,
  type AutomationExecutionRecord,
  type StepFilter,
  type StepRecord,
} from '../ssm/automation.ts';
import { builder } from './builder.ts';
import type { SchemaContext } from './context.ts';
import { entityNode } from './entity.ts';
import { checkId, filterInput } from './inputs.ts';
import { enumType } from './model-fields.ts';
import { prefetchChildren } from './prefetch.ts';
import { connectionOf, ssmConnection } from './ssm-connection.ts';
import { estateConnection } from './estate-connection.ts';
import { recordLocation, recordLocationArgs } from './locations.ts';
import type { LocationApi } from '../ssm/index.ts';
import type { Located } from '../ssm/locations.ts';
import type { PageAt } from '../ssm/session.ts';
import { SsmError } from '../ssm/errors.ts';

/** Listed summaries load ten per DescribeAutomationExecutions call; the full shape by GetAutomationExecution. */
export const AutomationExecution = entityNode<'AutomationExecution', AutomationExecutionRecord>('AutomationExecution');
/** Steps of one execution load ten per DescribeAutomationStepExecutions call. */
export const AutomationStepExecution = entityNode<'AutomationStepExecution', StepRecord>('AutomationStepExecution');

export const AutomationExecutionConnection = connectionOf(AutomationExecution);
export const AutomationStepExecutionConnection = connectionOf(AutomationStepExecution);

const status = () => enumType('AutomationExecutionStatus');

export const AutomationExecutionFilter = filterInput('AutomationExecutionFilter', AUTOMATION_EXECUTION_FILTER, "Pushed down to DescribeAutomationExecutions' filters. Lists within a member are ORed, members ANDed.");

export const StepExecutionFilter = filterInput('StepExecutionFilter', STEP_EXECUTION_FILTER, "Pushed down to DescribeAutomationStepExecutions' filters. Lists within a member are ORed, members ANDed.");

AutomationExecution.implement({
  description: 'One run of an Automation runbook (GetAutomationExecution / DescribeAutomationExecutions).',
  fields: (t) => ({
    ...AutomationExecution.modelFields(t, {
      omit: ['StepExecutions'],
      sources: [
        { shape: 'AutomationExecution', detail: true, has: (e) => e.$detail, load: (e, ctx) => ctx.ssm.of(e).automation.detail.load(e) },
        { shape: 'AutomationExecutionMetadata', has: (e) => !e.$detail, load: (e, ctx) => ctx.ssm.of(e).automation.summary.load(e) },
      ],
    }),
    steps: ssmConnection(t, {
      type: AutomationStepExecutionConnection,
      operation: 'DescribeAutomationStepExecutions',
      reversible: true,
      description: 'The step executions in execution order (reverse with `reverseOrder`, or page backwards with `last`/`before`).',
      filter: StepExecutionFilter,
      args: { reverseOrder: t.arg.boolean({ defaultValue: false, description: 'List the steps last first (SSM\'s ReverseOrder).' }) },
      resolve: (e: AutomationExecutionRecord, args, ctx, filter) => ({
        identity: ['steps', e.AutomationExecutionId, filter],
        reversed: !!args.reverseOrder,
        fetchPage: stepPages(ctx.ssm.of(e), e.AutomationExecutionId, filter, isTerminal(e)),
      }),
    }),
    parentAutomationExecution: t.field({
      type: AutomationExecution,
      description:
        "The automation that started this one (an aws:executeAutomation step, or a multi-account run): looked up in this execution's location, then, for a child in another location, in the home location (where multi-account runs usually start).",
      resolve: (e, _args, ctx) => (e.ParentAutomationExecutionId ? parentOf(ctx, e, e.ParentAutomationExecutionId) : null),
    }),
    childAutomationExecutions: ssmConnection(t, {
      type: AutomationExecutionConnection,
      operation: 'DescribeAutomationExecutions',
      description: 'Automations this one started (DescribeAutomationExecutions, ParentExecutionId filter).',
      filter: AutomationExecutionFilter,
      resolve: (e: AutomationExecutionRecord, _args, ctx, raw) => {
        const filter = { ...raw, parentExecutionId: e.AutomationExecutionId };
        return { identity: ['childAutomations', filter], fetchPage: (at) => ctx.ssm.of(e).automation.listExecutionsPage({ filter, ...at }) };
      },
    }),
  }),
});

AutomationStepExecution.implement({
  description: 'One step of an automation execution, including each iteration of a loop.',
  fields: (t) => ({
    ...AutomationStepExecution.modelFields(t),
    automationExecution: t.field({
      type: AutomationExecution,
      description: 'The automation execution this step belongs to (batched lookups; null with its error when its lookup fails).',
      resolve: (s) => AutomationExecution.ref(s),
    }),
    parentStep: t.field({
      type: AutomationStepExecution,
      description: 'The aws:loop (or other parent) step this step ran under, from ParentStepDetails.',
      resolve: (s, _args, ctx) => {
        const parent = s.ParentStepDetails?.StepExecutionId;
        if (!parent) return null;
        // A parent listed already (the usual case: loops list their parent first) is returned as
        // is, without a loader round; otherwise its ID is loaded, batched with the others.
        const key = { ...locationOf(s), AutomationExecutionId: s.AutomationExecutionId, StepExecutionId: parent };
        return ctx.ssm.of(s).automation.step.peek(key) ?? AutomationStepExecution.ref(key);
      },
    }),
    iteration: t.int({
      description: 'For a step that ran in a loop: which iteration of its parent aws:loop it is, from 0 (ParentStepDetails.Iteration).',
      resolve: (s) => s.ParentStepDetails?.Iteration ?? null,
    }),
    iteratorValue: t.string({
      description: 'For a step of a loop over values: the value of its iteration (ParentStepDetails.IteratorValue).',
      resolve: (s) => s.ParentStepDetails?.IteratorValue ?? null,
    }),
    childSteps: ssmConnection(t, {
      type: AutomationStepExecutionConnection,
      operation: 'DescribeAutomationStepExecutions',
      reversible: true,
      description: 'Steps that ran under this one (DescribeAutomationStepExecutions, ParentStepExecutionId filter).',
      filter: StepExecutionFilter,
      args: { reverseOrder: t.arg.boolean({ defaultValue: false, description: 'List the steps last first (SSM\'s ReverseOrder).' }) },
      resolve: (s: StepRecord, args, ctx, raw) => {
        const filter = { ...raw, parentStepExecutionId: s.StepExecutionId };
        return {
          identity: ['childSteps', s.AutomationExecutionId, filter],
          reversed: !!args.reverseOrder,
          fetchPage: (at, reverse) =>
            ctx.ssm.of(s).automation.listStepsPage(s.AutomationExecutionId, reverse, { filter, ...at, stable: isTerminalAutomationStatus(s.StepStatus) }),
        };
      },
    }),
    childAutomationExecution: t.field({
      type: AutomationExecution,
      description:
        "For an aws:executeAutomation step: the automation it started (its ExecutionId output), in the step's target location when it has one (a multi-account run's `targetLocation`: one account and Region), else in the step's own. A target location the gateway does not serve gives null and LOCATION_NOT_CONFIGURED naming it.",
      resolve: (s) => {
        const child = s.Action === 'aws:executeAutomation' ? s.Outputs?.ExecutionId?.[0] : undefined;
        return child ? AutomationExecution.ref({ ...targetOf(s), AutomationExecutionId: child }) : null;
      },
    }),
  }),
});

/** The arguments of the fields that name one automation execution (`Query.` and `Subscription.automationExecution`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const automationExecutionArgs = (t: any) => ({ automationExecutionId: t.arg.id({ required: true, description: 'The execution ID (a UUID).' }), ...recordLocationArgs(t) });

/** The execution those arguments name, checked (BAD_USER_INPUT, UNKNOWN_LOCATION), with its location's API. */
export async function automationExecutionAt(ctx: SchemaContext, args: { automationExecutionId?: unknown; accountId?: unknown; region?: unknown }) {
  const id = checkId('automationExecutionId', 'AutomationExecutionId', String(args.automationExecutionId));
  const api = await recordLocation(ctx, args);
  return { api, id, key: { ...api.session.here, AutomationExecutionId: id } };
}

builder.queryFields((t) => ({
  automationExecution: t.field({
    type: AutomationExecution,
    description: 'An automation execution by ID (GetAutomationExecution), in the home location unless `accountId`/`region` say otherwise.',
    args: automationExecutionArgs(t),
    resolve: async (_root, args, ctx, info) => {
      const { api, id, key } = await automationExecutionAt(ctx, args);
      // The steps' first page goes out beside the execution's own load (prefetch.ts).
      prefetchChildren(info, ctx, {
        steps: (a, at) => {
          const terminal = api.automation.execution.load(key).then(isTerminal, () => false);
          return stepPages(api, id, StepExecutionFilter.check(a.filter as never), terminal)(at, !!a.reverseOrder);
        },
      });
      return AutomationExecution.ref(key);
    },
  }),
  automationExecutions: estateConnection(t, {
    type: AutomationExecutionConnection,
    operation: 'DescribeAutomationExecutions',
    description:
      'Automation executions of every served location (or those `accountIds`/`regions` select), newest first by start time across locations (DescribeAutomationExecutions).',
    filter: AutomationExecutionFilter,
    order: { by: 'newest', time: (e: AutomationExecutionRecord) => e.ExecutionStartTime ?? e.ScheduledTime },
    resolve: (filter) => ({ identity: ['automations', filter], fetchPage: (api, token) => api.automation.listExecutionsPage({ filter, token }) }),
  }),
}));

const isTerminal = (e: AutomationExecutionRecord) => isTerminalAutomationStatus(e.AutomationExecutionStatus);

/** The pages of an execution's `steps`, as its resolver and the root's prefetch both ask for them. */
function stepPages(api: LocationApi, id: string, filter: StepFilter, terminal: boolean | Promise<boolean>) {
  return (at: PageAt, reverse: boolean) => api.automation.listStepsPage(id, reverse, { filter, ...at, stable: terminal });
}

const locationOf = (r: Located): Located => ({ AccountId: r.AccountId, Region: r.Region });

/** Where a step's child automation runs: its single target location, else the step's own. */
function targetOf(s: StepRecord): Located {
  const { Accounts, Regions } = s.TargetLocation ?? {};
  return Accounts?.length === 1 && Regions?.length === 1 ? { AccountId: Accounts[0], Region: Regions[0] } : locationOf(s);
}

/** The parent execution: in the child's location, else (a child elsewhere) in the home location. */
async function parentOf(ctx: SchemaContext, e: AutomationExecutionRecord, parentId: string) {
  const executions = ctx.ssm.entity('AutomationExecution');
  try {
    return (await executions.load({ ...locationOf(e), AutomationExecutionId: parentId })) as AutomationExecutionRecord;
  } catch (err) {
    const home = await ctx.ssm.locations.home().catch(() => undefined);
    const elsewhere = home && (home.accountId !== e.AccountId || home.region !== e.Region);
    if (!(err instanceof SsmError) || err.kind !== 'NOT_FOUND' || !elsewhere) throw err;
    return (await executions.load({ AccountId: home.accountId, Region: home.region, AutomationExecutionId: parentId })) as AutomationExecutionRecord;
  }
}
