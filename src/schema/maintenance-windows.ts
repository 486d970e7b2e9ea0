/**
 * Maintenance windows and their executions; the tasks and invocations below
 * them are in maintenance-window-tasks.ts.
 */
import {
  WINDOW_EXECUTION_FILTER,
  WINDOW_FILTER,
  isTerminalWindowStatus,
  type WindowExecutionRecord,
  type WindowRecord,
} from '../ssm/maintenance-windows.ts';
import { builder } from './builder.ts';
import { entityNode } from './entity.ts';
import { checkId, filterInput } from './inputs.ts';
import {
  MaintenanceWindowExecutionTask,
  MaintenanceWindowExecutionTaskConnection,
  MaintenanceWindowExecutionTaskFilter,
} from './maintenance-window-tasks.ts';
import { prefetchChildren } from './prefetch.ts';
import { connectionOf, ssmConnection } from './ssm-connection.ts';
import { estateConnection } from './estate-connection.ts';
import { recordLocation, recordLocationArgs } from './locations.ts';
import type { SchemaContext } from './context.ts';

/** One GetMaintenanceWindow per window not already listed. */
export const MaintenanceWindow = entityNode<'MaintenanceWindow', WindowRecord>('MaintenanceWindow');
/** One GetMaintenanceWindowExecution per execution not already listed. */
export const MaintenanceWindowExecution = entityNode<'MaintenanceWindowExecution', WindowExecutionRecord>('MaintenanceWindowExecution');

export const MaintenanceWindowConnection = connectionOf(MaintenanceWindow);
export const MaintenanceWindowExecutionConnection = connectionOf(MaintenanceWindowExecution);

// No model limits on these filters' values: they take one value each.
export const MaintenanceWindowFilter = filterInput('MaintenanceWindowsFilter', WINDOW_FILTER, "Pushed down to DescribeMaintenanceWindows' filters (Name, Enabled). Members are ANDed.");

export const MaintenanceWindowExecutionFilter = filterInput('MaintenanceWindowExecutionFilter', WINDOW_EXECUTION_FILTER, "Pushed down to DescribeMaintenanceWindowExecutions' filters, on the execution's start time.");

MaintenanceWindow.implement({
  description: 'A maintenance window (DescribeMaintenanceWindows / GetMaintenanceWindow).',
  fields: (t) => ({
    ...MaintenanceWindow.modelFields(t, {
      sources: [
        { shape: 'GetMaintenanceWindowResult', detail: true, has: (w) => w.$detail, load: (w, ctx) => ctx.ssm.of(w).maintenanceWindows.windowDetail.load(w) },
        { shape: 'MaintenanceWindowIdentity', has: (w) => !w.$detail },
      ],
    }),
    executions: ssmConnection(t, {
      type: MaintenanceWindowExecutionConnection,
      operation: 'DescribeMaintenanceWindowExecutions',
      description: "The window's executions, newest first (DescribeMaintenanceWindowExecutions).",
      filter: MaintenanceWindowExecutionFilter,
      resolve: (w: WindowRecord, _args, ctx, filter) => ({
        identity: ['mwExecutions', w.WindowId, filter],
        fetchPage: (at) => ctx.ssm.of(w).maintenanceWindows.listExecutionsPage(w.WindowId, { filter, ...at }),
      }),
    }),
  }),
});

MaintenanceWindowExecution.implement({
  description: 'One run of a maintenance window (DescribeMaintenanceWindowExecutions / GetMaintenanceWindowExecution).',
  fields: (t) => ({
    ...MaintenanceWindowExecution.modelFields(t, {
      sources: [
        // Every member but WindowId is in both shapes; WindowId is on the record when known.
        { shape: 'MaintenanceWindowExecution', has: () => true },
        {
          shape: 'GetMaintenanceWindowExecutionResult',
          detail: true,
          has: (e) => e.$detail,
          load: (e, ctx) => ctx.ssm.of(e).maintenanceWindows.windowExecutionDetail.load(e),
        },
      ],
    }),
    window: t.field({
      type: MaintenanceWindow,
      description:
        'The window this execution belongs to. Null when the execution was only fetched by its own ID: GetMaintenanceWindowExecution does not return its WindowId; reach it through `maintenanceWindow.executions` to have it.',
      resolve: (e) => (e.WindowId ? MaintenanceWindow.ref({ AccountId: e.AccountId, Region: e.Region, WindowId: e.WindowId }) : null),
    }),
    tasks: ssmConnection(t, {
      type: MaintenanceWindowExecutionTaskConnection,
      operation: 'DescribeMaintenanceWindowExecutionTasks',
      description: 'The tasks this execution ran (DescribeMaintenanceWindowExecutionTasks).',
      filter: MaintenanceWindowExecutionTaskFilter,
      resolve: (e: WindowExecutionRecord, _args, ctx, filter) => ({
        identity: ['mwTasks', e.WindowExecutionId, filter],
        fetchPage: (at) => ctx.ssm.of(e).maintenanceWindows.listTasksPage(e.WindowExecutionId, { filter, ...at, stable: isTerminalWindowStatus(e.Status) }),
      }),
    }),
  }),
});

