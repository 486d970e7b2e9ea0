/**
 * Pagination through the SDK: walks return every item exactly once in a stable
 * order for MaxResults 1, 7, 10 and the maximum (within each operation's
 * range), in normal and stingy mode; filtered stingy walks follow empty pages;
 * NextTokens are bound to their request, tamper-proof and expire.
 */
import { describe, expect, it } from 'vitest';
import { paginateListCommands, type SSMClient } from '@aws-sdk/client-ssm';
import { startEmulator } from '../../src/emulator/index.ts';
import { model, pageSizeRange, paginator } from '../../src/emulator/model.ts';
import { busiest, call, client, errorOf, smallDataset, useEmulators, walkOp, type AnyInput, type AnyOutput } from './helpers.ts';

const d = smallDataset();
const [plain, stingy] = useEmulators({ data: d }, { data: d, stingy: true, seed: 7 });

const assocId = busiest(d.associationExecutions, (e) => e.AssociationId);
const targetsOf = busiest(d.associationExecutionTargets, (t) => `${t.AssociationId}/${t.ExecutionId}`).split('/');
const bigAutomation = d.automationExecutions.reduce((a, b) => ((a.StepExecutions?.length ?? 0) >= (b.StepExecutions?.length ?? 0) ? a : b));
const windowId = busiest(d.maintenanceWindowExecutions, (e) => e.WindowId);
const windowExecId = busiest(d.maintenanceWindowExecutionTasks, (t) => t.WindowExecutionId);
const [taskWinExec, taskId] = busiest(d.maintenanceWindowExecutionTaskInvocations, (i) => `${i.WindowExecutionId}/${i.TaskExecutionId}`).split('/');

/** Per paginated operation: base input, item identity, expected count, a filter for stingy walks. */
const cases: { op: string; input: AnyInput; id: (x: AnyOutput) => string; count: number; filters?: AnyInput }[] = [
  { op: 'ListAssociations', input: {}, id: (x) => x.AssociationId, count: d.associations.length, filters: { AssociationFilterList: [{ key: 'AssociationStatusName', value: 'Failed' }] } },
  { op: 'DescribeAssociationExecutions', input: { AssociationId: assocId }, id: (x) => x.ExecutionId, count: d.associationExecutions.filter((e) => e.AssociationId === assocId).length, filters: { Filters: [{ Key: 'Status', Value: 'Failed', Type: 'EQUAL' }] } },
  { op: 'DescribeAssociationExecutionTargets', input: { AssociationId: targetsOf[0], ExecutionId: targetsOf[1] }, id: (x) => x.ResourceId, count: d.associationExecutionTargets.filter((t) => t.ExecutionId === targetsOf[1]).length, filters: { Filters: [{ Key: 'Status', Value: 'Success' }] } },
  { op: 'DescribeAutomationExecutions', input: {}, id: (x) => x.AutomationExecutionId, count: d.automationExecutions.length, filters: { Filters: [{ Key: 'ExecutionStatus', Values: ['Failed', 'Cancelled', 'TimedOut'] }] } },
  { op: 'DescribeAutomationStepExecutions', input: { AutomationExecutionId: bigAutomation.AutomationExecutionId }, id: (x) => x.StepExecutionId, count: bigAutomation.StepExecutions!.length, filters: { Filters: [{ Key: 'StepName', Values: ['installPatches', 'assertInstanceRunning'] }] } },
  { op: 'DescribeMaintenanceWindows', input: {}, id: (x) => x.WindowId, count: d.maintenanceWindows.length, filters: { Filters: [{ Key: 'Enabled', Values: ['true'] }] } },
  { op: 'DescribeMaintenanceWindowExecutions', input: { WindowId: windowId }, id: (x) => x.WindowExecutionId, count: d.maintenanceWindowExecutions.filter((e) => e.WindowId === windowId).length, filters: { Filters: [{ Key: 'ExecutedAfter', Values: ['2025-12-20T00:00:00Z'] }] } },
  { op: 'DescribeMaintenanceWindowExecutionTasks', input: { WindowExecutionId: windowExecId }, id: (x) => x.TaskExecutionId, count: d.maintenanceWindowExecutionTasks.filter((t) => t.WindowExecutionId === windowExecId).length, filters: { Filters: [{ Key: 'STATUS', Values: ['SUCCESS'] }] } },
  { op: 'DescribeMaintenanceWindowExecutionTaskInvocations', input: { WindowExecutionId: taskWinExec, TaskId: taskId }, id: (x) => x.InvocationId, count: d.maintenanceWindowExecutionTaskInvocations.filter((i) => i.TaskExecutionId === taskId).length, filters: { Filters: [{ Key: 'STATUS', Values: ['SUCCESS'] }] } },
  { op: 'ListCommandInvocations', input: {}, id: (x) => `${x.CommandId}/${x.InstanceId}`, count: d.commandInvocations.length, filters: { Filters: [{ key: 'Status', value: 'Pending' }] } },
  { op: 'ListCommands', input: {}, id: (x) => x.CommandId, count: d.commands.length, filters: { Filters: [{ key: 'Status', value: 'Cancelled' }] } },
];

