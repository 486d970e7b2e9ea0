/**
 * The tasks a maintenance window execution ran and their invocations, down to
 * what each invocation started: an automation execution (AUTOMATION tasks) or a
 * command's per-instance invocations (RUN_COMMAND tasks).
 *
 * A task's `execution` is added by maintenance-windows.ts, which owns the
 * execution type (so this module imports nothing from it).
 */
import {
  isTerminalWindowStatus,
  type WindowTaskInvocationRecord,
  type WindowTaskRecord,
} from '../ssm/maintenance-windows.ts';
import { matchesShape } from '../ssm/model.ts';
import { AutomationExecution } from './automation.ts';
import { CommandInvocationConnection } from './commands.ts';
import { builder } from './builder.ts';
import type { SchemaContext as Ctx } from './context.ts';
import { tokenConnection } from './connection.ts';
import { parseKey } from './global-id.ts';
import { filterChecks } from './inputs.ts';
import { enumType, keyField, modelFields } from './model-fields.ts';

export const isWindowExecutionId = (v: string) => matchesShape('MaintenanceWindowExecutionId', v);
const isTaskId = (v: string) => matchesShape('MaintenanceWindowExecutionTaskId', v);
const isInvocationId = (v: string) => matchesShape('MaintenanceWindowExecutionTaskInvocationId', v);

export const MaintenanceWindowExecutionTask = builder.loadableNodeRef<WindowTaskRecord, string, string>(
  'MaintenanceWindowExecutionTask',
  {
    id: {
      resolve: (t) => `${t.WindowExecutionId}/${t.TaskExecutionId}`,
      parse: (id) => {
        parseKey('MaintenanceWindowExecutionTask', id, [
          ['windowExecutionId', isWindowExecutionId],
          ['taskExecutionId', isTaskId],
        ]);
        return id;
      },
    },
    // One GetMaintenanceWindowExecutionTask per task not already listed.
    load: (ids, ctx) =>
      ctx.ssm.maintenanceWindows.task.loadMany(
        ids.map((id) => {
          const [windowExecutionId, taskExecutionId] = id.split('/');
          return { windowExecutionId, taskExecutionId };
        }),
      ),
  },
);

export const MaintenanceWindowExecutionTaskInvocation = builder.loadableNodeRef<WindowTaskInvocationRecord, string, string>(
  'MaintenanceWindowExecutionTaskInvocation',
  {
    id: {
      resolve: (i) => `${i.WindowExecutionId}/${i.TaskExecutionId}/${i.InvocationId}`,
      parse: (id) => {
        parseKey('MaintenanceWindowExecutionTaskInvocation', id, [
          ['windowExecutionId', isWindowExecutionId],
          ['taskExecutionId', isTaskId],
          ['invocationId', isInvocationId],
        ]);
        return id;
      },
    },
    // One GetMaintenanceWindowExecutionTaskInvocation per invocation not already listed.
    load: (ids, ctx) =>
      ctx.ssm.maintenanceWindows.invocation.loadMany(
        ids.map((id) => {
          const [windowExecutionId, taskExecutionId, invocationId] = id.split('/');
          return { windowExecutionId, taskExecutionId, invocationId };
        }),
      ),
  },
);

export const MaintenanceWindowExecutionTaskConnection = builder.connectionObject({
  type: MaintenanceWindowExecutionTask,
  name: 'MaintenanceWindowExecutionTaskConnection',
});
export const MaintenanceWindowExecutionTaskInvocationConnection = builder.connectionObject({
  type: MaintenanceWindowExecutionTaskInvocation,
  name: 'MaintenanceWindowExecutionTaskInvocationConnection',
});

const status = () => enumType('MaintenanceWindowExecutionStatus');

/** Tasks and invocations share SSM's STATUS filter. */
export const MaintenanceWindowExecutionTaskFilter = builder.inputType('MaintenanceWindowExecutionTaskFilter', {
  description: "Pushed down to DescribeMaintenanceWindowExecutionTasks' STATUS filter (values ORed).",
  fields: (t) => ({ status: t.field({ type: [status()] }) }),
});
export const MaintenanceWindowExecutionTaskInvocationFilter = builder.inputType('MaintenanceWindowExecutionTaskInvocationFilter', {
  description: "Pushed down to DescribeMaintenanceWindowExecutionTaskInvocations' STATUS filter (values ORed).",
  fields: (t) => ({ status: t.field({ type: [status()] }) }),
});