builder.objectField(MaintenanceWindowExecutionTask, 'execution', (t) =>
  t.field({
    type: MaintenanceWindowExecution,
    description: 'The window execution that ran this task (free when it was listed; null with its error when its lookup fails).',
    resolve: (task) => MaintenanceWindowExecution.ref(task),
  }),
);

/** The arguments of the fields that name one window execution (`Query.` and `Subscription.maintenanceWindowExecution`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const windowExecutionArgs = (t: any) => ({ windowExecutionId: t.arg.id({ required: true, description: 'The window execution ID (a UUID).' }), ...recordLocationArgs(t) });

/** The window execution those arguments name, checked (BAD_USER_INPUT, UNKNOWN_LOCATION), with its location's API. */
export async function windowExecutionAt(ctx: SchemaContext, args: { windowExecutionId?: unknown; accountId?: unknown; region?: unknown }) {
  const id = checkId('windowExecutionId', 'MaintenanceWindowExecutionId', String(args.windowExecutionId));
  const api = await recordLocation(ctx, args);
  return { api, id, key: { ...api.session.here, WindowExecutionId: id } };
}

builder.queryFields((t) => ({
  maintenanceWindow: t.field({
    type: MaintenanceWindow,
    description: 'A maintenance window by ID (GetMaintenanceWindow), in the home location unless `accountId`/`region` say otherwise.',
    args: { windowId: t.arg.id({ required: true, description: 'The window ID (mw-…).' }), ...recordLocationArgs(t) },
    resolve: async (_root, args, ctx, info) => {
      const id = checkId('windowId', 'MaintenanceWindowId', String(args.windowId));
      const api = await recordLocation(ctx, args);
      // The executions' first page goes out beside the window's own load (prefetch.ts).
      prefetchChildren(info, ctx, {
        executions: (a, at) => api.maintenanceWindows.listExecutionsPage(id, { filter: MaintenanceWindowExecutionFilter.check(a.filter as never), ...at }),
      });
      return MaintenanceWindow.ref({ ...api.session.here, WindowId: id });
    },
  }),
  maintenanceWindows: estateConnection(t, {
    type: MaintenanceWindowConnection,
    operation: 'DescribeMaintenanceWindows',
    description:
      "Maintenance windows of every served location (or those `accountIds`/`regions` select), one location's window after another's in turn, each location in SSM's order (DescribeMaintenanceWindows).",
    filter: MaintenanceWindowFilter,
    order: { by: 'interleave' },
    resolve: (filter) => ({ identity: ['mwWindows', filter], fetchPage: (api, token) => api.maintenanceWindows.listWindowsPage({ filter, token }) }),
  }),
  maintenanceWindowExecution: t.field({
    type: MaintenanceWindowExecution,
    description:
      'A window execution by ID (GetMaintenanceWindowExecution), in the home location unless `accountId`/`region` say otherwise. Its `window` is null unless this server has seen it listed under its window.',
    args: windowExecutionArgs(t),
    resolve: async (_root, args, ctx, info) => {
      const { api, id, key } = await windowExecutionAt(ctx, args);
      prefetchChildren(info, ctx, {
        tasks: (a, at) => {
          const terminal = api.maintenanceWindows.windowExecution.load(key).then((e) => isTerminalWindowStatus(e.Status), () => false);
          const filter = MaintenanceWindowExecutionTaskFilter.check(a.filter as never);
          return api.maintenanceWindows.listTasksPage(id, { filter, ...at, stable: terminal });
        },
      });
      return MaintenanceWindowExecution.ref(key);
    },
  }),
}));
