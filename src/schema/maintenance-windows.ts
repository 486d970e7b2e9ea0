/**
 * Maintenance windows and their executions; the tasks and invocations below
 * them are in maintenance-window-tasks.ts.
 */
import {
  isTerminalWindowStatus,
  type WindowExecutionRecord,
  type WindowRecord,
} from '../ssm/maintenance-windows.ts';
import { builder } from './builder.ts';
import { entityNode } from './entity.ts';
import { checkId, filterChecks } from './inputs.ts';
import {
  MaintenanceWindowExecutionTask,
  MaintenanceWindowExecutionTaskConnection,
  MaintenanceWindowExecutionTaskFilter,
  checkTaskFilter,
} from './maintenance-window-tasks.ts';
import { modelFields } from './model-fields.ts';
import { prefetchChildren } from './prefetch.ts';
import { ssmConnection } from './ssm-connection.ts';

/** One GetMaintenanceWindow per window not already listed. */
export const MaintenanceWindow = entityNode<'MaintenanceWindow', WindowRecord>('MaintenanceWindow');
/** One GetMaintenanceWindowExecution per execution not already listed. */
export const MaintenanceWindowExecution = entityNode<'MaintenanceWindowExecution', WindowExecutionRecord>('MaintenanceWindowExecution');

export const MaintenanceWindowConnection = builder.connectionObject({
  type: MaintenanceWindow,
  name: 'MaintenanceWindowConnection',
});
export const MaintenanceWindowExecutionConnection = builder.connectionObject({
  type: MaintenanceWindowExecution,
  name: 'MaintenanceWindowExecutionConnection',
});

export const MaintenanceWindowFilter = builder.inputType('MaintenanceWindowsFilter', {
  description: "Pushed down to DescribeMaintenanceWindows' filters (Name, Enabled). Members are ANDed.",
  fields: (t) => ({
    name: t.string({ description: 'The exact window name.' }),
    enabled: t.boolean(),
  }),
});

export const MaintenanceWindowExecutionFilter = builder.inputType('MaintenanceWindowExecutionFilter', {
  description: "Pushed down to DescribeMaintenanceWindowExecutions' filters, on the execution's start time.",
  fields: (t) => ({
    executedAfter: t.field({ type: 'DateTime', description: 'Executions that started at or after this time.' }),
    executedBefore: t.field({ type: 'DateTime', description: 'Executions that started before this time.' }),
  }),
});

// No model limits on these filters' values: they take one value each.
const checkWindowFilter = filterChecks(MaintenanceWindowFilter.name);
const checkExecutionFilter = filterChecks(MaintenanceWindowExecutionFilter.name);

MaintenanceWindow.implement({
  description: 'A maintenance window (DescribeMaintenanceWindows / GetMaintenanceWindow).',
  fields: (t) => ({
    ...(modelFields<WindowRecord>(t, 'GetMaintenanceWindowResult', {
      sources: [
        { shape: 'GetMaintenanceWindowResult', detail: true, has: (w) => w.$detail, load: (w, ctx) => ctx.ssm.maintenanceWindows.windowDetail.load(w) },
        { shape: 'MaintenanceWindowIdentity', has: (w) => !w.$detail },
      ],
    }) as {}),
    ...(MaintenanceWindow.keyFields(t) as {}),
    executions: ssmConnection(t, {
      type: MaintenanceWindowExecutionConnection,
      operation: 'DescribeMaintenanceWindowExecutions',
      description: "The window's executions, newest first (DescribeMaintenanceWindowExecutions).",
      args: { filter: t.arg({ type: MaintenanceWindowExecutionFilter }) },
      resolve: (w: WindowRecord, args, ctx) => {
        const filter = checkExecutionFilter(args.filter);
        return {
          identity: ['mwExecutions', w.WindowId, filter],
          fetchPage: (token) => ctx.ssm.maintenanceWindows.listExecutionsPage(w.WindowId, filter, token),
        };
      },
    }),
  }),
});

