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
        { shape: 'AutomationExecution', detail: true, has: (e) => e.$detail, load: (e, ctx) => ctx.ssm.automation.detail.load(e) },
        { shape: 'AutomationExecutionMetadata', has: (e) => !e.$detail, load: (e, ctx) => ctx.ssm.automation.execution.load(e) },
      ],
    }),
    steps: ssmConnection(t, {
      type: AutomationStepExecutionConnection,
      operation: 'DescribeAutomationStepExecutions',
      reversible: true,
      description: 'The step executions in execution order (reverse with `reverseOrder`, or page backwards with `last`/`before`).',
      filter: StepExecutionFilter,
      args: { reverseOrder: t.arg.boolean({ defaultValue: false }) },
      resolve: (e: AutomationExecutionRecord, args, ctx, filter) => ({
        identity: ['steps', e.AutomationExecutionId, filter],
        reversed: !!args.reverseOrder,
        fetchPage: stepPages(ctx, e.AutomationExecutionId, filter, isTerminal(e)),
      }),
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
      filter: AutomationExecutionFilter,
      resolve: (e: AutomationExecutionRecord, _args, ctx, raw) => {
        const filter = { ...raw, parentExecutionId: e.AutomationExecutionId };
        return { identity: ['childAutomations', filter], fetchPage: (token) => ctx.ssm.automation.listExecutionsPage({ filter, token }) };
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
      filter: StepExecutionFilter,
      args: { reverseOrder: t.arg.boolean({ defaultValue: false }) },
      resolve: (s: StepRecord, args, ctx, raw) => {
        const filter = { ...raw, parentStepExecutionId: s.StepExecutionId };
        return {
          identity: ['childSteps', s.AutomationExecutionId, filter],
          reversed: !!args.reverseOrder,
          fetchPage: (token, reverse) =>
            ctx.ssm.automation.listStepsPage(s.AutomationExecutionId, reverse, { filter, token, stable: isTerminalAutomationStatus(s.StepStatus) }),
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
          const filter = StepExecutionFilter.check(args.filter as never);
          return stepPages(ctx, key.AutomationExecutionId, filter, terminal)(undefined, !!args.reverseOrder);
        },
      });
      return AutomationExecution.ref(key);
    },
  }),
  automationExecutions: ssmConnection(t, {
    type: AutomationExecutionConnection,
    operation: 'DescribeAutomationExecutions',
    description: 'Automation executions of the account, newest first (DescribeAutomationExecutions).',
    filter: AutomationExecutionFilter,
    resolve: (_root: unknown, _args, ctx, filter) => ({
      identity: ['automations', filter],
      fetchPage: (token) => ctx.ssm.automation.listExecutionsPage({ filter, token }),
    }),
  }),
}));

const isTerminal = (e: AutomationExecutionRecord) => isTerminalAutomationStatus(e.AutomationExecutionStatus);

/** The pages of an execution's `steps`, as its resolver and the root's prefetch both ask for them. */
function stepPages(ctx: SchemaContext, id: string, filter: StepFilter, terminal: boolean | Promise<boolean>) {
  return (token: string | undefined, reverse: boolean) => ctx.ssm.automation.listStepsPage(id, reverse, { filter, token, stable: terminal });
}
