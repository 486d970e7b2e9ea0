/**
 * Live mode through the real SDK, on a manual clock: executions in progress
 * advance (steps start and end, loop iterations appear, statuses turn final),
 * window executions' tasks complete, new window executions begin with the work
 * their tasks start, NextTokens keep their place while lists change, and the
 * state at a time does not depend on the calls made before it.
 */
import type { SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANCHOR_MS, generateDataset } from '../../src/emulator/generate.ts';
import { generateEstate } from '../../src/emulator/generate-estate.ts';
import { createManualClock, startEmulator, type Emulator } from '../../src/emulator/index.ts';
import { call, client, errorOf, walkOp, type AnyOutput } from './helpers.ts';

const MINUTE = 60_000;
const data = generateDataset({ seed: 1, live: true });
const TERMINAL = new Set(['Success', 'Failed', 'TimedOut', 'Cancelled']);
const WINDOW_TERMINAL = new Set(['SUCCESS', 'FAILED', 'TIMED_OUT', 'CANCELLED', 'SKIPPED_OVERLAPPING']);

interface Live {
  emu: Emulator;
  c: SSMClient;
}
const started: Live[] = [];
async function live(opts: { live?: boolean; tokenTtlMs?: number } = {}): Promise<Live> {
  const emu = await startEmulator({ data, live: opts.live ?? true, clock: createManualClock(ANCHOR_MS), tokenTtlMs: opts.tokenTtlMs });
  const s = { emu, c: client(emu.url) };
  started.push(s);
  return s;
}
afterAll(async () => {
  for (const s of started) s.c.destroy();
  await Promise.all(started.map((s) => s.emu.close()));
});

const steps = async (c: SSMClient, id: string) => (await walkOp(c, 'DescribeAutomationStepExecutions', { AutomationExecutionId: id })).items;
const runningAutomations = async (c: SSMClient) =>
  (await walkOp(c, 'DescribeAutomationExecutions', { Filters: [{ Key: 'ExecutionStatus', Values: ['InProgress'] }] })).items;

describe('the dataset at now', () => {
  it('is the static one but for the records under way', () => {
    const s = generateDataset({ seed: 1 });
    expect(data.associations).toStrictEqual(s.associations);
    expect(data.maintenanceWindows).toStrictEqual(s.maintenanceWindows);
    const done = (d: typeof s) => d.automationExecutions.filter((a) => TERMINAL.has(a.AutomationExecutionStatus!) && !a.ParentAutomationExecutionId);
    expect(done(data)).toStrictEqual(done(s).filter((a) => data.automationExecutions.some((b) => b.AutomationExecutionId === a.AutomationExecutionId)));
    expect(done(data).length).toBeGreaterThan(done(s).length - 5);
    expect(generateDataset({ seed: 1, live: true })).toStrictEqual(data);
  });
});

describe('an automation in progress', () => {
  let s: Live;
  beforeAll(async () => {
    s = await live();
  });

  it('shows steps starting and ending and loop iterations appearing, then a final status; every poll is logged', async () => {
    const loop = (await runningAutomations(s.c)).find((a) => a.DocumentName === 'Custom-PatchAndSnapshotFleet')!;
    expect(loop).toBeDefined();
    s.emu.reset();
    const id = loop.AutomationExecutionId;
    let before = await steps(s.c, id);
    let polls = 1;
    let grew = 0;
    let iteration = Math.max(0, ...before.map((x) => x.ParentStepDetails?.Iteration ?? 0));
    let moreIterations = false;
    let exec: AnyOutput = {};
    for (let i = 0; i < 120; i++) {
      s.emu.advance(15_000);
      exec = (await call(s.c, 'GetAutomationExecution', { AutomationExecutionId: id })).AutomationExecution;
      const now = await steps(s.c, id);
      polls += 2;
      const started = (list: AnyOutput[]) => list.filter((x) => x.ExecutionStartTime).length;
      expect(started(now)).toBeGreaterThanOrEqual(started(before));
      if (started(now) > started(before)) grew++;
      const it = Math.max(0, ...now.map((x) => x.ParentStepDetails?.Iteration ?? 0));
      if (it > iteration) moreIterations = true;
      iteration = it;
      before = now;
      if (TERMINAL.has(exec.AutomationExecutionStatus)) break;
      expect(exec.AutomationExecutionStatus).toBe('InProgress');
      expect(exec.ExecutionEndTime).toBeUndefined();
      expect(now.filter((x) => x.StepStatus === 'InProgress').length).toBeGreaterThan(0);
    }
    expect(grew).toBeGreaterThan(2);
    expect(moreIterations).toBe(true);
    expect(TERMINAL.has(exec.AutomationExecutionStatus)).toBe(true);
    expect(exec.ExecutionEndTime.getTime()).toBeLessThanOrEqual(s.emu.now());
    for (const st of before) expect(st.StepStatus === 'Pending' && !st.ExecutionStartTime).toBe(false);
    expect(s.emu.calls().filter((c) => c.operation === 'GetAutomationExecution')).toHaveLength(Math.floor(polls / 2));
  });
});

