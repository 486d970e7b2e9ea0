/**
 * The 17 operations through the AWS SDK: output conforms to the model's output
 * shapes, Get/Describe of unknown IDs answer the modeled not-found errors,
 * filters and sort orders behave as documented in docs/emulator.md.
 */
import { describe, expect, it } from 'vitest';
import { STEP_EXECUTIONS_INLINE_CAP } from '../../src/emulator/index.ts';
import { model, OPERATION_NAMES } from '../../src/emulator/model.ts';
import { call, countDates, errorOf, expectConforms, smallDataset, useEmulator, walkOp, type AnyInput } from './helpers.ts';
import { assocExec, assocId, bigAutomation, commandId, requests, taskId, taskWinExec, windowExecId, windowId } from './requests.ts';

const d = smallDataset();
const s = useEmulator({ data: d });

const ms = (v: unknown) => (v instanceof Date ? v.getTime() : Date.parse(String(v)));

describe('every operation returns the model output shape', () => {
  it('covers all 17 operations of the model', () => {
    expect(Object.keys(requests).sort()).toEqual([...OPERATION_NAMES].sort());
    expect(OPERATION_NAMES).toHaveLength(17);
  });

  for (const op of OPERATION_NAMES) {
    it(op, async () => {
      const out = await call(s.c, op, requests[op]);
      const outputShape = model.operations[op].output.shape;
      expectConforms(outputShape, out);
      // Something came back, with Date timestamps.
      const members = Object.keys(out).filter((k) => k !== '$metadata' && k !== 'NextToken');
      expect(members.length).toBeGreaterThan(0);
      // MaintenanceWindowIdentity has string dates only; every other output has timestamps.
      if (op !== 'DescribeMaintenanceWindows') expect(countDates(out)).toBeGreaterThan(0);
    });
  }
});

describe('not-found errors', () => {
  const uuid = '00000000-0000-4000-8000-000000000000';
  const cases: [string, AnyInput, string][] = [
    ['DescribeAssociation', { AssociationId: uuid }, 'AssociationDoesNotExist'],
    ['DescribeAssociation', { AssociationId: assocId, AssociationVersion: '999' }, 'InvalidAssociationVersion'],
    ['DescribeAssociationExecutions', { AssociationId: uuid }, 'AssociationDoesNotExist'],
    ['DescribeAssociationExecutionTargets', { AssociationId: uuid, ExecutionId: uuid }, 'AssociationDoesNotExist'],
    ['DescribeAssociationExecutionTargets', { AssociationId: assocId, ExecutionId: uuid }, 'AssociationExecutionDoesNotExist'],
    ['GetAutomationExecution', { AutomationExecutionId: uuid }, 'AutomationExecutionNotFoundException'],
    ['DescribeAutomationStepExecutions', { AutomationExecutionId: uuid }, 'AutomationExecutionNotFoundException'],
    ['GetMaintenanceWindow', { WindowId: 'mw-0123456789abcdef0' }, 'DoesNotExistException'],
    ['GetMaintenanceWindowExecution', { WindowExecutionId: uuid }, 'DoesNotExistException'],
    ['DescribeMaintenanceWindowExecutionTasks', { WindowExecutionId: uuid }, 'DoesNotExistException'],
    ['GetMaintenanceWindowExecutionTask', { WindowExecutionId: windowExecId, TaskId: uuid }, 'DoesNotExistException'],
    ['DescribeMaintenanceWindowExecutionTaskInvocations', { WindowExecutionId: uuid, TaskId: uuid }, 'DoesNotExistException'],
    ['GetMaintenanceWindowExecutionTaskInvocation', { WindowExecutionId: taskWinExec, TaskId: taskId, InvocationId: uuid }, 'DoesNotExistException'],
    ['ListCommands', { CommandId: 'not-a-uuid-but-36-characters-long!!!' }, 'InvalidCommandId'],
  ];
  for (const [op, input, name] of cases) {
    it(`${op} ${Object.values(input).join(' ')} → ${name}`, async () => {
      const err = await errorOf(call(s.c, op, input));
      expect(err.name).toBe(name);
      expect(err.$metadata?.httpStatusCode).toBe(400);
    });
  }

  it('lists of an unknown window or command are empty, as SSM answers', async () => {
    expect((await call(s.c, 'DescribeMaintenanceWindowExecutions', { WindowId: 'mw-0123456789abcdef0' })).WindowExecutions).toEqual([]);
    expect((await call(s.c, 'ListCommandInvocations', { CommandId: '00000000-0000-4000-8000-000000000000' })).CommandInvocations).toEqual([]);
  });
});