// No model limits on these filters' values: STATUS takes one value.
export const checkTaskFilter = filterChecks(MaintenanceWindowExecutionTaskFilter.name);
const checkInvocationFilter = filterChecks(MaintenanceWindowExecutionTaskInvocationFilter.name);

MaintenanceWindowExecutionTask.implement({
  description: 'One task a maintenance window execution ran (DescribeMaintenanceWindowExecutionTasks / GetMaintenanceWindowExecutionTask).',
  fields: (t) => ({
    ...(modelFields<WindowTaskRecord>(t, 'MaintenanceWindowExecutionTaskIdentity', {
      // `Type` is the Get shape's name for `TaskType`: served from either shape below.
      omit: ['Type'],
      sources: [
        // A Get result holds every identity member (its `Type` copied to `TaskType`).
        { shape: 'MaintenanceWindowExecutionTaskIdentity', has: () => true },
        { shape: 'GetMaintenanceWindowExecutionTaskResult', has: (r) => r.$detail, load: (r, ctx: Ctx) => taskDetail(r, ctx) },
      ],
    }) as {}),
    windowExecutionId: keyField(t, 'MaintenanceWindowExecutionTaskIdentity', 'WindowExecutionId') as never,
    taskExecutionId: keyField(t, 'MaintenanceWindowExecutionTaskIdentity', 'TaskExecutionId') as never,
    type: t.field({
      type: enumType('MaintenanceWindowTaskType'),
      description: "The type of task that was run (GetMaintenanceWindowExecutionTask's name for `taskType`).",
      resolve: (r) => (r.Type ?? r.TaskType ?? null) as string | null,
    }),
    invocations: t.field({
      type: MaintenanceWindowExecutionTaskInvocationConnection,
      nullable: false,
      description: "The task's invocations, one per target (DescribeMaintenanceWindowExecutionTaskInvocations).",
      args: { ...t.arg.connectionArgs(), filter: t.arg({ type: MaintenanceWindowExecutionTaskInvocationFilter }) },
      resolve: (r, args, ctx) => {
        const filter = checkInvocationFilter(args.filter);
        return tokenConnection(ctx, args, {
          identity: ['mwInvocations', r.WindowExecutionId, r.TaskExecutionId, filter],
          fetchPage: (token) =>
            ctx.ssm.maintenanceWindows.listInvocationsPage(
              r.WindowExecutionId,
              r.TaskExecutionId,
              filter,
              token,
              isTerminalWindowStatus(r.Status),
            ),
        });
      },
    }),
  }),
});

MaintenanceWindowExecutionTaskInvocation.implement({
  description: 'One invocation of a maintenance window task on one target (DescribeMaintenanceWindowExecutionTaskInvocations).',
  fields: (t) => ({
    ...(modelFields<WindowTaskInvocationRecord>(t, 'MaintenanceWindowExecutionTaskInvocationIdentity') as {}),
    task: t.field({
      type: MaintenanceWindowExecutionTask,
      nullable: false,
      resolve: (i) => `${i.WindowExecutionId}/${i.TaskExecutionId}`,
    }),
    automationExecution: t.field({
      type: AutomationExecution,
      description: 'For an AUTOMATION task: the automation execution this invocation started (its `executionId`).',
      resolve: (i) =>
        i.TaskType === 'AUTOMATION' && i.ExecutionId && matchesShape('AutomationExecutionId', i.ExecutionId) ? i.ExecutionId : null,
    }),
    commandInvocations: t.field({
      type: CommandInvocationConnection,
      description:
        'For a RUN_COMMAND task: the per-node invocations of the command this invocation sent (its `executionId` is the CommandId; ListCommandInvocations). Null for other task types.',
      args: { ...t.arg.connectionArgs() },
      resolve: (i, args, ctx) => {
        const commandId = i.TaskType === 'RUN_COMMAND' ? i.ExecutionId : undefined;
        if (!commandId || !matchesShape('CommandId', commandId)) return null;
        return tokenConnection(ctx, args, {
          identity: ['commandInvocations', commandId],
          fetchPage: (token) =>
            ctx.ssm.commands.listCommandInvocationsPage(commandId, {}, token, isTerminalWindowStatus(i.Status)),
        });
      },
    }),
  }),
});

const taskDetail = (r: WindowTaskRecord, ctx: Ctx) =>
  ctx.ssm.maintenanceWindows.taskDetail.load({
    windowExecutionId: r.WindowExecutionId,
    taskExecutionId: r.TaskExecutionId,
  }) as Promise<Record<string, unknown>>;
