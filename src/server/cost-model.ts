/**
 * What the cost estimate (cost-estimate.ts) charges for, per schema coordinate:
 * which SSM operation pages each connection field (its page size comes from the
 * SSM model), how many IDs one call can load per type, and which types have
 * fields only a Get* detail call returns. A test keeps CONNECTION_OPERATIONS in
 * sync with the schema (test/server/cost-limit.test.ts).
 */
import { camelCase } from '../schema/model-fields.ts';
import { maxFilterValues, maxPageSize, shape } from '../ssm/model.ts';

/** Connection field → the SSM operation that pages it. A field may instead say `extensions: { ssmOperation }`. */
export const CONNECTION_OPERATIONS: Record<string, string> = {
  'Query.automationExecutions': 'DescribeAutomationExecutions',
  'AutomationExecution.steps': 'DescribeAutomationStepExecutions',
  'AutomationExecution.childAutomationExecutions': 'DescribeAutomationExecutions',
  'AutomationStepExecution.childSteps': 'DescribeAutomationStepExecutions',
  'Query.associations': 'ListAssociations',
  'Association.executions': 'DescribeAssociationExecutions',
  'AssociationExecution.targets': 'DescribeAssociationExecutionTargets',
  'Query.maintenanceWindows': 'DescribeMaintenanceWindows',
  'MaintenanceWindow.executions': 'DescribeMaintenanceWindowExecutions',
  'MaintenanceWindowExecution.tasks': 'DescribeMaintenanceWindowExecutionTasks',
  'MaintenanceWindowExecutionTask.invocations': 'DescribeMaintenanceWindowExecutionTaskInvocations',
  'MaintenanceWindowExecutionTaskInvocation.commandInvocations': 'ListCommandInvocations',
};

/** Unknown connections are priced at the smallest page size any paginated operation has: conservative. */
export const FALLBACK_PAGE_SIZE = 50;

/** IDs one upstream call can load, per loadable type (others: 1). */
export const BATCH: Record<string, number> = {
  AutomationExecution: maxFilterValues('AutomationExecutionFilter'),
  AutomationStepExecution: maxFilterValues('StepExecutionFilter'),
};

/**
 * Types served from a listed summary shape and a Get* detail shape (see
 * model-fields.ts): fields only the detail shape has cost a Get* per object.
 */
export const DETAIL_SHAPES: Record<string, [detail: string, summary: string]> = {
  AutomationExecution: ['AutomationExecution', 'AutomationExecutionMetadata'],
  Association: ['AssociationDescription', 'Association'],
  MaintenanceWindow: ['GetMaintenanceWindowResult', 'MaintenanceWindowIdentity'],
  MaintenanceWindowExecution: ['GetMaintenanceWindowExecutionResult', 'MaintenanceWindowExecution'],
  MaintenanceWindowExecutionTask: ['GetMaintenanceWindowExecutionTaskResult', 'MaintenanceWindowExecutionTaskIdentity'],
};
export const DETAIL_FIELDS: Record<string, Set<string>> = Object.fromEntries(
  Object.entries(DETAIL_SHAPES).map(([type, [detail, summary]]) => [type, detailOnly(detail, summary)]),
);

/** Page size of a connection field: its `extensions.ssmOperation`, the map, or the fallback. */
export function pageSizeOf(key: string, def: { extensions?: Record<string, unknown> | null }): number {
  const op = (def.extensions?.ssmOperation as string | undefined) ?? CONNECTION_OPERATIONS[key];
  return op ? maxPageSize(op) : FALLBACK_PAGE_SIZE;
}

function detailOnly(detailShape: string, summaryShape: string): Set<string> {
  const summary = new Set(Object.keys(shape(summaryShape).members ?? {}));
  return new Set(Object.keys(shape(detailShape).members ?? {}).filter((m) => !summary.has(m)).map(camelCase));
}
