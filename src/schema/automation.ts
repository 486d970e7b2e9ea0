/**
 * Automation executions and their step trees: loops (ParentStepDetails),
 * nested steps (childSteps) and child automations (aws:executeAutomation).
 */
import { isTerminalAutomationStatus, type AutomationExecutionRecord, type StepRecord } from '../ssm/automation.ts';
import { builder } from './builder.ts';
import type { SchemaContext } from './context.ts';
import { entityNode } from './entity.ts';
import { checkId, filterChecks } from './inputs.ts';
import { enumType, modelFields } from './model-fields.ts';
import { prefetchChildren } from './prefetch.ts';
import { ssmConnection } from './ssm-connection.ts';

/** Listed summaries load ten per DescribeAutomationExecutions call; the full shape by GetAutomationExecution. */
export const AutomationExecution = entityNode<'AutomationExecution', AutomationExecutionRecord>('AutomationExecution');
/** Steps of one execution load ten per DescribeAutomationStepExecutions call. */
export const AutomationStepExecution = entityNode<'AutomationStepExecution', StepRecord>('AutomationStepExecution');

export const AutomationExecutionConnection = builder.connectionObject({
  type: AutomationExecution,
  name: 'AutomationExecutionConnection',
});
export const AutomationStepExecutionConnection = builder.connectionObject({
  type: AutomationStepExecution,
  name: 'AutomationStepExecutionConnection',
});

const status = () => enumType('AutomationExecutionStatus');

export const AutomationExecutionFilter = builder.inputType('AutomationExecutionFilter', {
  description: "Pushed down to DescribeAutomationExecutions' filters. Lists within a member are ORed, members ANDed.",
  fields: (t) => ({
    documentNamePrefix: t.string(),
    status: t.field({ type: [status()] }),
    executionIds: t.idList(),
    parentExecutionId: t.id(),
    currentAction: t.string(),
    startTimeBefore: t.field({ type: 'DateTime' }),
    startTimeAfter: t.field({ type: 'DateTime' }),
    automationType: t.field({ type: enumType('AutomationType') }),
    automationSubtype: t.field({ type: enumType('AutomationSubtype') }),
    opsItemId: t.string(),
  }),
});

const checkAutomationFilter = filterChecks(AutomationExecutionFilter.name, { shape: 'AutomationExecutionFilter' });

export const StepExecutionFilter = builder.inputType('StepExecutionFilter', {
  description: "Pushed down to DescribeAutomationStepExecutions' filters. Lists within a member are ORed, members ANDed.",
  fields: (t) => ({
    stepExecutionIds: t.stringList(),
    stepName: t.stringList(),
    action: t.stringList(),
    status: t.field({ type: [status()] }),
    startTimeBefore: t.field({ type: 'DateTime' }),
    startTimeAfter: t.field({ type: 'DateTime' }),
    parentStepExecutionId: t.string(),
    parentStepIteration: t.int(),
    parentStepIteratorValue: t.string(),
  }),
});

const checkStepFilter = filterChecks(StepExecutionFilter.name, { shape: 'StepExecutionFilter' });

AutomationExecution.implement({
  description: 'One run of an Automation runbook (GetAutomationExecution / DescribeAutomationExecutions).',
  fields: (t) => ({
    ...(modelFields<AutomationExecutionRecord>(t, 'AutomationExecution', {
      omit: ['StepExecutions'],
      sources: [
        { shape: 'AutomationExecution', detail: true, has: (e) => e.$detail, load: (e, ctx) => ctx.ssm.automation.detail.load(e) },
        { shape: 'AutomationExecutionMetadata', has: (e) => !e.$detail, load: (e, ctx) => ctx.ssm.automation.execution.load(e) },
      ],
    }) as {}),
    ...(AutomationExecution.keyFields(t) as {}),
    steps: ssmConnection(t, {
      type: AutomationStepExecutionConnection,
      operation: 'DescribeAutomationStepExecutions',
      reversible: true,
      description: 'The step executions in execution order (reverse with `reverseOrder`, or page backwards with `last`/`before`).',
      args: { filter: t.arg({ type: StepExecutionFilter }), reverseOrder: t.arg.boolean({ defaultValue: false }) },
      resolve: (e: AutomationExecutionRecord, args, ctx) => {
        const { filter, fetchPage } = stepPages(ctx, e.AutomationExecutionId, args.filter, isTerminal(e));
        return { identity: ['steps', e.AutomationExecutionId, filter], reversed: !!args.reverseOrder, fetchPage };
      },
    }),
    parentAutomationExecution: t.field({
      type: AutomationExecution,
      description: 'The automation that started this one through an aws:executeAutomation step.',
      resolve: (e) => (e.ParentAutomationExecutionId ? AutomationExecution.ref({ AutomationExecutionId: e.ParentAutomationExecutionId }) : null),
    }),
    childAutomationExecutions: ssmConnection(t, {
      type: AutomationExecutionConnection,
      operation: 'DescribeAutomationExecutions',
      description: 'Automations this one started (DescribeAutomationExecutions, ParentExecutionId filter).',
      args: { filter: t.arg({ type: AutomationExecutionFilter }) },
      resolve: (e: AutomationExecutionRecord, args, ctx) => {
        const filter = { ...checkAutomationFilter(args.filter), parentExecutionId: e.AutomationExecutionId };
        return { identity: ['childAutomations', filter], fetchPage: (token) => ctx.ssm.automation.listExecutionsPage(filter, token) };
      },
    }),
  }),
});

