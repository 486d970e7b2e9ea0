/**
 * Model-driven validation through the SDK: each violation reaches the client
 * as the named exception AWS answers, with AWS's message format.
 */
import { describe, expect, it } from 'vitest';
import { call, errorOf, smallDataset, useEmulator, type AnyInput } from './helpers.ts';

const d = smallDataset();
const s = useEmulator({ data: d });

const automationId = d.automationExecutions[0].AutomationExecutionId!;
const windowId = d.maintenanceWindows[0].WindowId!;

async function expectError(op: string, input: AnyInput, name: string, message?: string | RegExp) {
  const err = await errorOf(call(s.c, op, input));
  expect(err.name).toBe(name);
  expect(err.$metadata?.httpStatusCode).toBe(400);
  if (message) expect(err.message).toMatch(message);
  return err;
}

describe('ValidationException from the model', () => {
  it('required member missing', async () => {
    await expectError('DescribeAssociationExecutions', {}, 'ValidationException', "1 validation error detected: Value null at 'associationId' failed to satisfy constraint: Member must not be null");
    await expectError('GetMaintenanceWindowExecutionTaskInvocation', { WindowExecutionId: '00000000-0000-4000-8000-000000000000' }, 'ValidationException', /^2 validation errors detected: .*'taskId'.*; .*'invocationId'/);
  });

  it('ID pattern and length', async () => {
    await expectError('GetMaintenanceWindow', { WindowId: 'mw-XYZ' }, 'ValidationException', /Value 'mw-XYZ' at 'windowId' failed to satisfy constraint: Member must (have length greater than or equal to 20|satisfy regular expression pattern: \^mw-\[0-9a-f\]\{17\}\$)/);
    await expectError('GetMaintenanceWindow', { WindowId: 'mw-0123456789ABCDEF0' }, 'ValidationException', /regular expression pattern/);
    await expectError('GetAutomationExecution', { AutomationExecutionId: 'short' }, 'ValidationException', /at 'automationExecutionId' .* length greater than or equal to 36/);
    await expectError('DescribeAssociation', { AssociationId: 'not-an-association-id' }, 'ValidationException', /'associationId'/);
    await expectError('ListCommands', { InstanceId: 'instance-1' }, 'ValidationException', /'instanceId'/);
  });

  it('MaxResults out of range, with AWS wording', async () => {
    await expectError('DescribeMaintenanceWindowExecutions', { WindowId: windowId, MaxResults: 5 }, 'ValidationException', "1 validation error detected: Value '5' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 10");
    await expectError('DescribeMaintenanceWindows', { MaxResults: 101 }, 'ValidationException', /less than or equal to 100/);
    await expectError('ListCommands', { MaxResults: 51 }, 'ValidationException', /Value '51' at 'maxResults'.*less than or equal to 50/);
    await expectError('DescribeAutomationStepExecutions', { AutomationExecutionId: automationId, MaxResults: 0 }, 'ValidationException', /greater than or equal to 1/);
  });

  it('enum filter keys and operators', async () => {
    await expectError('DescribeAutomationExecutions', { Filters: [{ Key: 'Bogus', Values: ['x'] }] }, 'ValidationException', /'filters.1.member.key' failed to satisfy constraint: Member must satisfy enum value set: \[DocumentNamePrefix, /);
    await expectError('DescribeAutomationStepExecutions', { AutomationExecutionId: automationId, Filters: [{ Key: 'Nope', Values: ['x'] }] }, 'ValidationException', /enum value set/);
    await expectError('ListAssociations', { AssociationFilterList: [{ key: 'Owner', value: 'x' }] }, 'ValidationException', /'associationFilterList.1.member.key'/);
    await expectError('DescribeAssociationExecutions', { AssociationId: d.associations[0].AssociationId, Filters: [{ Key: 'Status', Value: 'Success', Type: 'LIKE' }] }, 'ValidationException', /'filters.1.member.type'/);
  });

  it('list lengths: too many filter values, too many filters, empty lists', async () => {
    const eleven = Array.from({ length: 11 }, (_, i) => `v${i}`);
    await expectError('DescribeAutomationStepExecutions', { AutomationExecutionId: automationId, Filters: [{ Key: 'StepExecutionId', Values: eleven }] }, 'ValidationException', /'filters.1.member.values' failed to satisfy constraint: Member must have length less than or equal to 10/);
    const six = Array.from({ length: 6 }, () => ({ Key: 'Name', Values: ['x'] }));
    await expectError('DescribeMaintenanceWindows', { Filters: six }, 'ValidationException', /'filters' .*less than or equal to 5/);
    await expectError('DescribeAutomationExecutions', { Filters: [] }, 'ValidationException', /'filters' .*greater than or equal to 1/);
    await expectError('DescribeAutomationExecutions', { Filters: [{ Key: 'ExecutionId', Values: [] }] }, 'ValidationException', /'filters.1.member.values'/);
  });
});

describe('semantic filter errors', () => {
  it('maintenance-window filter keys outside the documented ones → ValidationException', async () => {
    await expectError('DescribeMaintenanceWindows', { Filters: [{ Key: 'Owner', Values: ['me'] }] }, 'ValidationException', /Owner/);
    await expectError('DescribeMaintenanceWindowExecutions', { WindowId: windowId, Filters: [{ Key: 'STATUS', Values: ['SUCCESS'] }] }, 'ValidationException');
    await expectError('DescribeMaintenanceWindowExecutions', { WindowId: windowId, Filters: [{ Key: 'ExecutedAfter', Values: ['last tuesday'] }] }, 'ValidationException');
  });

  it('bad filter values → InvalidFilterValue where the operation models it', async () => {
    await expectError('DescribeAutomationExecutions', { Filters: [{ Key: 'StartTimeBefore', Values: ['yesterday'] }] }, 'InvalidFilterValue');
    await expectError('DescribeAutomationExecutions', { Filters: [{ Key: 'ExecutionStatus', Values: ['Done'] }] }, 'InvalidFilterValue');
    await expectError('DescribeAutomationStepExecutions', { AutomationExecutionId: automationId, Filters: [{ Key: 'ParentStepIteration', Values: ['one'] }] }, 'InvalidFilterValue');
  });

  it('ExecutionStage on ListCommandInvocations → InvalidFilterKey', async () => {
    await expectError('ListCommandInvocations', { Filters: [{ key: 'ExecutionStage', value: 'Complete' }] }, 'InvalidFilterKey');
  });
});
