/**
 * The paginated operations of the model as test cases: for each, a request on
 * the busiest parent of the small account, the identity of a listed item, the
 * dataset records the walk must return, and a filter for stingy walks.
 */
import type { Dataset } from '../../src/emulator/dataset.ts';
import { busiest, smallDataset, type AnyInput, type AnyOutput } from './helpers.ts';

// The small account has 4 windows, fewer than DescribeMaintenanceWindows' smallest page (10):
// add windows so that its walks span several pages too.
const small = smallDataset();
const extraWindows = Array.from({ length: 20 }, (_, i) => ({
  ...small.maintenanceWindows[i % small.maintenanceWindows.length],
  WindowId: `mw-${(i + 1).toString(16).padStart(17, '0')}`,
  Name: `extra-window-${i + 1}`,
}));
export const d: Dataset = { ...small, maintenanceWindows: [...small.maintenanceWindows, ...extraWindows] };
const assocId = busiest(d.associationExecutions, (e) => e.AssociationId);
const targetsOf = busiest(d.associationExecutionTargets, (t) => `${t.AssociationId}/${t.ExecutionId}`).split('/');
export const bigAutomation = d.automationExecutions.reduce((a, b) => ((a.StepExecutions?.length ?? 0) >= (b.StepExecutions?.length ?? 0) ? a : b));
const windowId = busiest(d.maintenanceWindowExecutions, (e) => e.WindowId);
const windowExecId = busiest(d.maintenanceWindowExecutionTasks, (t) => t.WindowExecutionId);
const [taskWinExec, taskId] = busiest(d.maintenanceWindowExecutionTaskInvocations, (i) => `${i.WindowExecutionId}/${i.TaskExecutionId}`).split('/');

export interface PagedCase { op: string; input: AnyInput; id: (x: AnyOutput) => string; all: readonly AnyOutput[]; filters?: AnyInput }

/** Per paginated operation: base input, item identity, the dataset records it must list, a filter for stingy walks. */
export const cases: PagedCase[] = [
  { op: 'ListAssociations', input: {}, id: (x) => x.AssociationId, all: d.associations, filters: { AssociationFilterList: [{ key: 'AssociationStatusName', value: 'Failed' }] } },
  { op: 'DescribeAssociationExecutions', input: { AssociationId: assocId }, id: (x) => x.ExecutionId, all: d.associationExecutions.filter((e) => e.AssociationId === assocId), filters: { Filters: [{ Key: 'Status', Value: 'Failed', Type: 'EQUAL' }] } },
  { op: 'DescribeAssociationExecutionTargets', input: { AssociationId: targetsOf[0], ExecutionId: targetsOf[1] }, id: (x) => x.ResourceId, all: d.associationExecutionTargets.filter((t) => t.ExecutionId === targetsOf[1]), filters: { Filters: [{ Key: 'Status', Value: 'Success' }] } },
  { op: 'DescribeAutomationExecutions', input: {}, id: (x) => x.AutomationExecutionId, all: d.automationExecutions, filters: { Filters: [{ Key: 'ExecutionStatus', Values: ['Failed', 'Cancelled', 'TimedOut'] }] } },
  { op: 'DescribeAutomationStepExecutions', input: { AutomationExecutionId: bigAutomation.AutomationExecutionId }, id: (x) => x.StepExecutionId, all: bigAutomation.StepExecutions!, filters: { Filters: [{ Key: 'StepName', Values: ['installPatches', 'assertInstanceRunning'] }] } },
  { op: 'DescribeMaintenanceWindows', input: {}, id: (x) => x.WindowId, all: d.maintenanceWindows, filters: { Filters: [{ Key: 'Enabled', Values: ['true'] }] } },
  { op: 'DescribeMaintenanceWindowExecutions', input: { WindowId: windowId }, id: (x) => x.WindowExecutionId, all: d.maintenanceWindowExecutions.filter((e) => e.WindowId === windowId), filters: { Filters: [{ Key: 'ExecutedAfter', Values: ['2025-12-20T00:00:00Z'] }] } },
  { op: 'DescribeMaintenanceWindowExecutionTasks', input: { WindowExecutionId: windowExecId }, id: (x) => x.TaskExecutionId, all: d.maintenanceWindowExecutionTasks.filter((t) => t.WindowExecutionId === windowExecId), filters: { Filters: [{ Key: 'STATUS', Values: ['SUCCESS'] }] } },
  { op: 'DescribeMaintenanceWindowExecutionTaskInvocations', input: { WindowExecutionId: taskWinExec, TaskId: taskId }, id: (x) => x.InvocationId, all: d.maintenanceWindowExecutionTaskInvocations.filter((i) => i.TaskExecutionId === taskId), filters: { Filters: [{ Key: 'STATUS', Values: ['SUCCESS'] }] } },
  { op: 'ListCommandInvocations', input: {}, id: (x) => `${x.CommandId}/${x.InstanceId}`, all: d.commandInvocations, filters: { Filters: [{ key: 'Status', value: 'Pending' }] } },
  { op: 'ListCommands', input: {}, id: (x) => x.CommandId, all: d.commands, filters: { Filters: [{ key: 'Status', value: 'Cancelled' }] } },
];
