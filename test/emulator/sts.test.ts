/**
 * STS on the emulator's port, through the real SDK (@aws-sdk/client-sts and
 * @aws-sdk/credential-providers' fromTemporaryCredentials): who the caller is,
 * AssumeRole into another account and SSM calls landing there, refused and
 * unknown roles, ExternalId, DurationSeconds, role chaining, expiry on the
 * emulator's clock, and disabled regions.
 */
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient, type AssumeRoleCommandInput } from '@aws-sdk/client-sts';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEstate } from '../../src/emulator/generate-estate.ts';
import { createManualClock, startEmulator, type Emulator } from '../../src/emulator/index.ts';
import { call, errorOf } from './helpers.ts';

const estate = generateEstate({ seed: 5 });
const A = estate.home.accountId;
const B = Object.keys(estate.roleOf)[0];
const keyA = estate.accessKeyOf[A];
const guarded = 'arn:aws:iam::222222222222:role/guarded';
const withGuarded = { ...estate, roles: [...estate.roles!, { roleArn: guarded, externalId: 'ssm-graph-42' }, { roleArn: 'arn:aws:iam::222222222222:role/long', maxSessionDurationSeconds: 7200 }] };
const clock = createManualClock(Date.now());

let emu: Emulator;
const clients: { destroy(): void }[] = [];
const track = <C extends { destroy(): void }>(c: C): C => (clients.push(c), c);
const sts = (creds: { accessKeyId: string; secretAccessKey?: string; sessionToken?: string }, region = 'us-east-1') =>
  track(new STSClient({ endpoint: emu.url, region, maxAttempts: 1, credentials: { secretAccessKey: 'test', ...creds } }));
const ssm = (creds: { accessKeyId: string; secretAccessKey?: string; sessionToken?: string }, region = 'us-east-1') =>
  track(new SSMClient({ endpoint: emu.url, region, maxAttempts: 1, credentials: { secretAccessKey: 'test', ...creds } }));
const assume = (input: Partial<AssumeRoleCommandInput>, caller: Parameters<typeof sts>[0] = { accessKeyId: keyA }) =>
  sts(caller).send(new AssumeRoleCommand({ RoleArn: estate.roleOf[B], RoleSessionName: 'test-session', ...input }));

beforeAll(async () => {
  emu = await startEmulator({ estate: withGuarded, clock, stingy: false });
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await emu.close();
});

