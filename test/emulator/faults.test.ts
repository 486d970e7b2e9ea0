/**
 * Fault injection through the SDK: latency, throttling (classified as
 * throttling by the SDK), seeded InternalServerError, hangs that the client
 * times out on, and close() with hung calls outstanding.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DescribeMaintenanceWindowsCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { isThrottlingError } from '@smithy/core/retry';
import { startEmulator, type Emulator } from '../../src/emulator/index.ts';
import { call, client, errorOf, smallDataset } from './helpers.ts';

const d = smallDataset();
let emu: Emulator;
let c: SSMClient;
beforeAll(async () => {
  emu = await startEmulator({ data: d, seed: 42, stingy: true });
  c = client(emu.url);
});
afterAll(async () => {
  c?.destroy();
  await emu?.close();
});
beforeEach(() => {
  emu.setFaults([]);
  emu.reset();
});

const windows = () => call(c, 'DescribeMaintenanceWindows', {});
const commands = () => call(c, 'ListCommands', { MaxResults: 10 });
async function outcomes(n: number, fn: () => Promise<unknown>): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(await fn().then(() => 'ok', (e: Error) => e.name));
  return out;
}

describe('latency', () => {
  it('delays the matching operations by latencyMs (+ jitter)', async () => {
    emu.setFaults([{ operations: ['DescribeMaintenanceWindows'], latencyMs: 150, jitterMs: 50 }]);
    let t = performance.now();
    await windows();
    const slow = performance.now() - t;
    expect(slow).toBeGreaterThanOrEqual(145);
    expect(slow).toBeLessThan(1000);
    t = performance.now();
    await commands();
    expect(performance.now() - t).toBeLessThan(120);
  });
});

describe('throttling', () => {
  it('answers ThrottlingException (400, classified as throttling) above throttleRps', async () => {
    emu.setFaults([{ throttleRps: 3 }]);
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => windows()));
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as Error & { $metadata: { httpStatusCode: number } });
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    expect(rejected).toHaveLength(3);
    for (const e of rejected) {
      expect(e.name).toBe('ThrottlingException');
      expect(e.message).toBe('Rate exceeded');
      expect(e.$metadata.httpStatusCode).toBe(400);
      expect(isThrottlingError(e as never)).toBe(true);
    }
  });

  it('uses a sliding one-second window', async () => {
    emu.setFaults([{ throttleRps: 2 }]);
    expect(await outcomes(3, windows)).toEqual(['ok', 'ok', 'ThrottlingException']);
    await new Promise((r) => setTimeout(r, 1050));
    expect(await outcomes(2, windows)).toEqual(['ok', 'ok']);
  });

  it('is global by default and per operation with throttleScope "operation"', async () => {
    emu.setFaults([{ throttleRps: 1 }]);
    expect([...(await outcomes(1, windows)), ...(await outcomes(1, commands))]).toEqual(['ok', 'ThrottlingException']);
    emu.setFaults([{ throttleRps: 1, throttleScope: 'operation' }]);
    expect([...(await outcomes(1, windows)), ...(await outcomes(1, commands)), ...(await outcomes(1, windows))]).toEqual(['ok', 'ok', 'ThrottlingException']);
  });

  it('applies only to the listed operations', async () => {
    emu.setFaults([{ operations: ['ListCommands'], throttleRps: 1 }]);
    expect(await outcomes(3, windows)).toEqual(['ok', 'ok', 'ok']);
    expect(await outcomes(2, commands)).toEqual(['ok', 'ThrottlingException']);
  });
});

describe('errorRate', () => {
  it('errorRate 1 → InternalServerError with HTTP 500', async () => {
    emu.setFaults([{ errorRate: 1 }]);
    const err = await errorOf(windows());
    expect(err.name).toBe('InternalServerError');
    expect(err.$metadata?.httpStatusCode).toBe(500);
    expect(err.$fault).toBe('server');
  });

  it('is reproducible from the seed', async () => {
    emu.setFaults([{ errorRate: 0.5 }]);
    const a = await outcomes(20, windows);
    emu.reset();
    const b = await outcomes(20, windows);
    expect(a).toEqual(b);
    expect(a).toContain('ok');
    expect(a).toContain('InternalServerError');
  });
});

describe('hang', () => {
  it('never answers: the client times out (requestTimeout or AbortController)', async () => {
    emu.setFaults([{ operations: ['DescribeMaintenanceWindows'], hang: true }]);
    const timed = client(emu.url, { requestTimeout: 200 });
    try {
      const t = performance.now();
      const err = await errorOf(call(timed, 'DescribeMaintenanceWindows', {}));
      expect(err.name).toMatch(/Timeout/);
      expect(performance.now() - t).toBeLessThan(2000);
    } finally {
      timed.destroy();
    }
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const err = await errorOf(c.send(new DescribeMaintenanceWindowsCommand({}), { abortSignal: ac.signal }));
    expect(err.name).toBe('AbortError');
    // Other operations are still served.
    expect((await commands()).Commands.length).toBeGreaterThan(0);
  });

  it('close() terminates promptly with hung calls outstanding', async () => {
    const own = await startEmulator({ data: d, faults: [{ hang: true }] });
    const oc = client(own.url);
    try {
      const pending = errorOf(call(oc, 'ListCommands', {}));
      await new Promise((r) => setTimeout(r, 100));
      expect(own.calls()).toHaveLength(1);
      expect(own.calls()[0].status).toBe(0);
      const t = performance.now();
      await own.close();
      expect(performance.now() - t).toBeLessThan(1000);
      expect((await pending).name).toBeTruthy();
    } finally {
      oc.destroy();
    }
  });
});

describe('setFaults over HTTP', () => {
  it('PUT/GET /_emulator/faults', async () => {
    const put = await fetch(`${emu.url}/_emulator/faults`, { method: 'PUT', body: JSON.stringify([{ operations: ['ListCommands'], errorRate: 1 }]) });
    expect(put.status).toBe(200);
    expect(await (await fetch(`${emu.url}/_emulator/faults`)).json()).toEqual([{ operations: ['ListCommands'], errorRate: 1 }]);
    expect((await errorOf(commands())).name).toBe('InternalServerError');
    const bad = await fetch(`${emu.url}/_emulator/faults`, { method: 'PUT', body: JSON.stringify([{ errorRate: 2 }]) });
    expect(bad.status).toBe(400);
    await fetch(`${emu.url}/_emulator/faults`, { method: 'PUT', body: JSON.stringify({ faults: [] }) });
    expect((await commands()).Commands.length).toBeGreaterThan(0);
  });
});
