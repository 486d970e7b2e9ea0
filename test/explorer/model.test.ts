/** The page's models: the timeline's (step-tree.ts) over the emulator's generated steps, the URL state, the cost figures. */
import { describe, expect, it } from 'vitest';
import { generateDataset } from '../../src/emulator/generate.ts';
import { barOf, buildStepTree, pathTo, timeScale, type StepLike, type StepNode } from '../../src/explorer/step-tree.ts';
import { listRoute, parseRoute, searchOf } from '../../src/explorer/route.ts';
import { costOf } from '../../src/explorer/client.ts';
import { locationArgs } from '../../src/explorer/filters.ts';

const data = generateDataset({ seed: 1, size: 'small' });
const stepsOf = (a: (typeof data.automationExecutions)[number]): StepLike[] =>
  a.StepExecutions!.map((s) => ({
    id: s.StepExecutionId!,
    parentStep: s.ParentStepDetails ? { id: s.ParentStepDetails.StepExecutionId! } : null,
    iteration: s.ParentStepDetails?.Iteration ?? null,
    iteratorValue: s.ParentStepDetails?.IteratorValue ?? null,
    executionStartTime: s.ExecutionStartTime?.toISOString() ?? null,
    executionEndTime: s.ExecutionEndTime?.toISOString() ?? null,
  }));
const flatten = (nodes: StepNode<StepLike>[]): string[] => nodes.flatMap((n) => [n.step.id, ...n.iterations.flatMap((g) => flatten(g.steps))]);

describe('buildStepTree', () => {
  const nested = data.automationExecutions.find((a) => a.StepExecutions!.filter((s) => s.ParentStepDetails).length > 20)!;
  const steps = stepsOf(nested);
  const tree = buildStepTree(steps);

  it('places every step exactly once, top-level steps being those without a parent', () => {
    expect(flatten(tree).sort()).toEqual(steps.map((s) => s.id).sort());
    expect(tree.map((n) => n.step.id)).toEqual(steps.filter((s) => !s.parentStep).map((s) => s.id));
  });

  it("groups a loop's children by iteration, in execution order", () => {
    for (const s of nested.StepExecutions!.filter((x) => x.ParentStepDetails)) {
      const path = pathTo(tree, s.StepExecutionId!);
      expect(path.at(-2)).toBe(s.ParentStepDetails!.StepExecutionId);
    }
    const loop = tree.find((n) => n.iterations.length > 1)!;
    const iterations = loop.iterations.map((g) => g.iteration);
    expect(iterations).toEqual([...new Set(nested.StepExecutions!.filter((s) => s.ParentStepDetails?.StepExecutionId === loop.step.id).map((s) => s.ParentStepDetails!.Iteration))]);
    expect(loop.iterations[0].iteratorValue).toBeTruthy();
  });

  it('keeps a step whose parent is not in the (truncated) list at the top level', () => {
    const child = steps.find((s) => s.parentStep)!;
    const partial = buildStepTree(steps.filter((s) => s.id !== child.parentStep!.id));
    expect(partial.map((n) => n.step.id)).toContain(child.id);
    expect(flatten(partial)).toHaveLength(steps.length - 1);
  });
});

describe('timeScale and barOf', () => {
  it('puts each finished step on the execution scale, between 0 and 1', () => {
    const a = data.automationExecutions.find((x) => x.AutomationExecutionStatus === 'Success' && x.StepExecutions!.length > 3)!;
    const exec = { executionStartTime: a.ExecutionStartTime!.toISOString(), executionEndTime: a.ExecutionEndTime!.toISOString() };
    const scale = timeScale(exec, stepsOf(a), Date.now())!;
    expect(scale.start).toBe(Math.min(a.ExecutionStartTime!.getTime(), ...a.StepExecutions!.map((s) => s.ExecutionStartTime!.getTime())));
    for (const s of stepsOf(a)) {
      const bar = barOf(s, scale, exec.executionEndTime, Date.now())!;
      expect(bar.running).toBe(false);
      expect(bar.left).toBeGreaterThanOrEqual(0);
      expect(bar.left + bar.width).toBeLessThanOrEqual(1 + 1e-9);
      expect(bar.durationMs).toBe(Date.parse(s.executionEndTime!) - Date.parse(s.executionStartTime!));
    }
  });

  it('runs a step still in progress to now, and the scale with it', () => {
    const a = data.automationExecutions.find((x) => x.AutomationExecutionStatus === 'InProgress' && x.StepExecutions!.some((s) => s.ExecutionStartTime && !s.ExecutionEndTime))!;
    const now = a.ExecutionStartTime!.getTime() + 3_600_000;
    const exec = { executionStartTime: a.ExecutionStartTime!.toISOString(), executionEndTime: null };
    const scale = timeScale(exec, stepsOf(a), now)!;
    expect(scale.end).toBe(now);
    const running = stepsOf(a).find((s) => s.executionStartTime && !s.executionEndTime)!;
    const bar = barOf(running, scale, null, now)!;
    expect(bar).toMatchObject({ running: true, durationMs: now - Date.parse(running.executionStartTime!) });
    expect(bar.left + bar.width).toBeCloseTo(1);
    expect(barOf({ id: 'pending' }, scale, null, now)).toBeNull();
  });
});

describe('route', () => {
  it('round-trips a deep link and a filtered list through the URL', () => {
    expect(parseRoute(searchOf({ kind: 'node', id: 'QXV0b21hdGlvbkV4ZWN1dGlvbjox' }))).toEqual({ kind: 'node', id: 'QXV0b21hdGlvbkV4ZWN1dGlvbjox' });
    const list = { ...listRoute('automations'), q: 'AWS-', status: 'Failed', from: '2025-12-01T00:00', to: '' };
    expect(parseRoute(searchOf(list))).toEqual(list);
    expect(parseRoute('?list=nonsense')).toEqual(listRoute('windows'));
  });

  it('keeps the chosen locations in the URL (repeated account/region), across lists, and sends none when none is chosen', () => {
    const list = { ...listRoute('windows'), accounts: ['111111111111', '222222222222'], regions: ['eu-west-1'] };
    expect(searchOf(list)).toBe('?list=windows&account=111111111111&account=222222222222&region=eu-west-1');
    expect(parseRoute(searchOf(list))).toEqual(list);
    expect(listRoute('associations', list)).toMatchObject({ list: 'associations', q: '', accounts: list.accounts, regions: list.regions });
    expect(locationArgs(list)).toEqual({ accountIds: list.accounts, regions: list.regions });
    expect(locationArgs(listRoute('windows'))).toEqual({ accountIds: undefined, regions: undefined });
  });
});

describe('costOf', () => {
  it("reads extensions.cost's numbers as the gateway sends them, and nothing when it sends none", () => {
    expect(costOf(undefined)).toBeUndefined();
    expect(costOf({})).toBeUndefined();
    expect(costOf({ cost: { estimated: 'many' } })).toBeUndefined();
    expect(costOf({ cost: { estimated: 12, actual: 7, budget: 100 } })).toEqual({ estimated: 12, actual: 7 });
    expect(costOf({ cost: { actual: 3 } })).toEqual({ estimated: undefined, actual: 3 });
  });
});