describe('a window execution in progress', () => {
  it('runs its tasks to the end: PENDING → IN_PROGRESS → final, invocations and what they start included', async () => {
    const s = await live();
    const windows = (await call(s.c, 'DescribeMaintenanceWindows', {})).WindowIdentities;
    let exec: AnyOutput | undefined;
    for (const w of windows) {
      exec ??= (await call(s.c, 'DescribeMaintenanceWindowExecutions', { WindowId: w.WindowId })).WindowExecutions.find((e: AnyOutput) => e.Status === 'IN_PROGRESS');
    }
    expect(exec).toBeDefined();
    const id = exec!.WindowExecutionId;
    const seen = new Set<string>();
    let tasks: AnyOutput[] = [];
    for (let i = 0; i < 60; i++) {
      tasks = (await call(s.c, 'DescribeMaintenanceWindowExecutionTasks', { WindowExecutionId: id })).WindowExecutionTaskIdentities;
      for (const t of tasks) seen.add(t.Status);
      if (WINDOW_TERMINAL.has((await call(s.c, 'GetMaintenanceWindowExecution', { WindowExecutionId: id })).Status)) break;
      s.emu.advance(MINUTE);
    }
    expect(seen.has('SUCCESS') || seen.has('FAILED')).toBe(true);
    expect([...seen].some((x) => x === 'IN_PROGRESS' || x === 'PENDING')).toBe(true);
    const done = await call(s.c, 'GetMaintenanceWindowExecution', { WindowExecutionId: id });
    expect(WINDOW_TERMINAL.has(done.Status)).toBe(true);
    expect(done.EndTime).toBeInstanceOf(Date);
    for (const t of tasks) {
      expect(WINDOW_TERMINAL.has(t.Status), t.Status).toBe(true);
      const invs = (await call(s.c, 'DescribeMaintenanceWindowExecutionTaskInvocations', { WindowExecutionId: id, TaskId: t.TaskExecutionId })).WindowExecutionTaskInvocationIdentities;
      for (const inv of invs) {
        expect(WINDOW_TERMINAL.has(inv.Status)).toBe(true);
        if (inv.TaskType === 'AUTOMATION') expect(TERMINAL.has((await call(s.c, 'GetAutomationExecution', { AutomationExecutionId: inv.ExecutionId })).AutomationExecution.AutomationExecutionStatus)).toBe(true);
        if (inv.TaskType === 'RUN_COMMAND') expect(TERMINAL.has((await call(s.c, 'ListCommands', { CommandId: inv.ExecutionId })).Commands[0].Status)).toBe(true);
      }
    }
  });
});

describe('new window executions', () => {
  it('begin at the window NextExecutionTime, with the automations and commands their tasks start; NextExecutionTime moves on', async () => {
    const s = await live();
    const windows = (await call(s.c, 'DescribeMaintenanceWindows', {})).WindowIdentities as AnyOutput[];
    const w = windows.reduce((a, b) => (Date.parse(a.NextExecutionTime) <= Date.parse(b.NextExecutionTime) ? a : b));
    const next = Date.parse(w.NextExecutionTime);
    const before = (await walkOp(s.c, 'DescribeMaintenanceWindowExecutions', { WindowId: w.WindowId })).items;
    s.emu.advance(next - s.emu.now() + 10 * MINUTE + 1);
    const after = (await walkOp(s.c, 'DescribeMaintenanceWindowExecutions', { WindowId: w.WindowId })).items;
    expect(after).toHaveLength(before.length + 1);
    const fresh = after[0];
    expect(before.some((e) => e.WindowExecutionId === fresh.WindowExecutionId)).toBe(false);
    expect(fresh.StartTime.getTime()).toBeGreaterThanOrEqual(next);
    expect(Date.parse((await call(s.c, 'GetMaintenanceWindow', { WindowId: w.WindowId })).NextExecutionTime)).toBeGreaterThan(next);
    s.emu.advance(6 * 60 * MINUTE);
    const done = await call(s.c, 'GetMaintenanceWindowExecution', { WindowExecutionId: fresh.WindowExecutionId });
    expect(WINDOW_TERMINAL.has(done.Status)).toBe(true);
    let started = 0;
    for (const taskId of done.TaskIds) {
      const invs = (await call(s.c, 'DescribeMaintenanceWindowExecutionTaskInvocations', { WindowExecutionId: fresh.WindowExecutionId, TaskId: taskId })).WindowExecutionTaskInvocationIdentities;
      for (const inv of invs) {
        if (inv.TaskType === 'AUTOMATION') started += (await call(s.c, 'GetAutomationExecution', { AutomationExecutionId: inv.ExecutionId })).AutomationExecution ? 1 : 0;
        if (inv.TaskType === 'RUN_COMMAND') started += (await call(s.c, 'ListCommands', { CommandId: inv.ExecutionId })).Commands.length;
      }
    }
    expect(started).toBeGreaterThan(0);
  });

  it('a NextToken issued before a new execution appears resumes after its page, as a keyset cursor', async () => {
    const s = await live({ tokenTtlMs: 2 * 24 * 60 * MINUTE }); // the window's next run is hours away
    const windows = (await call(s.c, 'DescribeMaintenanceWindows', {})).WindowIdentities as AnyOutput[];
    const w = windows.filter((x) => x.Name === 'patch-linux-fleet')[0];
    const all = (await walkOp(s.c, 'DescribeMaintenanceWindowExecutions', { WindowId: w.WindowId })).items.map((e) => e.WindowExecutionId);
    const first = await call(s.c, 'DescribeMaintenanceWindowExecutions', { WindowId: w.WindowId, MaxResults: 10 });
    s.emu.advance(Date.parse(w.NextExecutionTime) - s.emu.now() + 11 * MINUTE);
    const second = await call(s.c, 'DescribeMaintenanceWindowExecutions', { WindowId: w.WindowId, MaxResults: 10, NextToken: first.NextToken });
    expect([...first.WindowExecutions, ...second.WindowExecutions].map((e: AnyOutput) => e.WindowExecutionId)).toEqual(all.slice(0, 20));
    const fresh = (await call(s.c, 'DescribeMaintenanceWindowExecutions', { WindowId: w.WindowId, MaxResults: 10 })).WindowExecutions;
    expect(fresh[0].WindowExecutionId).not.toBe(all[0]);
    expect(fresh[1].WindowExecutionId).toBe(all[0]);
  });
});

