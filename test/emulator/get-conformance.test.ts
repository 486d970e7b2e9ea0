/**
 * Every record of the small account through each Get/Describe-one operation
 * of the SDK: the answer conforms to the model's output shape (members,
 * types, enums) and is the record asked for. List operations get the same
 * check over every item in pagination.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { model } from '../../src/emulator/model.ts';
import { call, expectConforms, smallDataset, useEmulator, type AnyInput, type AnyOutput } from './helpers.ts';

const d = smallDataset();
const s = useEmulator({ data: d });

/** Per single-record operation: one request per dataset record, and what the answer must identify. */
const cases: { op: string; requests: AnyInput[]; check: (out: AnyOutput, input: AnyInput) => void }[] = [
  { op: 'DescribeAssociation', requests: d.associations.map((a) => ({ AssociationId: a.AssociationId })), check: (o, i) => expect(o.AssociationDescription.AssociationId).toBe(i.AssociationId) },
  { op: 'GetAutomationExecution', requests: d.automationExecutions.map((a) => ({ AutomationExecutionId: a.AutomationExecutionId })), check: (o, i) => expect(o.AutomationExecution.AutomationExecutionId).toBe(i.AutomationExecutionId) },
  { op: 'GetMaintenanceWindow', requests: d.maintenanceWindows.map((w) => ({ WindowId: w.WindowId })), check: (o, i) => expect(o.WindowId).toBe(i.WindowId) },
  { op: 'GetMaintenanceWindowExecution', requests: d.maintenanceWindowExecutions.map((e) => ({ WindowExecutionId: e.WindowExecutionId })), check: (o, i) => expect(o.WindowExecutionId).toBe(i.WindowExecutionId) },
  { op: 'GetMaintenanceWindowExecutionTask', requests: d.maintenanceWindowExecutionTasks.map((t) => ({ WindowExecutionId: t.WindowExecutionId, TaskId: t.TaskExecutionId })), check: (o, i) => expect(o.TaskExecutionId).toBe(i.TaskId) },
  {
    op: 'GetMaintenanceWindowExecutionTaskInvocation',
    requests: d.maintenanceWindowExecutionTaskInvocations.map((v) => ({ WindowExecutionId: v.WindowExecutionId, TaskId: v.TaskExecutionId, InvocationId: v.InvocationId })),
    check: (o, i) => expect([o.WindowExecutionId, o.TaskExecutionId, o.InvocationId]).toEqual([i.WindowExecutionId, i.TaskId, i.InvocationId]),
  },
];

describe.each(cases)('$op', ({ op, requests, check }) => {
  it(`answers every record (${requests.length}) in the model's output shape`, async () => {
    expect(requests.length).toBeGreaterThan(0);
    const outputShape = model.operations[op].output.shape;
    for (const input of requests) {
      const out = await call(s.c, op, input);
      expectConforms(outputShape, out, op);
      check(out, input);
    }
  });
});
