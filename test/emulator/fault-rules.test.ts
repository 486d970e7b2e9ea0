/**
 * Fault rules as configuration, through the SDK: rules given at start apply
 * from the first call, fixed and jittered latency, per-operation scoping of
 * errors, and malformed rules (unknown members or operations) rejected in
 * process and over HTTP without replacing the rules in force.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FaultRule } from '../../src/emulator/index.ts';
import { call, errorOf, smallDataset, useEmulators } from './helpers.ts';

const d = smallDataset();
const [atStart, live] = useEmulators({ data: d, faults: [{ operations: ['ListCommands'], throttleRps: 1 }, { operations: ['ListAssociations'], errorRate: 1 }] }, { data: d, seed: 5 });

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

describe('rules given at start', () => {
  it('apply from the first call, to the operations they name only', async () => {
    await call(atStart.c, 'ListCommands', { MaxResults: 5 });
    expect((await errorOf(call(atStart.c, 'ListCommands', { MaxResults: 5 }))).name).toBe('ThrottlingException');
    const err = await errorOf(call(atStart.c, 'ListAssociations', {}));
    expect(err.name).toBe('InternalServerError');
    expect(err.$metadata?.httpStatusCode).toBe(500);
    for (let i = 0; i < 3; i++) expect((await call(atStart.c, 'DescribeMaintenanceWindows', {})).WindowIdentities.length).toBeGreaterThan(0);
  });
});

describe('latency', () => {
  it('fixed: every call of the operation takes at least latencyMs', async () => {
    live.emu.setFaults([{ operations: ['DescribeMaintenanceWindows'], latencyMs: 120 }]);
    for (let i = 0; i < 3; i++) expect(await timed(() => call(live.c, 'DescribeMaintenanceWindows', {}))).toBeGreaterThanOrEqual(115);
  });

  it('jittered: delays spread over [latencyMs, latencyMs + jitterMs]', async () => {
    live.emu.setFaults([{ latencyMs: 20, jitterMs: 200 }]);
    const ms: number[] = [];
    for (let i = 0; i < 6; i++) ms.push(await timed(() => call(live.c, 'ListCommands', { MaxResults: 5 })));
    for (const m of ms) expect(m).toBeGreaterThanOrEqual(15);
    // Seeded draws: the spread is reproducible, not luck.
    expect(Math.max(...ms) - Math.min(...ms)).toBeGreaterThan(40);
    expect(Math.max(...ms)).toBeLessThan(20 + 200 + 400);
    live.emu.setFaults([]);
  });
});

describe('failFirst', () => {
  it('fails the first N calls the rule matches, then answers; setFaults and reset count again', async () => {
    const outcomes = async (n: number, op = 'ListCommands') => {
      const out: string[] = [];
      for (let i = 0; i < n; i++) out.push(await call(live.c, op, { MaxResults: 5 }).then(() => 'ok', (e: Error) => e.name));
      return out;
    };
    live.emu.setFaults([{ operations: ['ListCommands'], failFirst: 2 }]);
    try {
      expect(await outcomes(1, 'ListAssociations')).toEqual(['ok']);
      expect(await outcomes(4)).toEqual(['InternalServerError', 'InternalServerError', 'ok', 'ok']);
      live.emu.reset();
      expect(await outcomes(3)).toEqual(['InternalServerError', 'InternalServerError', 'ok']);
      live.emu.setFaults([{ operations: ['ListCommands'], failFirst: 1 }]);
      expect(await outcomes(2)).toEqual(['InternalServerError', 'ok']);
    } finally {
      live.emu.setFaults([]);
    }
  });
});

describe('examples/faults.sample.json', () => {
  it('is a valid rule file, served back as set; its per-operation error rate takes effect', async () => {
    const file = JSON.parse(readFileSync(new URL('../../examples/faults.sample.json', import.meta.url), 'utf8')) as { faults: FaultRule[] };
    live.emu.setFaults(file.faults);
    try {
      const res = await fetch(`${live.emu.url}/_emulator/faults`);
      expect(await res.json()).toEqual(file.faults);
      const outcomes: string[] = [];
      for (let i = 0; i < 20; i++) outcomes.push(await call(live.c, 'ListCommandInvocations', { MaxResults: 5 }).then(() => 'ok', (e: Error) => e.name));
      expect(outcomes).toContain('InternalServerError');
      expect(outcomes).toContain('ok');
    } finally {
      live.emu.setFaults([]);
    }
  });
});

describe('malformed rules', () => {
  const bad: [string, unknown[]][] = [
    ['an operation the emulator does not serve', [{ operations: ['SendCommand'], errorRate: 1 }]],
    ['a misspelt member', [{ latency: 100 }]],
    ['a non-boolean hang', [{ hang: 'yes' }]],
    ['an error rate above 1', [{ errorRate: 2 }]],
    ['a negative failFirst', [{ failFirst: -1 }]],
  ];

  it.each(bad)('%s: rejected by setFaults, rules in force kept', (_why, rules) => {
    live.emu.setFaults([{ operations: ['ListCommands'], errorRate: 1 }]);
    expect(() => live.emu.setFaults(rules as never)).toThrow();
    return errorOf(call(live.c, 'ListCommands', {})).then((e) => expect(e.name).toBe('InternalServerError')).finally(() => live.emu.setFaults([]));
  });

  it.each(bad)('%s: PUT /_emulator/faults answers 400 with the reason', async (_why, rules) => {
    const res = await fetch(`${live.emu.url}/_emulator/faults`, { method: 'PUT', body: JSON.stringify(rules) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/operation|member|hang|errorRate|failFirst/);
    expect(await (await fetch(`${live.emu.url}/_emulator/faults`)).json()).toEqual([]);
  });
});
