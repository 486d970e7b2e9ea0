/**
 * Entity keys (src/ssm/entities.ts: keyString, keyOf, keyProblem,
 * parseKeyString, maxBatchSize) and SSM filter lists in each of SSM's four
 * styles (src/ssm/filters.ts `ssmFilters`), with the domains' own declarations.
 */
import { describe, expect, it } from 'vitest';
import { ASSOCIATION_EXECUTION_FILTER, ASSOCIATION_FILTER, ASSOCIATION_TARGET_FILTER } from '../../src/ssm/associations.ts';
import { AUTOMATION_EXECUTION_FILTER } from '../../src/ssm/automation.ts';
import { COMMAND_INVOCATION_FILTER } from '../../src/ssm/commands.ts';
import { ENTITIES, keyMembers, keyOf, keyProblem, keyString, maxBatchSize, parseKeyString, ssmKeyMembers } from '../../src/ssm/entities.ts';
import { isoSeconds, ssmFilters } from '../../src/ssm/filters.ts';
import { WINDOW_FILTER } from '../../src/ssm/maintenance-windows.ts';

const HERE = { AccountId: '123456789012', Region: 'eu-west-1' };
const EXEC = '8c3a2b1e-0d4f-4e5a-9b6c-7d8e9f0a1b2c';
const STEP = '0d4f8c3a-2b1e-4e5a-9b6c-7d8e9f0a1b2c';

describe('entity keys', () => {
  it('start with the location, then the SSM key members, in declaration order', () => {
    expect(keyMembers('AutomationStepExecution')).toEqual(['AccountId', 'Region', 'AutomationExecutionId', 'StepExecutionId']);
    expect(ssmKeyMembers('AutomationStepExecution')).toEqual(['AutomationExecutionId', 'StepExecutionId']);
    for (const entity of Object.keys(ENTITIES) as (keyof typeof ENTITIES)[])
      expect(keyMembers(entity).slice(0, 2)).toEqual(['AccountId', 'Region']);
  });

  it('keyOf keeps the key members of a record and nothing else; keyString joins their values', () => {
    const record = { ...HERE, AutomationExecutionId: EXEC, StepExecutionId: STEP, StepName: 'run', $detail: true };
    expect(keyOf('AutomationStepExecution', record)).toEqual({ ...HERE, AutomationExecutionId: EXEC, StepExecutionId: STEP });
    expect(keyString('AutomationStepExecution', record)).toBe(`123456789012/eu-west-1/${EXEC}/${STEP}`);
  });

  it('parseKeyString is the inverse of keyString, and refuses what is no key', () => {
    const key = { ...HERE, WindowId: 'mw-0123456789abcdef0' };
    expect(parseKeyString('MaintenanceWindow', keyString('MaintenanceWindow', key))).toEqual(key);
    expect(parseKeyString('MaintenanceWindow', '123456789012/eu-west-1')).toBeUndefined();
    expect(parseKeyString('MaintenanceWindow', '123456789012/eu-west-1/mw-nope')).toBeUndefined();
  });

  it("keyProblem names the wrong arity, or the first part the model's shape refuses", () => {
    expect(keyProblem('MaintenanceWindow', ['123456789012', 'eu-west-1', 'mw-0123456789abcdef0'])).toBeUndefined();
    expect(keyProblem('MaintenanceWindow', ['123456789012', 'eu-west-1'])).toBe('arity');
    expect(keyProblem('MaintenanceWindow', ['12345', 'eu-west-1', 'mw-0123456789abcdef0'])).toEqual({
      member: 'AccountId',
      shape: 'AccountId',
      value: '12345',
    });
    expect(keyProblem('MaintenanceWindow', ['123456789012', 'Europe', 'mw-0123456789abcdef0'])).toMatchObject({ member: 'Region' });
    expect(keyProblem('MaintenanceWindow', ['123456789012', 'eu-west-1', 'mw-x'])).toMatchObject({
      member: 'WindowId',
      shape: 'MaintenanceWindowId',
    });
    expect(keyProblem('AutomationExecution', [EXEC], true)).toBeUndefined();
    expect(keyProblem('AutomationExecution', [42], true)).toMatchObject({ member: 'AutomationExecutionId', value: 42 });
    expect(keyProblem('AutomationExecution', ['123456789012', 'eu-west-1', EXEC], true)).toBe('arity');
  });

  it('maxBatchSize comes from the batch filter shape in the model; entities without one load one per call', () => {
    expect(maxBatchSize('AutomationExecution')).toBe(10);
    expect(maxBatchSize('AutomationStepExecution')).toBe(10);
    expect(maxBatchSize('MaintenanceWindow')).toBe(1);
  });
});

describe('ssmFilters', () => {
  const when = new Date('2024-11-04T05:00:00.123Z');

  it('KeyValues: one entry per member, list values together, times to the second', () => {
    expect(
      ssmFilters(AUTOMATION_EXECUTION_FILTER, { status: ['Failed', 'TimedOut'], startTimeAfter: when, documentNamePrefix: 'AWS-' }),
    ).toEqual([
      { Key: 'DocumentNamePrefix', Values: ['AWS-'] },
      { Key: 'ExecutionStatus', Values: ['Failed', 'TimedOut'] },
      { Key: 'StartTimeAfter', Values: ['2024-11-04T05:00:00Z'] },
    ]);
    expect(ssmFilters(WINDOW_FILTER, { enabled: false })).toEqual([{ Key: 'Enabled', Values: ['false'] }]);
  });

  it('KeyValue: one value per member', () => {
    expect(ssmFilters(ASSOCIATION_TARGET_FILTER, { status: 'Failed', resourceId: 'i-1' })).toEqual([
      { Key: 'ResourceId', Value: 'i-1' },
      { Key: 'Status', Value: 'Failed' },
    ]);
  });

  it("KeyValueType: the member's comparison as Type (EQUAL by default)", () => {
    expect(ssmFilters(ASSOCIATION_EXECUTION_FILTER, { createdAfter: when, status: 'Success' })).toEqual([
      { Key: 'Status', Value: 'Success', Type: 'EQUAL' },
      { Key: 'CreatedTime', Value: '2024-11-04T05:00:00Z', Type: 'GREATER_THAN' },
    ]);
  });

  it('keyValue: lowercase members, a list member repeated once per value', () => {
    expect(ssmFilters(COMMAND_INVOCATION_FILTER, { status: ['Success', 'Failed'], invokedAfter: when })).toEqual([
      { key: 'InvokedAfter', value: '2024-11-04T05:00:00Z' },
      { key: 'Status', value: 'Success' },
      { key: 'Status', value: 'Failed' },
    ]);
    expect(ssmFilters(ASSOCIATION_FILTER, { name: 'AWS-RunPatchBaseline' })).toEqual([{ key: 'Name', value: 'AWS-RunPatchBaseline' }]);
  });

  it('is undefined when no member is set (unset, null or an empty list)', () => {
    expect(ssmFilters(AUTOMATION_EXECUTION_FILTER)).toBeUndefined();
    expect(ssmFilters(AUTOMATION_EXECUTION_FILTER, { status: [], documentNamePrefix: undefined })).toBeUndefined();
    expect(ssmFilters(AUTOMATION_EXECUTION_FILTER, { documentNamePrefix: null as never })).toBeUndefined();
  });

  it('isoSeconds drops the milliseconds', () => {
    expect(isoSeconds(when)).toBe('2024-11-04T05:00:00Z');
  });
});