describe('the state at a time', () => {
  it('is the same however many calls were made before it', async () => {
    const [a, b] = [await live(), await live()];
    const ids = (await runningAutomations(a.c)).map((x) => x.AutomationExecutionId);
    const end = ANCHOR_MS + 40 * MINUTE;
    while (a.emu.now() < end) {
      a.emu.advance(50_000);
      await runningAutomations(a.c);
      for (const id of ids) await call(a.c, 'GetAutomationExecution', { AutomationExecutionId: id });
    }
    b.emu.advance(end - b.emu.now());
    const snapshot = async (c: SSMClient) => ({
      automations: (await walkOp(c, 'DescribeAutomationExecutions', {})).items,
      steps: await Promise.all(ids.map((id) => steps(c, id))),
      commands: (await walkOp(c, 'ListCommands', {})).items,
      invocations: (await walkOp(c, 'ListCommandInvocations', { Details: true })).items,
    });
    expect(await snapshot(a.c)).toStrictEqual(await snapshot(b.c));
  });
});

describe('clock control and modes', () => {
  it('POST /_emulator/clock moves a manual clock; 409 on a real clock; 400 on a bad body', async () => {
    const s = await live();
    const res = await fetch(`${s.emu.url}/_emulator/clock`, { method: 'POST', body: JSON.stringify({ advanceMs: 3_600_000 }) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ now: '2026-01-01T01:00:00.000Z', manual: true });
    expect(s.emu.now()).toBe(ANCHOR_MS + 3_600_000);
    expect((await runningAutomations(s.c)).length).toBe(0);
    expect((await fetch(`${s.emu.url}/_emulator/clock`, { method: 'POST', body: '{"advanceMs": -1}' })).status).toBe(400);
    const real = await startEmulator({ data });
    try {
      expect((await fetch(`${real.url}/_emulator/clock`, { method: 'POST', body: '{"advanceMs": 1}' })).status).toBe(409);
      expect(() => real.advance(1)).toThrow(/not manual/);
    } finally {
      await real.close();
    }
  });

  it('without live, a live-planned dataset is served as it was at now, whatever the clock', async () => {
    const s = await live({ live: false });
    const atNow = (await runningAutomations(s.c)).map((x) => x.AutomationExecutionId);
    s.emu.advance(24 * 60 * MINUTE);
    expect((await runningAutomations(s.c)).map((x) => x.AutomationExecutionId)).toEqual(atNow);
    expect(atNow.length).toBeGreaterThan(0);
  });

  it('an estate generated live advances in every location', async () => {
    const e = generateEstate({ seed: 2, live: true });
    const clock = createManualClock(ANCHOR_MS);
    const emu = await startEmulator({ estate: e, live: true, clock });
    const clients = e.locations.map((l) => client(emu.url, { accessKeyId: e.accessKeyOf[l.accountId], region: l.region }));
    try {
      const counts = async () => Promise.all(clients.map(async (c) => (await runningAutomations(c)).length));
      expect((await counts()).reduce((x, y) => x + y)).toBeGreaterThan(e.locations.length);
      clock.advance(2 * 60 * MINUTE);
      expect(await counts()).toEqual(e.locations.map(() => 0));
      expect((await errorOf(call(clients[0], 'GetAutomationExecution', { AutomationExecutionId: '00000000-0000-4000-8000-000000000000' }))).name).toBe('AutomationExecutionNotFoundException');
    } finally {
      for (const c of clients) c.destroy();
      await emu.close();
    }
  });
});
