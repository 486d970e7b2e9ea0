/**
 * Automation executions and their step trees: loops (ParentStepDetails),
 * nested steps (childSteps) and child automations (aws:executeAutomation).
 */
import { isTerminalAutomationStatus, type AutomationExecutionRecord, type StepRecord } from '../ssm/automation.ts';
import { matchesShape } from '../ssm/model.ts';
import { builder } from './builder.ts';
import { tokenConnection } from './connection.ts';
import { parseKey } from './global-id.ts';
import { checkId, filterChecks } from './inputs.ts';
import { enumType, keyField, modelFields } from './model-fields.ts';
import { prefetchChildren } from './prefetch.ts';
import type { SchemaContext } from './context.ts';

export const AutomationExecution = builder.loadableNodeRef<AutomationExecutionRecord, string, string>(
  'AutomationExecution',
  {
    id: {
      resolve: (e) => e.AutomationExecutionId,
      parse: (id) => parseKey('AutomationExecution', id, [['automationExecutionId', isExecutionId]])[0],
    },
    // Summaries, ten per DescribeAutomationExecutions call.
    load: (ids, ctx) => ctx.ssm.automation.execution.loadMany(ids),
  },
);

export const AutomationStepExecution = builder.loadableNodeRef<StepRecord, string, string>('AutomationStepExecution', {
  id: {
    resolve: (s) => `${s.AutomationExecutionId}/${s.StepExecutionId}`,
    parse: (id) => {
      parseKey('AutomationStepExecution', id, [
        ['automationExecutionId', isExecutionId],
        ['stepExecutionId', isStepId],
      ]);
      return id;
    },
  },
  // Steps of one execution, ten per DescribeAutomationStepExecutions call.
  load: (ids, ctx) =>
    ctx.ssm.automation.step.loadMany(
      ids.map((id) => {
        const [automationExecutionId, stepExecutionId] = id.split('/');
        return { automationExecutionId, stepExecutionId };
      }),
    ),
});

const isExecutionId = (v: string) => matchesShape('AutomationExecutionId', v);
const isStepId = (v: string) => matchesShape('StepExecutionFilterValue', v);

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
        { shape: 'AutomationExecution', has: (e) => e.$detail, load: (e, ctx) => detail(e, ctx) },
        { shape: 'AutomationExecutionMetadata', has: (e) => !e.$detail, load: (e, ctx) => summaryOf(e, ctx) },
      ],
    }) as {}),
    automationExecutionId: keyField(t, 'AutomationExecution', 'AutomationExecutionId') as never,
    steps: t.field({
      type: AutomationStepExecutionConnection,
      nullable: false,
      description: 'The step executions in execution order (reverse with `reverseOrder`, or page backwards with `last`/`before`).',
      args: {
        ...t.arg.connectionArgs(),
        filter: t.arg({ type: StepExecutionFilter }),
        reverseOrder: t.arg.boolean({ defaultValue: false }),
      },
      resolve: (e, args, ctx) => {
        const { filter, fetchPage } = stepPages(ctx, e.AutomationExecutionId, args.filter, isTerminal(e));
        return tokenConnection(ctx, args, {
          identity: ['steps', e.AutomationExecutionId, filter],
          reversible: true,
          reversed: !!args.reverseOrder,
          fetchPage,
        });
      },
    }),
    parentAutomationExecution: t.field({
      type: AutomationExecution,
      description: 'The automation that started this one through an aws:executeAutomation step.',
      resolve: (e) => e.ParentAutomationExecutionId ?? null,
    }),
    childAutomationExecutions: t.field({
      type: AutomationExecutionConnection,
      nullable: false,
      description: 'Automations this one started (DescribeAutomationExecutions, ParentExecutionId filter).',
      args: { ...t.arg.connectionArgs(), filter: t.arg({ type: AutomationExecutionFilter }) },
      resolve: (e, args, ctx) => {
        const filter = { ...checkAutomationFilter(args.filter), parentExecutionId: e.AutomationExecutionId };
        return tokenConnection(ctx, args, {
          identity: ['childAutomations', filter],
          fetchPage: (token) => ctx.ssm.automation.listExecutionsPage(filter, token),
        });
      },
    }),
  }),
});