describe('detail and summary shapes', () => {
  it('GetAutomationExecution caps inline steps and flags truncation', async () => {
    expect(bigAutomation.StepExecutions!.length).toBeGreaterThan(STEP_EXECUTIONS_INLINE_CAP);
    const out = await call(s.c, 'GetAutomationExecution', requests.GetAutomationExecution);
    expect(out.AutomationExecution.StepExecutions).toHaveLength(STEP_EXECUTIONS_INLINE_CAP);
    expect(out.AutomationExecution.StepExecutionsTruncated).toBe(true);
    const small = d.automationExecutions.find((a) => (a.StepExecutions?.length ?? 0) > 0 && a.StepExecutions!.length < 10)!;
    const out2 = await call(s.c, 'GetAutomationExecution', { AutomationExecutionId: small.AutomationExecutionId });
    expect(out2.AutomationExecution.StepExecutions.map((s: AnyInput) => s.StepExecutionId)).toEqual(small.StepExecutions!.map((s) => s.StepExecutionId));
    expect(out2.AutomationExecution.StepExecutionsTruncated).toBe(false);
  });

  it('ListCommandInvocations returns CommandPlugins only with Details', async () => {
    const withDetails = (await walkOp(s.c, 'ListCommandInvocations', { CommandId: commandId, Details: true })).items;
    expect(withDetails.every((i: AnyInput) => Array.isArray(i.CommandPlugins))).toBe(true);
    const without = (await walkOp(s.c, 'ListCommandInvocations', { CommandId: commandId })).items;
    expect(without.length).toBe(withDetails.length);
    expect(without.length).toBe(d.commandInvocations.filter((i) => i.CommandId === commandId).length);
    expect(without.some((i: AnyInput) => 'CommandPlugins' in i)).toBe(false);
  });

  it('window execution tasks: list shape has TaskType, Get shape has Type; Get execution lists TaskIds', async () => {
    const list = await call(s.c, 'DescribeMaintenanceWindowExecutionTasks', { WindowExecutionId: windowExecId });
    const rec = d.maintenanceWindowExecutionTasks.find((t) => t.TaskExecutionId === list.WindowExecutionTaskIdentities[0].TaskExecutionId)!;
    expect(list.WindowExecutionTaskIdentities[0].TaskType).toBe(rec.Type);
    const got = await call(s.c, 'GetMaintenanceWindowExecutionTask', { WindowExecutionId: windowExecId, TaskId: rec.TaskExecutionId });
    expect(got.Type).toBe(rec.Type);
    const exec = await call(s.c, 'GetMaintenanceWindowExecution', { WindowExecutionId: windowExecId });
    expect([...exec.TaskIds].sort()).toEqual(
      d.maintenanceWindowExecutionTasks.filter((t) => t.WindowExecutionId === windowExecId).map((t) => t.TaskExecutionId).sort(),
    );
  });

  it('ListAssociations returns the Association summary shape (no detail-only members)', async () => {
    const all = (await walkOp(s.c, 'ListAssociations', {})).items;
    expect(all.length).toBe(d.associations.length);
    for (const a of all) expect(a).not.toHaveProperty('Status');
  });
});