it('covers every paginated operation of the model', () => {
  expect(cases.map((x) => x.op).sort()).toEqual(Object.keys(model.paginators).sort());
  for (const x of cases) expect(paginator(x.op), x.op).toBeDefined();
});

describe.each(cases)('$op', ({ op, input, id, count, filters }) => {
  const { min, max } = pageSizeRange(op);
  const sizes = [...new Set([1, 7, 10, max])].filter((n) => n >= min && n <= max);

  it(`walks with MaxResults ${sizes.join(', ')} and without, normal and stingy, each item once in one order`, async () => {
    const reference = (await walkOp(plain.c, op, input)).items.map(id);
    expect(reference.length).toBe(count);
    expect(new Set(reference).size).toBe(count);
    for (const [name, c] of [['normal', plain.c], ['stingy', stingy.c]] as const) {
      for (const size of sizes) {
        const r = await walkOp(c, op, { ...input, MaxResults: size });
        expect(r.items.map(id), `${name} MaxResults=${size}`).toEqual(reference);
        if (name === 'normal') expect(r.pages, `${name} MaxResults=${size}`).toBe(Math.max(1, Math.ceil(count / size)));
        else expect(r.emptyPagesWithToken, 'no empty pages without a filter').toBe(0);
      }
    }
  });

  if (filters) {
    it('filtered stingy walk equals the filtered normal walk, following empty pages', async () => {
      const want = (await walkOp(plain.c, op, { ...input, ...filters })).items.map(id);
      for (const size of sizes) {
        const r = await walkOp(stingy.c, op, { ...input, ...filters, MaxResults: size });
        expect(r.items.map(id), `MaxResults=${size}`).toEqual(want);
      }
    });
  }
});

describe('stingy mode', () => {
  it('returns short pages and, with filters, empty pages that carry a NextToken', async () => {
    const full = await call(stingy.c, 'ListCommands', { MaxResults: 50 });
    expect(full.Commands.length).toBeGreaterThan(0);
    expect(full.Commands.length).toBeLessThanOrEqual(50);
    let empties = 0;
    for (const x of cases.filter((k) => k.filters)) {
      empties += (await walkOp(stingy.c, x.op, { ...x.input, ...x.filters, MaxResults: pageSizeRange(x.op).min === 10 ? 10 : 7 })).emptyPagesWithToken;
    }
    expect(empties).toBeGreaterThan(0);
  });

  it('is deterministic: the same token yields the same page', async () => {
    const first = await call(stingy.c, 'DescribeAutomationExecutions', { MaxResults: 20 });
    const a = await call(stingy.c, 'DescribeAutomationExecutions', { MaxResults: 20, NextToken: first.NextToken });
    const b = await call(stingy.c, 'DescribeAutomationExecutions', { MaxResults: 20, NextToken: first.NextToken });
    expect(a.AutomationExecutionMetadataList.map((x: AnyOutput) => x.AutomationExecutionId)).toEqual(b.AutomationExecutionMetadataList.map((x: AnyOutput) => x.AutomationExecutionId));
  });

  it("works with the SDK's own paginator", async () => {
    const ids: string[] = [];
    for await (const page of paginateListCommands({ client: stingy.c, pageSize: 25 }, {})) ids.push(...(page.Commands ?? []).map((x) => x.CommandId!));
    expect(ids).toHaveLength(d.commands.length);
    expect(new Set(ids).size).toBe(d.commands.length);
  });
});