describe('GetCallerIdentity', () => {
  it('names the account and IAM user of a long-term key', async () => {
    const out = await sts({ accessKeyId: keyA }).send(new GetCallerIdentityCommand({}));
    expect(out.Account).toBe(A);
    expect(out.Arn).toBe(`arn:aws:iam::${A}:user/emulator`);
    expect(out.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
    expect(emu.calls().at(-1)).toMatchObject({ service: 'sts', operation: 'GetCallerIdentity', accountId: A, region: 'us-east-1', status: 200 });
  });
});

describe('AssumeRole', () => {
  it('issues temporary credentials in the role account; SSM called with them answers from that account', async () => {
    const out = await assume({});
    const c = out.Credentials!;
    expect(c.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(c.SecretAccessKey).toBeTruthy();
    expect(c.SessionToken).toBeTruthy();
    expect(c.Expiration!.getTime() - clock()).toBeGreaterThan(3599_000);
    expect(c.Expiration!.getTime() - clock()).toBeLessThanOrEqual(3600_000);
    expect(out.AssumedRoleUser!.Arn).toBe(`arn:aws:sts::${B}:assumed-role/ssm-graph-reader/test-session`);
    const creds = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    const who = await sts(creds).send(new GetCallerIdentityCommand({}));
    expect(who).toMatchObject({ Account: B, Arn: out.AssumedRoleUser!.Arn, UserId: out.AssumedRoleUser!.AssumedRoleId });
    expect(who.UserId).toMatch(/^AROA[A-Z2-7]{17}:test-session$/);
    const windows = await call(ssm(creds, 'eu-west-1'), 'DescribeMaintenanceWindows', {});
    const expected = estate.locations.find((l) => l.accountId === B && l.region === 'eu-west-1')!.data.maintenanceWindows.map((w) => w.WindowId).sort();
    expect((windows.WindowIdentities as { WindowId: string }[]).map((w) => w.WindowId).sort()).toEqual(expected);
    expect(emu.calls().at(-1)).toMatchObject({ service: 'ssm', accountId: B, region: 'eu-west-1', status: 200 });
  });

  it('fromTemporaryCredentials (endpoint from client config or AWS_ENDPOINT_URL_STS) signs SSM calls that land in the role account', async () => {
    const viaConfig = fromTemporaryCredentials({
      params: { RoleArn: estate.roleOf[B], RoleSessionName: 'gateway' },
      masterCredentials: { accessKeyId: keyA, secretAccessKey: 'test' },
      clientConfig: { endpoint: emu.url, region: 'us-east-1' },
    });
    const before = emu.calls().length;
    await call(track(new SSMClient({ endpoint: emu.url, region: 'us-east-1', credentials: viaConfig, maxAttempts: 1 })), 'DescribeMaintenanceWindows', {});
    const saved = process.env.AWS_ENDPOINT_URL_STS;
    process.env.AWS_ENDPOINT_URL_STS = emu.url;
    try {
      const viaEnv = fromTemporaryCredentials({ params: { RoleArn: estate.roleOf[B], RoleSessionName: 'gateway-env' }, masterCredentials: { accessKeyId: keyA, secretAccessKey: 'test' }, clientConfig: { region: 'eu-west-1' } });
      await call(track(new SSMClient({ endpoint: emu.url, region: 'eu-west-1', credentials: viaEnv, maxAttempts: 1 })), 'DescribeMaintenanceWindows', {});
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_STS;
      else process.env.AWS_ENDPOINT_URL_STS = saved;
    }
    const calls = emu.calls().slice(before).map(({ service, operation, accountId, region }) => ({ service, operation, accountId, region }));
    expect(calls).toEqual([
      { service: 'sts', operation: 'AssumeRole', accountId: A, region: 'us-east-1' },
      { service: 'ssm', operation: 'DescribeMaintenanceWindows', accountId: B, region: 'us-east-1' },
      { service: 'sts', operation: 'AssumeRole', accountId: A, region: 'eu-west-1' },
      { service: 'ssm', operation: 'DescribeMaintenanceWindows', accountId: B, region: 'eu-west-1' },
    ]);
  });

  it('a refused role, an unknown role and a wrong or missing ExternalId answer AccessDenied (403)', async () => {
    for (const input of [{ RoleArn: estate.refusedRoleArn }, { RoleArn: 'arn:aws:iam::222222222222:role/nobody' }, { RoleArn: guarded }, { RoleArn: guarded, ExternalId: 'wrong-id' }]) {
      const e = await errorOf(assume(input));
      expect(e.name, JSON.stringify(input)).toBe('AccessDenied');
      expect(e.$metadata?.httpStatusCode).toBe(403);
      expect(e.message).toBe(`User: arn:aws:iam::${A}:user/emulator is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`);
    }
    expect((await assume({ RoleArn: guarded, ExternalId: 'ssm-graph-42' })).AssumedRoleUser!.Arn).toMatch(/:assumed-role\/guarded\//);
    expect(emu.calls().at(-2)).toMatchObject({ service: 'sts', operation: 'AssumeRole', status: 403, error: 'AccessDenied' });
  });

  it('honours DurationSeconds within the role limit; role chaining is limited to one hour', async () => {
    const short = await assume({ DurationSeconds: 900 });
    expect(Math.round((short.Credentials!.Expiration!.getTime() - clock()) / 1000)).toBeGreaterThanOrEqual(899);
    expect(Math.round((short.Credentials!.Expiration!.getTime() - clock()) / 1000)).toBeLessThanOrEqual(900);
    const long = await assume({ RoleArn: 'arn:aws:iam::222222222222:role/long', DurationSeconds: 7200 });
    expect(long.Credentials!.Expiration!.getTime() - clock()).toBeGreaterThan(7199_000);
    expect((await errorOf(assume({ DurationSeconds: 7200 }))).message).toBe('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    const c = short.Credentials!;
    const chained = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    const e = await errorOf(assume({ RoleArn: 'arn:aws:iam::222222222222:role/long', DurationSeconds: 7200 }, chained));
    expect(e.name).toBe('ValidationError');
    expect(e.message).toMatch(/role chaining/);
  });

  it('answers ValidationError in AWS words for bad members', async () => {
    const e = await errorOf(assume({ RoleSessionName: 'has space', DurationSeconds: 60 }));
    expect(e.name).toBe('ValidationError');
    expect(e.$metadata?.httpStatusCode).toBe(400);
    expect(e.message).toBe(
      "2 validation errors detected: Value 'has space' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*; Value '60' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    );
  });
});

describe('expiry, bad tokens and disabled regions', () => {
  it('credentials past their Expiration on the emulator clock answer ExpiredTokenException (SSM) and ExpiredToken (STS)', async () => {
    const c = (await assume({ DurationSeconds: 900 })).Credentials!;
    const creds = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    await call(ssm(creds), 'DescribeMaintenanceWindows', {});
    emu.advance(901_000);
    const e = await errorOf(call(ssm(creds), 'DescribeMaintenanceWindows', {}));
    expect(e.name).toBe('ExpiredTokenException');
    expect(e.message).toBe('The security token included in the request is expired');
    expect(emu.calls().at(-1)).toMatchObject({ service: 'ssm', status: 400, error: 'ExpiredTokenException' });
    const s = await errorOf(sts(creds).send(new GetCallerIdentityCommand({})));
    expect(s.name).toBe('ExpiredToken');
    expect(s.$metadata?.httpStatusCode).toBe(400);
  });

  it('a temporary key with another session token, or unknown, is refused', async () => {
    const c = (await assume({})).Credentials!;
    const forged = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: 'not-the-token' };
    expect((await errorOf(call(ssm(forged), 'DescribeMaintenanceWindows', {}))).name).toBe('UnrecognizedClientException');
    const e = await errorOf(sts({ accessKeyId: 'ASIAUNKNOWN000000000', sessionToken: 'x' }).send(new GetCallerIdentityCommand({})));
    expect(e.name).toBe('InvalidClientTokenId');
    expect(e.$metadata?.httpStatusCode).toBe(403);
  });

  it('STS signed for a disabled region answers InvalidClientTokenId (403)', async () => {
    const e = await errorOf(sts({ accessKeyId: keyA }, estate.disabledRegions![0]).send(new GetCallerIdentityCommand({})));
    expect(e.name).toBe('InvalidClientTokenId');
    expect(e.$metadata?.httpStatusCode).toBe(403);
  });

  it('fault rules naming an STS operation fail it in STS words; rules without operations leave STS alone', async () => {
    emu.setFaults([{ operations: ['AssumeRole'], errorRate: 1 }, { errorRate: 1 }]);
    try {
      const e = await errorOf(assume({}));
      expect(e.name).toBe('InternalFailure');
      expect(e.$metadata?.httpStatusCode).toBe(500);
      expect((await sts({ accessKeyId: keyA }).send(new GetCallerIdentityCommand({}))).Account).toBe(A);
    } finally {
      emu.setFaults([]);
    }
  });
});

describe('with data alone', () => {
  it('any role can be assumed and the SSM calls still answer from the one dataset', async () => {
    const own = await startEmulator({ data: estate.locations[1].data });
    try {
      const c = track(new STSClient({ endpoint: own.url, region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }));
      const out = await c.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::444444444444:role/any', RoleSessionName: 'x1' }));
      const cr = out.Credentials!;
      const s = track(new SSMClient({ endpoint: own.url, region: 'eu-west-1', maxAttempts: 1, credentials: { accessKeyId: cr.AccessKeyId!, secretAccessKey: cr.SecretAccessKey!, sessionToken: cr.SessionToken! } }));
      expect((await call(s, 'DescribeMaintenanceWindows', {})).WindowIdentities).toHaveLength(estate.locations[1].data.maintenanceWindows.length);
      expect(own.calls().at(-1)).toMatchObject({ accountId: '444444444444', region: 'eu-west-1' });
    } finally {
      await own.close();
    }
  });
});