describe('sort orders', () => {
  it('association executions and window executions are newest first', async () => {
    const ex = (await walkOp(s.c, 'DescribeAssociationExecutions', { AssociationId: assocId })).items;
    const times = ex.map((e) => ms(e.CreatedTime));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const we = (await walkOp(s.c, 'DescribeMaintenanceWindowExecutions', { WindowId: windowId })).items;
    const wt = we.map((e) => ms(e.StartTime));
    expect(wt).toEqual([...wt].sort((a, b) => b - a));
  });

  it('automation executions are newest first (not yet started first)', async () => {
    const all = (await walkOp(s.c, 'DescribeAutomationExecutions', {})).items;
    expect(all).toHaveLength(d.automationExecutions.length);
    const t = all.filter((a) => a.ExecutionStartTime).map((a) => ms(a.ExecutionStartTime));
    expect(t).toEqual([...t].sort((a, b) => b - a));
  });

  it('steps come in execution order; ReverseOrder flips it', async () => {
    const id = bigAutomation.AutomationExecutionId;
    const fwd = (await walkOp(s.c, 'DescribeAutomationStepExecutions', { AutomationExecutionId: id })).items.map((st) => st.StepExecutionId);
    expect(fwd).toEqual(bigAutomation.StepExecutions!.map((s) => s.StepExecutionId));
    const rev = (await walkOp(s.c, 'DescribeAutomationStepExecutions', { AutomationExecutionId: id, ReverseOrder: true })).items.map((st) => st.StepExecutionId);
    expect(rev).toEqual([...fwd].reverse());
  });

  it('commands are newest first', async () => {
    const all = (await walkOp(s.c, 'ListCommands', {})).items;
    const t = all.map((x) => ms(x.RequestedDateTime));
    expect(t).toEqual([...t].sort((a, b) => b - a));
  });
});

