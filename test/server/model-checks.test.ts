/**
 * Values the SSM model refuses are refused here first, over HTTP against the
 * emulator, on a cold cache: filter values (each member's model shape, else
 * the filter structure's value shape, every value of a list), an `Int`
 * member's least value, and root-field IDs. Each is one BAD_USER_INPUT naming
 * the argument, and no upstream call; a well-formed value still reaches SSM.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());
beforeEach(() => {
  stack.gateway.cache.clear();
  stack.resetCalls();
});

const NUL = '\u0000';
const junk36 = `${'z'.repeat(8)}-zzzz-zzzz-zzzz-${'z'.repeat(12)}`;
const execId = () => stack.data.automationExecutions[0].AutomationExecutionId!;
const steps = () => `query($f: StepExecutionFilter) { automationExecution(automationExecutionId: "${execId()}") { steps(filter: $f) { edges { cursor } } } }`;

/** The query's one error's extensions, after checking it made no upstream call. */
async function refused(query: string, variables?: Record<string, unknown>) {
  const res = await stack.query(query, variables);
  expect(stack.calls(), 'upstream calls').toEqual([]);
  expect(res.errors, JSON.stringify(res)).toHaveLength(1);
  return res.errors![0].extensions;
}

describe('filter values', () => {
  const invalid = (argument: string) => ({ code: 'BAD_USER_INPUT', argument, reason: 'INVALID_FILTER_VALUE' });
  const malformed = (argument: string) => ({ code: 'BAD_USER_INPUT', argument, reason: 'MALFORMED_ID' });
  const windows = 'query($f: MaintenanceWindowsFilter) { maintenanceWindows(filter: $f) { edges { cursor } } }';
  const associations = 'query($f: AssociationFilter) { associations(filter: $f) { edges { cursor } } }';
  const automations = 'query($f: AutomationExecutionFilter) { automationExecutions(filter: $f) { edges { cursor } } }';

  it.each([
    ['an empty window name (MaintenanceWindowName: 3 to 128)', windows, { name: '' }, invalid('filter.name')],
    ['a window name of 129 characters', windows, { name: 'w'.repeat(129) }, invalid('filter.name')],
    ['a NUL in a window name', windows, { name: `patch${NUL}ing` }, invalid('filter.name')],
    ['a too long association name (AssociationName)', associations, { associationName: 'a'.repeat(129) }, invalid('filter.associationName')],
    ['a NUL in a document name (DocumentARN)', associations, { name: `AWS-RunPatchBaseline${NUL}` }, invalid('filter.name')],
    ['an instance ID that is none (InstanceId)', associations, { instanceId: 'server-1' }, invalid('filter.instanceId')],
    ['an empty resource group name (the filter value: at least 1)', associations, { resourceGroupName: '' }, invalid('filter.resourceGroupName')],
    ['an empty document name prefix', automations, { documentNamePrefix: '' }, invalid('filter.documentNamePrefix')],
    ['a document name prefix of 151 characters (the value: at most 150)', automations, { documentNamePrefix: 'd'.repeat(151) }, invalid('filter.documentNamePrefix')],
    ['a non-UUID among executionIds', automations, { executionIds: ['00000000-0000-4000-8000-000000000000', 'not-a-uuid'] }, malformed('filter.executionIds')],
    ['36 characters of junk as parentExecutionId', automations, { parentExecutionId: junk36 }, malformed('filter.parentExecutionId')],
  ])('%s', async (_name, query, filter, extensions) => {
    expect(await refused(query, { f: filter })).toEqual(extensions);
  });

  describe('under a parent that is not loaded yet (checked before execution)', () => {
    it.each([
      ['an empty step name in a list', { stepName: ['start', ''] }, invalid('filter.stepName')],
      ['a step name of 151 characters', { stepName: ['s'.repeat(151)] }, invalid('filter.stepName')],
      ['an empty parentStepExecutionId', { parentStepExecutionId: '' }, invalid('filter.parentStepExecutionId')],
      ['a negative iteration', { parentStepIteration: -1 }, { code: 'BAD_USER_INPUT', argument: 'filter.parentStepIteration', min: 0 }],
    ])('%s', async (_name, filter, extensions) => {
      expect(await refused(steps(), { f: filter })).toEqual(extensions);
    });

    it("a non-UUID execution ID on an association's executions, and a too long resource ID on their targets", async () => {
      const association = stack.data.associations[0].AssociationId;
      const q = (inner: string) => `{ association(associationId: "${association}") { ${inner} } }`;
      expect(await refused(q('executions(filter: { executionId: "nope" }) { edges { cursor } }'))).toEqual(malformed('filter.executionId'));
      const targets = `executions(first: 1) { edges { node { targets(filter: { resourceId: "${'r'.repeat(101)}" }) { edges { cursor } } } } }`;
      expect(await refused(q(targets))).toEqual(invalid('filter.resourceId'));
    });
  });

  it('lets well-formed values through to SSM, each value as sent', async () => {
    const res = await stack.query(steps(), { f: { stepName: ['start'], parentStepIteration: 0 } });
    expect(res.errors).toBeUndefined();
    const sent = stack.calls().find((c) => c.operation === 'DescribeAutomationStepExecutions')!.input.Filters;
    expect(sent).toEqual([
      { Key: 'StepName', Values: ['start'] },
      { Key: 'ParentStepIteration', Values: ['0'] },
    ]);
  });
});

describe('root-field IDs, each against its model shape', () => {
  const ROOT = [
    ['association', 'associationId'],
    ['automationExecution', 'automationExecutionId'],
    ['maintenanceWindow', 'windowId'],
    ['maintenanceWindowExecution', 'windowExecutionId'],
  ] as const;

  it('every root field with an ID argument is in this table', () => {
    const fields = Object.values(schema.getQueryType()!.getFields());
    const withId = fields.filter((f) => f.args.some((a) => String(a.type) === 'ID!')).map((f) => f.name).sort();
    expect(withId).toEqual([...ROOT.map(([field]) => field), 'node'].sort());
  });

  it.each(ROOT.flatMap(([field, arg]) =>
    [['36 characters of junk', junk36], ['36 NULs', NUL.repeat(36)], ['empty', '']].map(([what, value]) => [`${field}: ${what}`, field, arg, value] as const),
  ))('%s is MALFORMED_ID with no call', async (_name, field, arg, value) => {
    const extensions = await refused(`query($id: ID!) { ${field}(${arg}: $id) { __typename } }`, { id: value });
    expect(extensions).toEqual({ code: 'BAD_USER_INPUT', argument: arg, reason: 'MALFORMED_ID' });
  });

  it('an automation execution ID of 36 characters of junk through node(id:) too', async () => {
    const id = Buffer.from(`AutomationExecution:${junk36}`).toString('base64url');
    const res = await stack.query(`{ node(id: "${id}") { id } }`);
    expect(stack.calls()).toEqual([]);
    expect(res.errors?.map((e) => [e.extensions?.code, e.extensions?.reason])).toEqual([['BAD_USER_INPUT', 'MALFORMED_ID']]);
  });

  it('a well-formed unknown ID reaches SSM and is NOT_FOUND', async () => {
    const res = await stack.query('{ automationExecution(automationExecutionId: "0f8fad5b-d9cb-469f-a165-70867728950e") { __typename } }');
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    expect(stack.calls().map((c) => c.operation)).toEqual(['GetAutomationExecution']);
  });
});