AutomationStepExecution.implement({
  description: 'One step of an automation execution, including each iteration of a loop.',
  fields: (t) => ({
    ...(modelFields<StepRecord>(t, 'StepExecution') as {}),
    ...(AutomationStepExecution.keyFields(t) as {}),
    automationExecution: t.field({
      type: AutomationExecution,
      nullable: false,
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
        const key = { AutomationExecutionId: s.AutomationExecutionId, StepExecutionId: parent };
        return ctx.ssm.automation.step.peek(key) ?? AutomationStepExecution.ref(key);
      },
    }),
    iteration: t.int({ resolve: (s) => s.ParentStepDetails?.Iteration ?? null }),
    iteratorValue: t.string({ resolve: (s) => s.ParentStepDetails?.IteratorValue ?? null }),
    childSteps: ssmConnection(t, {
      type: AutomationStepExecutionConnection,
      operation: 'DescribeAutomationStepExecutions',
      reversible: true,
      description: 'Steps that ran under this one (DescribeAutomationStepExecutions, ParentStepExecutionId filter).',
      args: { filter: t.arg({ type: StepExecutionFilter }), reverseOrder: t.arg.boolean({ defaultValue: false }) },
      resolve: (s: StepRecord, args, ctx) => {
        const filter = { ...checkStepFilter(args.filter), parentStepExecutionId: s.StepExecutionId };
        return {
          identity: ['childSteps', s.AutomationExecutionId, filter],
          reversed: !!args.reverseOrder,
          fetchPage: (token, reverse) =>
            ctx.ssm.automation.listStepsPage(s.AutomationExecutionId, filter, reverse, token, isTerminalAutomationStatus(s.StepStatus)),
        };
      },
    }),
    childAutomationExecution: t.field({
      type: AutomationExecution,
      description: 'For an aws:executeAutomation step: the automation it started (its ExecutionId output).',
      resolve: (s) => {
        const child = s.Action === 'aws:executeAutomation' ? s.Outputs?.ExecutionId?.[0] : undefined;
        return child ? AutomationExecution.ref({ AutomationExecutionId: child }) : null;
      },
    }),
  }),
});

builder.queryFields((t) => ({
  automationExecution: t.field({
    type: AutomationExecution,
    args: { automationExecutionId: t.arg.id({ required: true }) },
    resolve: (_root, { automationExecutionId }, ctx, info) => {
      const key = { AutomationExecutionId: checkId('automationExecutionId', 'AutomationExecutionId', String(automationExecutionId)) };
      // The steps' first page goes out beside the execution's own load (prefetch.ts).
      prefetchChildren(info, ctx, {
        steps: (args) => {
          const terminal = ctx.ssm.automation.execution.load(key).then(isTerminal, () => false);
          return stepPages(ctx, key.AutomationExecutionId, args.filter as never, terminal).fetchPage(undefined, !!args.reverseOrder);
        },
      });
      return AutomationExecution.ref(key);
    },
  }),
  automationExecutions: ssmConnection(t, {
    type: AutomationExecutionConnection,
    operation: 'DescribeAutomationExecutions',
    description: 'Automation executions of the account, newest first (DescribeAutomationExecutions).',
    args: { filter: t.arg({ type: AutomationExecutionFilter }) },
    resolve: (_root, args, ctx) => {
      const filter = checkAutomationFilter(args.filter);
      return { identity: ['automations', filter], fetchPage: (token) => ctx.ssm.automation.listExecutionsPage(filter, token) };
    },
  }),
}));

const isTerminal = (e: AutomationExecutionRecord) => isTerminalAutomationStatus(e.AutomationExecutionStatus);

/** The pages of an execution's `steps`, as its resolver and the root's prefetch both ask for them. */
function stepPages(ctx: SchemaContext, id: string, rawFilter: object | null | undefined, terminal: boolean | Promise<boolean>) {
  const filter = checkStepFilter(rawFilter);
  return {
    filter,
    fetchPage: (token: string | undefined, reverse: boolean) => ctx.ssm.automation.listStepsPage(id, filter, reverse, token, terminal),
  };
}