describe('filters (values of a key OR-ed, keys AND-ed)', () => {
  const ids = async (op: string, input: AnyInput, id: string) => (await walkOp(s.c, op, input)).items.map((x) => x[id]).sort();
  const sorted = (xs: (string | undefined)[]) => [...xs].sort();

  it('DescribeAssociationExecutions Status and CreatedTime', async () => {
    const execs = d.associationExecutions.filter((e) => e.AssociationId === assocId);
    const mid = new Date(execs.map((e) => ms(e.CreatedTime)).sort((a, b) => a - b)[Math.floor(execs.length / 2)]);
    const iso = mid.toISOString().replace(/\.\d{3}Z$/, 'Z');
    const got = await ids('DescribeAssociationExecutions', {
      AssociationId: assocId,
      Filters: [
        { Key: 'Status', Value: 'Success', Type: 'EQUAL' },
        { Key: 'Status', Value: 'Failed', Type: 'EQUAL' },
        { Key: 'CreatedTime', Value: iso, Type: 'GREATER_THAN' },
      ],
    }, 'ExecutionId');
    const want = execs.filter((e) => (e.Status === 'Success' || e.Status === 'Failed') && ms(e.CreatedTime) > Date.parse(iso));
    expect(got).toEqual(sorted(want.map((e) => e.ExecutionId)));
    expect(got.length).toBeGreaterThan(0);
    const one = await ids('DescribeAssociationExecutions', { AssociationId: assocId, Filters: [{ Key: 'ExecutionId', Value: assocExec.ExecutionId, Type: 'EQUAL' }] }, 'ExecutionId');
    expect(one).toEqual([assocExec.ExecutionId]);
  });

  it('DescribeAssociationExecutionTargets Status', async () => {
    const failedExec = d.associationExecutionTargets.find((t) => t.Status === 'Failed')!;
    const got = await ids('DescribeAssociationExecutionTargets', { AssociationId: failedExec.AssociationId, ExecutionId: failedExec.ExecutionId, Filters: [{ Key: 'Status', Value: 'Failed' }] }, 'ResourceId');
    const want = d.associationExecutionTargets.filter((t) => t.ExecutionId === failedExec.ExecutionId && t.AssociationId === failedExec.AssociationId && t.Status === 'Failed');
    expect(got).toEqual(sorted(want.map((t) => t.ResourceId)));
  });

  it('ListAssociations Name and AssociationStatusName', async () => {
    const got = await ids('ListAssociations', { AssociationFilterList: [{ key: 'Name', value: 'AWS-RunPatchBaseline' }, { key: 'Name', value: 'AWS-RunShellScript' }, { key: 'AssociationStatusName', value: 'Success' }] }, 'AssociationId');
    const want = d.associations.filter((a) => ['AWS-RunPatchBaseline', 'AWS-RunShellScript'].includes(a.Name!) && a.Overview?.Status === 'Success');
    expect(got).toEqual(sorted(want.map((a) => a.AssociationId)));
  });

  it('DescribeAutomationExecutions ExecutionStatus, DocumentNamePrefix, ParentExecutionId, StartTimeAfter', async () => {
    const got = await ids('DescribeAutomationExecutions', { Filters: [{ Key: 'ExecutionStatus', Values: ['Success', 'Failed'] }, { Key: 'DocumentNamePrefix', Values: ['AWS-Re', 'Custom-'] }] }, 'AutomationExecutionId');
    const want = d.automationExecutions.filter((a) => ['Success', 'Failed'].includes(a.AutomationExecutionStatus!) && /^(AWS-Re|Custom-)/.test(a.DocumentName!));
    expect(got).toEqual(sorted(want.map((a) => a.AutomationExecutionId)));
    const child = d.automationExecutions.find((a) => a.ParentAutomationExecutionId)!;
    const children = await ids('DescribeAutomationExecutions', { Filters: [{ Key: 'ParentExecutionId', Values: [child.ParentAutomationExecutionId!] }] }, 'AutomationExecutionId');
    expect(children).toEqual(sorted(d.automationExecutions.filter((a) => a.ParentAutomationExecutionId === child.ParentAutomationExecutionId).map((a) => a.AutomationExecutionId)));
    const after = '2025-12-15T00:00:00Z';
    const recent = await ids('DescribeAutomationExecutions', { Filters: [{ Key: 'StartTimeAfter', Values: [after] }] }, 'AutomationExecutionId');
    expect(recent).toEqual(sorted(d.automationExecutions.filter((a) => ms(a.ExecutionStartTime) >= Date.parse(after)).map((a) => a.AutomationExecutionId)));
  });

  it('DescribeAutomationStepExecutions StepName, ParentStepIteration, StepExecutionId, StepExecutionStatus', async () => {
    const id = bigAutomation.AutomationExecutionId;
    const steps = bigAutomation.StepExecutions!;
    const got = await ids('DescribeAutomationStepExecutions', { AutomationExecutionId: id, Filters: [{ Key: 'StepName', Values: ['createSnapshot', 'tagSnapshot'] }, { Key: 'ParentStepIteration', Values: ['2'] }] }, 'StepExecutionId');
    const want = steps.filter((s) => ['createSnapshot', 'tagSnapshot'].includes(s.StepName!) && s.ParentStepDetails?.Iteration === 2);
    expect(got).toEqual(sorted(want.map((s) => s.StepExecutionId)));
    expect(got.length).toBeGreaterThan(0);
    const picked = steps.slice(0, 10).map((s) => s.StepExecutionId!);
    expect(await ids('DescribeAutomationStepExecutions', { AutomationExecutionId: id, Filters: [{ Key: 'StepExecutionId', Values: picked }] }, 'StepExecutionId')).toEqual(sorted(picked));
    const parent = steps.find((s) => s.ParentStepDetails)!.ParentStepDetails!.StepExecutionId!;
    expect(await ids('DescribeAutomationStepExecutions', { AutomationExecutionId: id, Filters: [{ Key: 'ParentStepExecutionId', Values: [parent] }] }, 'StepExecutionId')).toEqual(sorted(steps.filter((s) => s.ParentStepDetails?.StepExecutionId === parent).map((s) => s.StepExecutionId)));
    expect(await ids('DescribeAutomationStepExecutions', { AutomationExecutionId: id, Filters: [{ Key: 'StepExecutionStatus', Values: ['FAILED'] }] }, 'StepExecutionId')).toEqual([]);
  });

  it('DescribeMaintenanceWindows Name; window executions ExecutedBefore/After; tasks and invocations STATUS', async () => {
    const w = d.maintenanceWindows[0];
    expect(await ids('DescribeMaintenanceWindows', { Filters: [{ Key: 'Name', Values: [w.Name] }, { Key: 'Enabled', Values: ['true'] }] }, 'WindowId')).toEqual([w.WindowId]);
    const execs = d.maintenanceWindowExecutions.filter((e) => e.WindowId === windowId);
    const t = execs.map((e) => ms(e.StartTime)).sort((a, b) => a - b);
    const lo = new Date(t[5]).toISOString();
    const hi = new Date(t[20]).toISOString();
    const got = await ids('DescribeMaintenanceWindowExecutions', { WindowId: windowId, Filters: [{ Key: 'ExecutedAfter', Values: [lo] }, { Key: 'ExecutedBefore', Values: [hi] }] }, 'WindowExecutionId');
    expect(got).toEqual(sorted(execs.filter((e) => ms(e.StartTime) >= Date.parse(lo) && ms(e.StartTime) < Date.parse(hi)).map((e) => e.WindowExecutionId)));
    expect(got).toHaveLength(15);
    const failedTask = d.maintenanceWindowExecutionTasks.find((x) => x.Status === 'FAILED')!;
    const tasks = await ids('DescribeMaintenanceWindowExecutionTasks', { WindowExecutionId: failedTask.WindowExecutionId, Filters: [{ Key: 'STATUS', Values: ['FAILED', 'TIMED_OUT'] }] }, 'TaskExecutionId');
    expect(tasks).toEqual(sorted(d.maintenanceWindowExecutionTasks.filter((x) => x.WindowExecutionId === failedTask.WindowExecutionId && ['FAILED', 'TIMED_OUT'].includes(x.Status!)).map((x) => x.TaskExecutionId)));
    const inv = await ids('DescribeMaintenanceWindowExecutionTaskInvocations', { WindowExecutionId: taskWinExec, TaskId: taskId, Filters: [{ Key: 'STATUS', Values: ['SUCCESS'] }] }, 'InvocationId');
    expect(inv).toEqual(sorted(d.maintenanceWindowExecutionTaskInvocations.filter((x) => x.TaskExecutionId === taskId && x.Status === 'SUCCESS').map((x) => x.InvocationId)));
  });

  it('ListCommands Status, DocumentName, ExecutionStage, InvokedAfter, InstanceId', async () => {
    const got = await ids('ListCommands', { Filters: [{ key: 'Status', value: 'Cancelled' }, { key: 'Status', value: 'TimedOut' }, { key: 'DocumentName', value: 'AWS-RunPatchBaseline' }] }, 'CommandId');
    expect(got).toEqual(sorted(d.commands.filter((x) => ['Cancelled', 'TimedOut'].includes(x.Status!) && x.DocumentName === 'AWS-RunPatchBaseline').map((x) => x.CommandId)));
    const executing = await ids('ListCommands', { Filters: [{ key: 'ExecutionStage', value: 'Executing' }] }, 'CommandId');
    expect(executing).toEqual(sorted(d.commands.filter((x) => ['Pending', 'InProgress', 'Cancelling'].includes(x.Status!)).map((x) => x.CommandId)));
    const after = '2025-12-20T00:00:00Z';
    const recent = await ids('ListCommands', { Filters: [{ key: 'InvokedAfter', value: after }] }, 'CommandId');
    expect(recent).toEqual(sorted(d.commands.filter((x) => ms(x.RequestedDateTime) >= Date.parse(after)).map((x) => x.CommandId)));
    const instance = d.commandInvocations[0].InstanceId!;
    const onInstance = await ids('ListCommands', { InstanceId: instance }, 'CommandId');
    expect(onInstance).toEqual(sorted([...new Set(d.commandInvocations.filter((i) => i.InstanceId === instance).map((i) => i.CommandId))]));
    const invs = await walkOp(s.c, 'ListCommandInvocations', { InstanceId: instance });
    expect(invs.items.length).toBe(d.commandInvocations.filter((i) => i.InstanceId === instance).length);
    const err = await errorOf(call(s.c, 'ListCommandInvocations', { Filters: [{ key: 'ExecutionStage', value: 'Executing' }] }));
    expect(err.name).toBe('InvalidFilterKey');
  });
});
