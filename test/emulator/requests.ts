/**
 * A valid request for each of the model's 17 operations, on the busiest parents
 * of the small account (seed 1), and the IDs they use.
 */
import { busiest, smallDataset, type AnyInput } from './helpers.ts';

const d = smallDataset();

export const assocId = busiest(d.associationExecutions, (e) => e.AssociationId);
export const assocExec = d.associationExecutions.find((e) => e.AssociationId === assocId)!;
export const bigAutomation = d.automationExecutions.reduce((a, b) => ((a.StepExecutions?.length ?? 0) >= (b.StepExecutions?.length ?? 0) ? a : b));
export const windowId = busiest(d.maintenanceWindowExecutions, (e) => e.WindowId);
export const windowExecId = busiest(d.maintenanceWindowExecutionTasks, (t) => t.WindowExecutionId);
const taskKey = busiest(d.maintenanceWindowExecutionTaskInvocations, (i) => `${i.WindowExecutionId}/${i.TaskExecutionId}`);
export const [taskWinExec, taskId] = taskKey.split('/');
export const invocation = d.maintenanceWindowExecutionTaskInvocations.find((i) => i.TaskExecutionId === taskId)!;
export const commandId = busiest(d.commandInvocations, (i) => i.CommandId);

export const requests: Record<string, AnyInput> = {
  ListAssociations: {},
  DescribeAssociation: { AssociationId: assocId },
  DescribeAssociationExecutions: { AssociationId: assocId },
  DescribeAssociationExecutionTargets: { AssociationId: assocId, ExecutionId: assocExec.ExecutionId },
  DescribeAutomationExecutions: {},
  GetAutomationExecution: { AutomationExecutionId: bigAutomation.AutomationExecutionId },
  DescribeAutomationStepExecutions: { AutomationExecutionId: bigAutomation.AutomationExecutionId },
  DescribeMaintenanceWindows: {},
  GetMaintenanceWindow: { WindowId: windowId },
  DescribeMaintenanceWindowExecutions: { WindowId: windowId },
  GetMaintenanceWindowExecution: { WindowExecutionId: windowExecId },
  DescribeMaintenanceWindowExecutionTasks: { WindowExecutionId: windowExecId },
  GetMaintenanceWindowExecutionTask: { WindowExecutionId: taskWinExec, TaskId: taskId },
  DescribeMaintenanceWindowExecutionTaskInvocations: { WindowExecutionId: taskWinExec, TaskId: taskId },
  GetMaintenanceWindowExecutionTaskInvocation: { WindowExecutionId: taskWinExec, TaskId: taskId, InvocationId: invocation.InvocationId },
  ListCommandInvocations: { CommandId: commandId, Details: true },
  ListCommands: {},
};
