/**
 * Maintenance windows and their executions; the tasks and invocations below
 * them are in maintenance-window-tasks.ts.
 */
import {
  isTerminalWindowStatus,
  type WindowExecutionRecord,
  type WindowRecord,
} from '../ssm/maintenance-windows.ts';
import { matchesShape } from '../ssm/model.ts';
import { builder } from './builder.ts';
import type { SchemaContext } from './context.ts';
import { tokenConnection } from './connection.ts';
import { parseKey } from './global-id.ts';
import { checkId, filterChecks } from './inputs.ts';
import {
  MaintenanceWindowExecutionTask,
  MaintenanceWindowExecutionTaskConnection,
  MaintenanceWindowExecutionTaskFilter,
  checkTaskFilter,
  isWindowExecutionId,
} from './maintenance-window-tasks.ts';
import { keyField, modelFields } from './model-fields.ts';
import { prefetchChildren } from './prefetch.ts';

const isWindowId = (v: string) => matchesShape('MaintenanceWindowId', v);

export const MaintenanceWindow = builder.loadableNodeRef<WindowRecord, string, string>('MaintenanceWindow', {
  id: {
    resolve: (w) => w.WindowId,
    parse: (id) => parseKey('MaintenanceWindow', id, [['windowId', isWindowId]])[0],
  },
  // One GetMaintenanceWindow per window not already listed.
  load: (ids, ctx) => ctx.ssm.maintenanceWindows.window.loadMany(ids),
});

export const MaintenanceWindowExecution = builder.loadableNodeRef<WindowExecutionRecord, string, string>(
  'MaintenanceWindowExecution',
  {
    id: {
      resolve: (e) => e.WindowExecutionId,
      parse: (id) => parseKey('MaintenanceWindowExecution', id, [['windowExecutionId', isWindowExecutionId]])[0],
    },
    // One GetMaintenanceWindowExecution per execution not already listed.
    load: (ids, ctx) => ctx.ssm.maintenanceWindows.windowExecution.loadMany(ids),
  },
);

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
        { shape: 'GetMaintenanceWindowResult', has: (w) => w.$detail, load: (w, ctx: SchemaContext) => windowDetail(w, ctx) },
        { shape: 'MaintenanceWindowIdentity', has: (w) => !w.$detail },
      ],
    }) as {}),
    windowId: keyField(t, 'GetMaintenanceWindowResult', 'WindowId') as never,
    executions: t.field({
      type: MaintenanceWindowExecutionConnection,
      nullable: false,
      description: "The window's executions, newest first (DescribeMaintenanceWindowExecutions).",
      args: { ...t.arg.connectionArgs(), filter: t.arg({ type: MaintenanceWindowExecutionFilter }) },
      resolve: (w, args, ctx) => {
        const filter = checkExecutionFilter(args.filter);
        return tokenConnection(ctx, args, {
          identity: ['mwExecutions', w.WindowId, filter],
          fetchPage: (token) => ctx.ssm.maintenanceWindows.listExecutionsPage(w.WindowId, filter, token),
        });
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
          has: (e) => e.$detail,
          load: (e, ctx: SchemaContext) => executionDetail(e, ctx),
        },
      ],
    }) as {}),
    windowExecutionId: keyField(t, 'MaintenanceWindowExecution', 'WindowExecutionId') as never,
    window: t.field({
      type: MaintenanceWindow,
      description:
        'The window this execution belongs to. Null when the execution was only fetched by its own ID: GetMaintenanceWindowExecution does not return its WindowId; reach it through `maintenanceWindow.executions` to have it.',
      resolve: (e) => e.WindowId ?? null,
    }),
    tasks: t.field({
      type: MaintenanceWindowExecutionTaskConnection,
      nullable: false,
      description: 'The tasks this execution ran (DescribeMaintenanceWindowExecutionTasks).',
      args: { ...t.arg.connectionArgs(), filter: t.arg({ type: MaintenanceWindowExecutionTaskFilter }) },
      resolve: (e, args, ctx) => {
        const filter = checkTaskFilter(args.filter);
        return tokenConnection(ctx, args, {
          identity: ['mwTasks', e.WindowExecutionId, filter],
          fetchPage: (token) =>
            ctx.ssm.maintenanceWindows.listTasksPage(e.WindowExecutionId, filter, token, isTerminalWindowStatus(e.Status)),
        });
      },
    }),
  }),
});

builder.objectField(MaintenanceWindowExecutionTask, 'execution', (t) =>
  t.field({
    type: MaintenanceWindowExecution,
    nullable: false,
    resolve: (task) => task.WindowExecutionId,
  }),
);

builder.queryFields((t) => ({
  maintenanceWindow: t.field({
    type: MaintenanceWindow,
    args: { windowId: t.arg.id({ required: true }) },
    resolve: (_root, { windowId }, ctx, info) => {
      const id = checkId('windowId', 'MaintenanceWindowId', String(windowId));
      // The executions' first page goes out beside the window's own load (prefetch.ts).
      prefetchChildren(info, {
        executions: (args) => ctx.ssm.maintenanceWindows.listExecutionsPage(id, checkExecutionFilter(args.filter as never)),
      });
      return id;
    },
  }),
  maintenanceWindows: t.field({
    type: MaintenanceWindowConnection,
    nullable: false,
    description: 'Maintenance windows of the account (DescribeMaintenanceWindows).',
    args: { ...t.arg.connectionArgs(), filter: t.arg({ type: MaintenanceWindowFilter }) },
    resolve: (_root, args, ctx) => {
      const filter = checkWindowFilter(args.filter);
      return tokenConnection(ctx, args, {
        identity: ['mwWindows', filter],
        fetchPage: (token) => ctx.ssm.maintenanceWindows.listWindowsPage(filter, token),
      });
    },
  }),
  maintenanceWindowExecution: t.field({
    type: MaintenanceWindowExecution,
    description:
      'A window execution by ID (GetMaintenanceWindowExecution). Its `window` is null unless this server has seen it listed under its window.',
    args: { windowExecutionId: t.arg.id({ required: true }) },
    resolve: (_root, { windowExecutionId }, ctx, info) => {
      const id = checkId('windowExecutionId', 'MaintenanceWindowExecutionId', String(windowExecutionId));
      prefetchChildren(info, {
        tasks: (args) => {
          const terminal = ctx.ssm.maintenanceWindows.windowExecution.load(id).then((e) => isTerminalWindowStatus(e.Status), () => false);
          return ctx.ssm.maintenanceWindows.listTasksPage(id, checkTaskFilter(args.filter as never), undefined, terminal);
        },
      });
      return id;
    },
  }),
}));

const windowDetail = (w: WindowRecord, ctx: SchemaContext) =>
  ctx.ssm.maintenanceWindows.windowDetail.load(w.WindowId) as Promise<Record<string, unknown>>;
const executionDetail = (e: WindowExecutionRecord, ctx: SchemaContext) =>
  ctx.ssm.maintenanceWindows.windowExecutionDetail.load(e.WindowExecutionId) as Promise<Record<string, unknown>>;
