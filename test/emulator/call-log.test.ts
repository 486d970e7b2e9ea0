/** The call log and reset, in-process and over HTTP. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { CallRecord } from '../../src/emulator/index.ts';
import { call, errorOf, smallDataset, useEmulator } from './helpers.ts';

const d = smallDataset();
const s = useEmulator({ data: d });
beforeEach(() => s.emu.reset());

describe('call log', () => {
  it('records operation, input as sent, timing, status and error', async () => {
    const t0 = Date.now();
    await call(s.c, 'ListCommands', { MaxResults: 7, Filters: [{ key: 'Status', value: 'Success' }] });
    await errorOf(call(s.c, 'GetMaintenanceWindow', { WindowId: 'mw-0123456789abcdef0' }));
    await errorOf(call(s.c, 'ListCommands', { MaxResults: 500 }));
    const calls = s.emu.calls();
    expect(calls).toHaveLength(3);
    expect(calls.map((x) => x.seq)).toEqual([1, 2, 3]);
    expect(calls[0]).toMatchObject({
      operation: 'ListCommands',
      input: { MaxResults: 7, Filters: [{ key: 'Status', value: 'Success' }] },
      status: 200,
    });
    expect(calls[0].error).toBeUndefined();
    expect(calls[0].at).toBeGreaterThanOrEqual(t0 - 5);
    expect(calls[0].durationMs).toBeGreaterThanOrEqual(0);
    expect(calls[1]).toMatchObject({ operation: 'GetMaintenanceWindow', status: 400, error: 'DoesNotExistException' });
    expect(calls[2]).toMatchObject({ operation: 'ListCommands', input: { MaxResults: 500 }, status: 400, error: 'ValidationException' });
  });

  it('records faulted calls', async () => {
    s.emu.setFaults([{ operations: ['ListAssociations'], errorRate: 1 }]);
    try {
      await errorOf(call(s.c, 'ListAssociations', {}));
    } finally {
      s.emu.setFaults([]);
    }
    expect(s.emu.calls()[0]).toMatchObject({ operation: 'ListAssociations', status: 500, error: 'InternalServerError' });
  });

  it('calls() returns a copy', async () => {
    await call(s.c, 'DescribeMaintenanceWindows', {});
    const copy = s.emu.calls();
    copy[0].operation = 'changed';
    copy.push({} as CallRecord);
    expect(s.emu.calls()).toHaveLength(1);
    expect(s.emu.calls()[0].operation).toBe('DescribeMaintenanceWindows');
  });

  it('reset() clears the log and throttle windows but keeps the data', async () => {
    s.emu.setFaults([{ throttleRps: 1 }]);
    try {
      await call(s.c, 'DescribeMaintenanceWindows', {});
      expect((await errorOf(call(s.c, 'DescribeMaintenanceWindows', {}))).name).toBe('ThrottlingException');
      s.emu.reset();
      expect(s.emu.calls()).toEqual([]);
      expect((await call(s.c, 'DescribeMaintenanceWindows', {})).WindowIdentities.length).toBeGreaterThan(0);
      expect(s.emu.calls()[0].seq).toBe(1);
    } finally {
      s.emu.setFaults([]);
    }
  });
});

describe('over HTTP', () => {
  it('GET /_emulator/calls and POST /_emulator/reset, neither of them logged', async () => {
    await call(s.c, 'ListAssociations', { MaxResults: 3 });
    const res = await fetch(`${s.emu.url}/_emulator/calls`);
    expect(res.status).toBe(200);
    const calls = (await res.json()) as CallRecord[];
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ seq: 1, operation: 'ListAssociations', input: { MaxResults: 3 }, status: 200 });
    const reset = await fetch(`${s.emu.url}/_emulator/reset`, { method: 'POST' });
    expect(reset.status).toBe(204);
    expect(s.emu.calls()).toEqual([]);
    await (await fetch(`${s.emu.url}/_emulator/calls`)).text();
    expect(s.emu.calls()).toEqual([]);
  });

  it('logs protocol-level failures too', async () => {
    await (await fetch(`${s.emu.url}/`, { method: 'POST', headers: { 'x-amz-target': 'AmazonSSM.ListCommands' }, body: '{oops' })).text();
    await (await fetch(`${s.emu.url}/`, { method: 'POST', headers: { 'x-amz-target': 'AmazonSSM.Nope' }, body: '{}' })).text();
    expect(s.emu.calls()).toMatchObject([
      { operation: 'ListCommands', input: undefined, status: 400, error: 'SerializationException' },
      { operation: 'AmazonSSM.Nope', status: 400, error: 'UnknownOperationException' },
    ]);
  });
});
