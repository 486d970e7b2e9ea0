/**
 * The live views as data (one layer, beside the SDK tests in live.test.ts): at
 * every sampled time the whole dataset's references resolve, no event lies
 * after that time, final statuses and end times agree, and a live location
 * that advanced in many steps holds exactly what one that jumped there holds.
 */
import { describe, expect, it } from 'vitest';
import { DATASET_COLLECTIONS, emptyDataset, type Dataset } from '../../src/emulator/dataset.ts';
import { ANCHOR_MS, generateDataset } from '../../src/emulator/generate.ts';
import { validateDatasetIntegrity } from '../../src/emulator/integrity.ts';
import { LiveLocation } from '../../src/emulator/live/location.ts';
import type { LivePlans } from '../../src/emulator/live/plan.ts';
import { project } from '../../src/emulator/live/project.ts';

const data = generateDataset({ seed: 3, live: true });
const plans = data.live as LivePlans;
const TIMES = [0, 5, 30, 60, 120, 300, 600, 1800, 3600, 6 * 3600, 12 * 3600, 24 * 3600, 49 * 3600].map((s) => ANCHOR_MS + s * 1000);
const TERMINAL = new Set(['Success', 'Failed', 'TimedOut', 'Cancelled']);

function viewAt(t: number): Dataset {
  const planned = new Set<unknown>(plans.plans.map((p) => p.atNow));
  const d = emptyDataset();
  for (const k of DATASET_COLLECTIONS) (d[k] as unknown[]) = (data[k] as unknown[]).filter((r) => !planned.has(r));
  for (const p of plans.plans) {
    const v = project(p, t);
    if (v) (d[p.collection] as unknown[]).push(v);
  }
  return d;
}

function latest(v: unknown, key = ''): number {
  if (v instanceof Date) return key === 'ExpiresAfter' ? -Infinity : v.getTime();
  if (Array.isArray(v)) return Math.max(-Infinity, ...v.map((x) => latest(x, key)));
  if (v && typeof v === 'object') return Math.max(-Infinity, ...Object.entries(v).map(([k, x]) => latest(x, k)));
  return -Infinity;
}

describe('live views', () => {
  it('plan every execution under way and the next window executions', () => {
    const kinds = new Set(plans.plans.map((p) => p.kind));
    expect(kinds).toEqual(new Set(['automation', 'windowExecution', 'task', 'taskInvocation', 'command', 'commandInvocation', 'window']));
    expect(plans.plans.some((p) => p.kind === 'windowExecution' && !p.atNow)).toBe(true);
    for (const p of plans.plans) expect(p.events).toEqual([...new Set(p.events)].sort((a, b) => a - b));
  });

  it.each(TIMES.map((t) => [new Date(t).toISOString(), t]))('at %s: references resolve, nothing after t, end times match statuses', (_label, t) => {
    const d = viewAt(t as number);
    expect(validateDatasetIntegrity(d)).toEqual([]);
    expect(latest(d.automationExecutions)).toBeLessThanOrEqual(t as number);
    expect(latest(d.maintenanceWindowExecutions)).toBeLessThanOrEqual(t as number);
    expect(latest(d.commandInvocations)).toBeLessThanOrEqual(t as number);
    for (const a of d.automationExecutions) expect(a.ExecutionEndTime !== undefined, a.AutomationExecutionId).toBe(TERMINAL.has(a.AutomationExecutionStatus!));
  });

  it('a location advanced in many steps equals one that jumped to the same time', () => {
    const stepwise = new LiveLocation(data, ANCHOR_MS);
    for (let t = ANCHOR_MS; t <= TIMES.at(-1)!; t += 97_000) stepwise.storeAt(t);
    const end = stepwise.storeAt(TIMES.at(-1)!);
    const direct = new LiveLocation(data, ANCHOR_MS).storeAt(TIMES.at(-1)!);
    const sorted = (m: Map<string, unknown>) => [...m].sort(([a], [b]) => (a < b ? -1 : 1));
    for (const k of ['automations', 'windows', 'commands', 'commandInvocations'] as const) expect(end[k]).toStrictEqual(direct[k]);
    for (const k of ['windowExecutionsByWindow', 'tasksByWindowExecution', 'invocationsByTask', 'invocationsByCommand', 'invocationsByInstance', 'automationById', 'taskById'] as const) {
      expect(sorted(end[k] as Map<string, unknown>).filter(([, v]) => !Array.isArray(v) || v.length)).toStrictEqual(sorted(direct[k] as Map<string, unknown>).filter(([, v]) => !Array.isArray(v) || v.length));
    }
    expect(stepwise.pending()).toBe(plans.plans.flatMap((p) => p.events).filter((t) => t > TIMES.at(-1)!).length);
  });
});