AutomationStepExecution.implement({
  description: 'One step of an automation execution, including each iteration of a loop.',
  fields: (t) => ({
    ...(modelFields<StepRecord>(t, 'StepExecution') as {}),
    stepExecutionId: keyField(t, 'StepExecution', 'StepExecutionId') as never,
    automationExecutionId: t.exposeID('AutomationExecutionId', { nullable: false }),
    automationExecution: t.field({
      type: AutomationExecution,
      nullable: false,
      resolve: (s) => s.AutomationExecutionId,
    }),
    parentStep: t.field({
      type: AutomationStepExecution,
      description: 'The aws:loop (or other parent) step this step ran under, from ParentStepDetails.',
      resolve: (s, _args, ctx) => {
        const parent = s.ParentStepDetails?.StepExecutionId;
        if (!parent) return null;
        // A parent listed already (the usual case: loops list their parent first) is returned as
        // is, without a loader round; otherwise its ID is loaded, batched with the others.
        const key = { automationExecutionId: s.AutomationExecutionId, stepExecutionId: parent };
        return ctx.ssm.automation.step.peek(key) ?? `${s.AutomationExecutionId}/${parent}`;
      },
    }),
    iteration: t.int({ resolve: (s) => s.ParentStepDetails?.Iteration ?? null }),
    iteratorValue: t.string({ resolve: (s) => s.ParentStepDetails?.IteratorValue ?? null }),
    childSteps: t.field({
      type: AutomationStepExecutionConnection,
      nullable: false,
      description: 'Steps that ran under this one (DescribeAutomationStepExecutions, ParentStepExecutionId filter).',
      args: { ...t.arg.connectionArgs(), filter: t.arg({ type: StepExecutionFilter }), reverseOrder: t.arg.boolean({ defaultValue: false }) },
      resolve: (s, args, ctx) => {
        const filter = { ...checkStepFilter(args.filter), parentStepExecutionId: s.StepExecutionId };
        return tokenConnection(ctx, args, {
          identity: ['childSteps', s.AutomationExecutionId, filter],
          reversible: true,
          reversed: !!args.reverseOrder,
          fetchPage: (token, reverse) =>
            ctx.ssm.automation.listStepsPage(s.AutomationExecutionId, filter, reverse, token, isTerminalAutomationStatus(s.StepStatus)),
        });
      },
    }),
    childAutomationExecution: t.field({
      type: AutomationExecution,
      description: 'For an aws:executeAutomation step: the automation it started (its ExecutionId output).',
      resolve: (s) => (s.Action === 'aws:executeAutomation' ? (s.Outputs?.ExecutionId?.[0] ?? null) : null),
    }),
  }),
});

builder.queryFields((t) => ({
  automationExecution: t.field({
    type: AutomationExecution,
    args: { automationExecutionId: t.arg.id({ required: true }) },
    resolve: (_root, { automationExecutionId }, ctx, info) => {
      const id = checkId('automationExecutionId', 'AutomationExecutionId', String(automationExecutionId));
      // The steps' first page goes out beside the execution's own load (prefetch.ts).
      prefetchChildren(info, {
        steps: (args) => {
          const terminal = ctx.ssm.automation.execution.load(id).then(isTerminal, () => false);
          return stepPages(ctx, id, args.filter as never, terminal).fetchPage(undefined, !!args.reverseOrder);
        },
      });
      return id;
    },
  }),
  automationExecutions: t.field({
    type: AutomationExecutionConnection,
    nullable: false,
    description: 'Automation executions of the account, newest first (DescribeAutomationExecutions).',
    args: { ...t.arg.connectionArgs(), filter: t.arg({ type: AutomationExecutionFilter }) },
    resolve: (_root, args, ctx) => {
      const filter = checkAutomationFilter(args.filter);
      return tokenConnection(ctx, args, {
        identity: ['automations', filter],
        fetchPage: (token) => ctx.ssm.automation.listExecutionsPage(filter, token),
      });
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
const detail = (e: AutomationExecutionRecord, ctx: { ssm: { automation: { detail: { load(id: string): Promise<AutomationExecutionRecord> } } } }) =>
  ctx.ssm.automation.detail.load(e.AutomationExecutionId) as Promise<Record<string, unknown>>;
const summaryOf = (e: AutomationExecutionRecord, ctx: { ssm: { automation: { execution: { load(id: string): Promise<AutomationExecutionRecord> } } } }) =>
  ctx.ssm.automation.execution.load(e.AutomationExecutionId) as Promise<Record<string, unknown>>;
