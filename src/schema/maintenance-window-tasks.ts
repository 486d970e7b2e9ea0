/**
 * The tasks a maintenance window execution ran and their invocations, down to
 * what each invocation started: an automation execution (AUTOMATION tasks) or a
 * command's per-instance invocations (RUN_COMMAND tasks).
 *
 * A task's `execution` is added by maintenance-windows.ts, which owns the
 * execution type (so this module imports nothing from it).
 */
import {
  WINDOW_TASK_FILTER,
  isTerminalWindowStatus,
  type WindowTaskInvocationRecord,
  type WindowTaskRecord,
} from '../ssm/maintenance-windows.ts';
import { matchesShape } from '../ssm/model.ts';
import { AutomationExecution } from './automation.ts';
import { CommandInvocationConnection } from './commands.ts';
import { builder } from './builder.ts';
import { entityNode } from './entity.ts';
import { filterInput } from './inputs.ts';
import { enumType } from './model-fields.ts';
import { connectionOf, ssmConnection } from './ssm-connection.ts';

/** One GetMaintenanceWindowExecutionTask per task not already listed. */
export const MaintenanceWindowExecutionTask = entityNode<'MaintenanceWindowExecutionTask', WindowTaskRecord>(
  'MaintenanceWindowExecutionTask',
);
/** One GetMaintenanceWindowExecutionTaskInvocation per invocation not already listed. */
export const MaintenanceWindowExecutionTaskInvocation = entityNode<'MaintenanceWindowExecutionTaskInvocation', WindowTaskInvocationRecord>(
  'MaintenanceWindowExecutionTaskInvocation',
);

export const MaintenanceWindowExecutionTaskConnection = connectionOf(MaintenanceWindowExecutionTask);
export const MaintenanceWindowExecutionTaskInvocationConnection = connectionOf(MaintenanceWindowExecutionTaskInvocation);

const status = () => enumType('MaintenanceWindowExecutionStatus');

/** Tasks and invocations share SSM's STATUS filter (one value per filter: no model limit). */
export const MaintenanceWindowExecutionTaskFilter = filterInput('MaintenanceWindowExecutionTaskFilter', WINDOW_TASK_FILTER, "Pushed down to DescribeMaintenanceWindowExecutionTasks' STATUS filter (values ORed).");
export const MaintenanceWindowExecutionTaskInvocationFilter = filterInput('MaintenanceWindowExecutionTaskInvocationFilter', WINDOW_TASK_FILTER, "Pushed down to DescribeMaintenanceWindowExecutionTaskInvocations' STATUS filter (values ORed).");

MaintenanceWindowExecutionTask.implement({
  description: 'One task a maintenance window execution ran (DescribeMaintenanceWindowExecutionTasks / GetMaintenanceWindowExecutionTask).',
  fields: (t) => ({
    ...MaintenanceWindowExecutionTask.modelFields(t, {
      // `Type` is the Get shape's name for `TaskType`: served from either shape below.
      omit: ['Type'],
      sources: [
        // A Get result holds every identity member (its `Type` copied to `TaskType`).
        { shape: 'MaintenanceWindowExecutionTaskIdentity', has: () => true },
        {
          shape: 'GetMaintenanceWindowExecutionTaskResult',
          detail: true,
          has: (r) => r.$detail,
          load: (r, ctx) => ctx.ssm.of(r).maintenanceWindows.taskDetail.load(r),
        },
      ],
    }),
    type: t.field({
      type: enumType('MaintenanceWindowTaskType'),
      description: "The type of task that was run (GetMaintenanceWindowExecutionTask's name for `taskType`).",
      resolve: (r) => (r.Type ?? r.TaskType ?? null) as string | null,
    }),
    invocations: ssmConnection(t, {
      type: MaintenanceWindowExecutionTaskInvocationConnection,
      operation: 'DescribeMaintenanceWindowExecutionTaskInvocations',
      description: "The task's invocations, one per target (DescribeMaintenanceWindowExecutionTaskInvocations).",
      filter: MaintenanceWindowExecutionTaskInvocationFilter,
      resolve: (r: WindowTaskRecord, _args, ctx, filter) => ({
        identity: ['mwInvocations', r.WindowExecutionId, r.TaskExecutionId, filter],
        fetchPage: (token) =>
          ctx.ssm.of(r).maintenanceWindows.listInvocationsPage(r, { filter, token, stable: isTerminalWindowStatus(r.Status) }),
      }),
    }),
  }),
});

MaintenanceWindowExecutionTaskInvocation.implement({
  description: 'One invocation of a maintenance window task on one target (DescribeMaintenanceWindowExecutionTaskInvocations).',
  fields: (t) => ({
    ...MaintenanceWindowExecutionTaskInvocation.modelFields(t),
    task: t.field({
      type: MaintenanceWindowExecutionTask,
      description: 'The task this invocation belongs to (free when it was listed; null with its error when its lookup fails).',
      resolve: (i) => MaintenanceWindowExecutionTask.ref(i),
    }),
    automationExecution: t.field({
      type: AutomationExecution,
      description: 'For an AUTOMATION task: the automation execution this invocation started (its `executionId`).',
      resolve: (i) =>
        i.TaskType === 'AUTOMATION' && i.ExecutionId && matchesShape('AutomationExecutionId', i.ExecutionId)
          ? AutomationExecution.ref({ AccountId: i.AccountId, Region: i.Region, AutomationExecutionId: i.ExecutionId })
          : null,
    }),
    commandInvocations: ssmConnection(t, {
      type: CommandInvocationConnection,
      operation: 'ListCommandInvocations',
      nullable: true,
      description:
        'For a RUN_COMMAND task: the per-node invocations of the command this invocation sent (its `executionId` is the CommandId; ListCommandInvocations). Null for other task types.',
      resolve: (i: WindowTaskInvocationRecord, _args, ctx) => {
        const commandId = i.TaskType === 'RUN_COMMAND' ? i.ExecutionId : undefined;
        if (!commandId || !matchesShape('CommandId', commandId)) return null;
        return {
          identity: ['commandInvocations', commandId],
          fetchPage: (token) => ctx.ssm.of(i).commands.listCommandInvocationsPage(commandId, { filter: {}, token, stable: isTerminalWindowStatus(i.Status) }),
        };
      },
    }),
  }),
});
