/**
 * Several locations behind one port, through the real SDK: a call is answered
 * from the location of its SigV4 scope's region and its access key's account,
 * the call log says where each call went, unknown combinations answer like an
 * empty account, a disabled region answers as AWS does, and NextTokens and
 * fault rules stay within their location.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateEstate } from '../../src/emulator/generate-estate.ts';
import { startEmulator, type Emulator } from '../../src/emulator/index.ts';
import { call, client, errorOf } from './helpers.ts';

const estate = generateEstate({ seed: 3 });
const [A, B] = [estate.home.accountId, Object.keys(estate.roleOf)[0]];
const keyA = estate.accessKeyOf[A];
const keyB = estate.accessKeyOf[B];
const windowsOf = (accountId: string, region: string) =>
  estate.locations.find((l) => l.accountId === accountId && l.region === region)!.data.maintenanceWindows.map((w) => w.WindowId).sort();

let emu: Emulator;
const clients: ReturnType<typeof client>[] = [];
const ssm = (accessKeyId: string, region: string) => {
  const c = client(emu.url, { accessKeyId, region });
  clients.push(c);
  return c;
};
beforeAll(async () => {
  emu = await startEmulator({ estate, stingy: false });
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await emu.close();
});
beforeEach(() => emu.reset());

async function windowIds(accessKeyId: string, region: string): Promise<string[]> {
  const out = await call(ssm(accessKeyId, region), 'DescribeMaintenanceWindows', {});
  return (out.WindowIdentities as { WindowId: string }[]).map((w) => w.WindowId).sort();
}

describe('routing', () => {
  it('answers each (account, region) from its own data: region from the SigV4 scope, account from the access key', async () => {
    expect(await windowIds(keyA, 'us-east-1')).toEqual(windowsOf(A, 'us-east-1'));
    expect(await windowIds(keyA, 'eu-west-1')).toEqual(windowsOf(A, 'eu-west-1'));
    expect(await windowIds(keyB, 'us-east-1')).toEqual(windowsOf(B, 'us-east-1'));
    expect(await windowIds(keyB, 'eu-west-1')).toEqual(windowsOf(B, 'eu-west-1'));
    expect(new Set([windowsOf(A, 'us-east-1')[0], windowsOf(A, 'eu-west-1')[0], windowsOf(B, 'us-east-1')[0]]).size).toBe(3);
  });

  it('logs where every call went: service, account and region', async () => {
    await windowIds(keyA, 'eu-west-1');
    await windowIds(keyB, 'us-east-1');
    expect(emu.calls().map(({ service, operation, accountId, region, status }) => ({ service, operation, accountId, region, status }))).toEqual([
      { service: 'ssm', operation: 'DescribeMaintenanceWindows', accountId: A, region: 'eu-west-1', status: 200 },
      { service: 'ssm', operation: 'DescribeMaintenanceWindows', accountId: B, region: 'us-east-1', status: 200 },
    ]);
  });

  it('a record of one location is not found in another', async () => {
    const id = estate.locations.find((l) => l.accountId === B && l.region === 'eu-west-1')!.data.automationExecutions[0].AutomationExecutionId;
    expect((await call(ssm(keyB, 'eu-west-1'), 'GetAutomationExecution', { AutomationExecutionId: id })).AutomationExecution.AutomationExecutionId).toBe(id);
    expect((await errorOf(call(ssm(keyA, 'eu-west-1'), 'GetAutomationExecution', { AutomationExecutionId: id }))).name).toBe('AutomationExecutionNotFoundException');
    expect((await errorOf(call(ssm(keyB, 'us-east-1'), 'GetAutomationExecution', { AutomationExecutionId: id }))).name).toBe('AutomationExecutionNotFoundException');
  });
});

describe('locations without data', () => {
  it('a known account in an enabled region with no data answers like an empty account', async () => {
    const c = ssm(keyB, 'ap-southeast-2');
    expect((await call(c, 'DescribeMaintenanceWindows', {})).WindowIdentities).toEqual([]);
    expect((await call(c, 'DescribeAutomationExecutions', {})).AutomationExecutionMetadataList).toEqual([]);
    expect((await errorOf(call(c, 'GetMaintenanceWindow', { WindowId: windowsOf(B, 'us-east-1')[0] }))).name).toBe('DoesNotExistException');
    expect(emu.calls().every((r) => r.accountId === B && r.region === 'ap-southeast-2')).toBe(true);
  });

  it('a disabled region answers UnrecognizedClientException (HTTP 400), as for a region not enabled for the account', async () => {
    const e = await errorOf(call(ssm(keyA, estate.disabledRegions![0]), 'DescribeMaintenanceWindows', {}));
    expect(e.name).toBe('UnrecognizedClientException');
    expect(e.message).toBe('The security token included in the request is invalid.');
    expect(e.$metadata?.httpStatusCode).toBe(400);
    expect(emu.calls()[0]).toMatchObject({ accountId: A, region: estate.disabledRegions![0], status: 400, error: 'UnrecognizedClientException' });
  });
});

describe('callers', () => {
  it('an access key the estate does not list answers UnrecognizedClientException, logged without an account', async () => {
    const e = await errorOf(call(ssm('AKIAUNKNOWN000000000', 'us-east-1'), 'DescribeMaintenanceWindows', {}));
    expect(e.name).toBe('UnrecognizedClientException');
    expect(emu.calls()[0].accountId).toBeUndefined();
    expect(emu.calls()[0].region).toBe('us-east-1');
  });

  it('an unsigned call answers MissingAuthenticationTokenException', async () => {
    const res = await fetch(`${emu.url}/`, { method: 'POST', headers: { 'x-amz-target': 'AmazonSSM.DescribeMaintenanceWindows', 'content-type': 'application/x-amz-json-1.1' }, body: '{}' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { __type: string }).__type).toBe('MissingAuthenticationTokenException');
  });
});

describe('NextTokens', () => {
  it('work only in the location that issued them', async () => {
    const home = ssm(keyA, 'us-east-1');
    const page = await call(home, 'DescribeAutomationExecutions', { MaxResults: 5 });
    expect(page.NextToken).toBeDefined();
    expect((await call(home, 'DescribeAutomationExecutions', { MaxResults: 5, NextToken: page.NextToken })).AutomationExecutionMetadataList).toHaveLength(5);
    for (const [key, region] of [[keyA, 'eu-west-1'], [keyB, 'us-east-1']]) {
      expect((await errorOf(call(ssm(key, region), 'DescribeAutomationExecutions', { MaxResults: 5, NextToken: page.NextToken }))).name).toBe('InvalidNextToken');
    }
  });
});

describe('fault rules per location', () => {
  it('a rule with accountId and region fails only that location', async () => {
    emu.setFaults([{ accountId: B, region: 'eu-west-1', errorRate: 1 }]);
    try {
      expect((await errorOf(call(ssm(keyB, 'eu-west-1'), 'DescribeMaintenanceWindows', {}))).name).toBe('InternalServerError');
      expect(await windowIds(keyB, 'us-east-1')).toEqual(windowsOf(B, 'us-east-1'));
      expect(await windowIds(keyA, 'eu-west-1')).toEqual(windowsOf(A, 'eu-west-1'));
    } finally {
      emu.setFaults([]);
    }
  });

  it('a rule with a region alone fails that region in every account; per-location throttle windows are separate', async () => {
    emu.setFaults([{ region: 'eu-west-1', operations: ['ListCommands'], errorRate: 1 }, { region: 'us-east-1', throttleRps: 1, throttleScope: 'location' }]);
    try {
      for (const key of [keyA, keyB]) expect((await errorOf(call(ssm(key, 'eu-west-1'), 'ListCommands', { MaxResults: 1 }))).name).toBe('InternalServerError');
      await call(ssm(keyA, 'us-east-1'), 'ListCommands', { MaxResults: 1 });
      await call(ssm(keyB, 'us-east-1'), 'ListCommands', { MaxResults: 1 }); // its own window
      expect((await errorOf(call(ssm(keyA, 'us-east-1'), 'ListCommands', { MaxResults: 1 }))).name).toBe('ThrottlingException');
    } finally {
      emu.setFaults([]);
    }
  });

  it('rejects a malformed accountId or region', () => {
    expect(() => emu.setFaults([{ accountId: '12345', errorRate: 1 }])).toThrow(/accountId/);
    expect(() => emu.setFaults([{ region: 'Europe', errorRate: 1 }])).toThrow(/region/);
  });
});