MaintenanceWindowExecution.implement({
  description: 'One run of a maintenance window (DescribeMaintenanceWindowExecutions / GetMaintenanceWindowExecution).',
  fields: (t) => ({
    ...(modelFields<WindowExecutionRecord>(t, 'MaintenanceWindowExecution', {
      sources: [
        // Every member but WindowId is in both shapes; WindowId is on the record when known.
        { shape: 'MaintenanceWindowExecution', has: () => true },
        {
          shape: 'GetMaintenanceWindowExecutionResult',
          detail: true,
          has: (e) => e.$detail,
          load: (e, ctx) => ctx.ssm.maintenanceWindows.windowExecutionDetail.load(e),
        },
      ],
    }) as {}),
    ...(MaintenanceWindowExecution.keyFields(t) as {}),
    window: t.field({
      type: MaintenanceWindow,
      description:
        'The window this execution belongs to. Null when the execution was only fetched by its own ID: GetMaintenanceWindowExecution does not return its WindowId; reach it through `maintenanceWindow.executions` to have it.',
      resolve: (e) => (e.WindowId ? MaintenanceWindow.ref({ WindowId: e.WindowId }) : null),
    }),
    tasks: ssmConnection(t, {
      type: MaintenanceWindowExecutionTaskConnection,
      operation: 'DescribeMaintenanceWindowExecutionTasks',
      description: 'The tasks this execution ran (DescribeMaintenanceWindowExecutionTasks).',
      args: { filter: t.arg({ type: MaintenanceWindowExecutionTaskFilter }) },
      resolve: (e: WindowExecutionRecord, args, ctx) => {
        const filter = checkTaskFilter(args.filter);
        return {
          identity: ['mwTasks', e.WindowExecutionId, filter],
          fetchPage: (token) =>
            ctx.ssm.maintenanceWindows.listTasksPage(e.WindowExecutionId, filter, token, isTerminalWindowStatus(e.Status)),
        };
      },
    }),
  }),
});

builder.objectField(MaintenanceWindowExecutionTask, 'execution', (t) =>
  t.field({
    type: MaintenanceWindowExecution,
    nullable: false,
    resolve: (task) => MaintenanceWindowExecution.ref(task),
  }),
);

builder.queryFields((t) => ({
  maintenanceWindow: t.field({
    type: MaintenanceWindow,
    args: { windowId: t.arg.id({ required: true }) },
    resolve: (_root, { windowId }, ctx, info) => {
      const id = checkId('windowId', 'MaintenanceWindowId', String(windowId));
      // The executions' first page goes out beside the window's own load (prefetch.ts).
      prefetchChildren(info, ctx, {
        executions: (args) => ctx.ssm.maintenanceWindows.listExecutionsPage(id, checkExecutionFilter(args.filter as never)),
      });
      return MaintenanceWindow.ref({ WindowId: id });
    },
  }),
  maintenanceWindows: ssmConnection(t, {
    type: MaintenanceWindowConnection,
    operation: 'DescribeMaintenanceWindows',
    description: 'Maintenance windows of the account (DescribeMaintenanceWindows).',
    args: { filter: t.arg({ type: MaintenanceWindowFilter }) },
    resolve: (_root: unknown, args, ctx) => {
      const filter = checkWindowFilter(args.filter);
      return { identity: ['mwWindows', filter], fetchPage: (token) => ctx.ssm.maintenanceWindows.listWindowsPage(filter, token) };
    },
  }),
  maintenanceWindowExecution: t.field({
    type: MaintenanceWindowExecution,
    description:
      'A window execution by ID (GetMaintenanceWindowExecution). Its `window` is null unless this server has seen it listed under its window.',
    args: { windowExecutionId: t.arg.id({ required: true }) },
    resolve: (_root, { windowExecutionId }, ctx, info) => {
      const key = { WindowExecutionId: checkId('windowExecutionId', 'MaintenanceWindowExecutionId', String(windowExecutionId)) };
      prefetchChildren(info, ctx, {
        tasks: (args) => {
          const terminal = ctx.ssm.maintenanceWindows.windowExecution.load(key).then((e) => isTerminalWindowStatus(e.Status), () => false);
          return ctx.ssm.maintenanceWindows.listTasksPage(key.WindowExecutionId, checkTaskFilter(args.filter as never), undefined, terminal);
        },
      });
      return MaintenanceWindowExecution.ref(key);
    },
  }),
}));