describe('NextToken', () => {
  const first = async (c: SSMClient, input: AnyInput = {}) => (await call(c, 'ListCommands', { MaxResults: 10, ...input })).NextToken as string;

  it('never comes with the last page', async () => {
    const out = await call(plain.c, 'ListCommands', { MaxResults: 50, Filters: [{ key: 'Status', value: 'Cancelled' }] });
    expect(out.Commands.length).toBe(d.commands.filter((x) => x.Status === 'Cancelled').length);
    expect(out.NextToken).toBeUndefined();
  });

  it('may change MaxResults between pages', async () => {
    const token = await first(plain.c);
    const out = await call(plain.c, 'ListCommands', { MaxResults: 3, NextToken: token });
    expect(out.Commands).toHaveLength(3);
  });

  const invalid = async (p: Promise<unknown>) => {
    const err = await errorOf(p);
    expect(err.name).toBe('InvalidNextToken');
    expect(err.$metadata?.httpStatusCode).toBe(400);
  };

  it('reused with other parameters → InvalidNextToken', async () => {
    const token = await first(plain.c);
    await invalid(call(plain.c, 'ListCommands', { NextToken: token, Filters: [{ key: 'Status', value: 'Success' }] }));
    await invalid(call(plain.c, 'ListCommandInvocations', { NextToken: token }));
    const stepToken = (await call(plain.c, 'DescribeAutomationStepExecutions', { AutomationExecutionId: bigAutomation.AutomationExecutionId, MaxResults: 5 })).NextToken;
    await invalid(call(plain.c, 'DescribeAutomationStepExecutions', { AutomationExecutionId: bigAutomation.AutomationExecutionId, NextToken: stepToken, ReverseOrder: true }));
  });

  it('altered → InvalidNextToken', async () => {
    const token = await first(plain.c);
    const i = Math.floor(token.length / 3);
    const flipped = token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
    await invalid(call(plain.c, 'ListCommands', { MaxResults: 10, NextToken: flipped }));
    await invalid(call(plain.c, 'ListCommands', { MaxResults: 10, NextToken: 'garbage' }));
  });

  it('from another emulator → InvalidNextToken', async () => {
    await invalid(call(stingy.c, 'ListCommands', { MaxResults: 10, NextToken: await first(plain.c) }));
  });

  it('expired → InvalidNextToken', async () => {
    const short = await startEmulator({ data: d, tokenTtlMs: 100 });
    const c = client(short.url);
    try {
      const token = await first(c);
      expect((await call(c, 'ListCommands', { MaxResults: 10, NextToken: token })).Commands).toHaveLength(10);
      await new Promise((r) => setTimeout(r, 150));
      await invalid(call(c, 'ListCommands', { MaxResults: 10, NextToken: token }));
    } finally {
      c.destroy();
      await short.close();
    }
  });

  it('issued before setData → InvalidNextToken', async () => {
    const own = await startEmulator({ data: d });
    const c = client(own.url);
    try {
      const token = await first(c);
      own.setData(d);
      await invalid(call(c, 'ListCommands', { MaxResults: 10, NextToken: token }));
    } finally {
      c.destroy();
      await own.close();
    }
  });
});
