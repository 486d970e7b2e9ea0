/**
 * The location registry (src/ssm/registry.ts, contract in locations.ts) and the
 * upstream door each location has (src/ssm/upstream.ts), over fake SSMClients.
 */
import { describe, expect, it } from 'vitest';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { SsmError } from '../../src/ssm/errors.ts';
import { createUpstream } from '../../src/ssm/upstream.ts';
import { awsError, deferred, fakeClient, fakeEstate, HOME_ACCOUNT, OTHER_ACCOUNT, type Answer, type FakeCall } from './fakes.ts';

const ok: Answer = () => ({ WindowIdentities: [] });
const WEST = { accountId: OTHER_ACCOUNT, region: 'us-west-2' };

describe('the home account', () => {
  it('is asked once through callerAccount, however many ask at once or later', async () => {
    const { registry, callerAsks } = fakeEstate({ homeRegions: ['us-east-1', 'eu-west-1'], others: [WEST], answer: ok });
    expect(registry.known()).toEqual({
      accounts: new Set([OTHER_ACCOUNT]),
      regions: new Set(['us-east-1', 'eu-west-1', 'us-west-2']),
      homeResolved: false,
    });
    const [listed, home, found] = await Promise.all([registry.list(), registry.home(), registry.find(HOME_ACCOUNT, 'eu-west-1')]);
    await registry.home();
    expect(callerAsks()).toBe(1);
    expect(listed.map((l) => [l.accountId, l.region, l.home])).toEqual([
      [HOME_ACCOUNT, 'us-east-1', true],
      [HOME_ACCOUNT, 'eu-west-1', true],
      [OTHER_ACCOUNT, 'us-west-2', false],
    ]);
    expect(home).toBe(listed[0]);
    expect(found).toBe(listed[1]);
    expect(registry.get(HOME_ACCOUNT, 'us-east-1')).toBe(home);
    expect(registry.get(HOME_ACCOUNT, 'ap-south-1')).toBeUndefined();
    expect(registry.known().homeResolved).toBe(true);
  });

  it('is remembered as failed for retryMs, then asked again', async () => {
    let now = 0;
    let fail = true;
    const { registry, callerAsks } = fakeEstate({
      others: [WEST],
      answer: ok,
      retryMs: 1_000,
      now: () => now,
      callerAccount: async () => {
        if (fail) throw awsError('AccessDenied');
        return HOME_ACCOUNT;
      },
    });
    const listed = await registry.list();
    expect(listed[0]).toMatchObject({ accountId: undefined, region: 'us-east-1', home: true });
    expect(listed[0].status()).toEqual({ state: 'unavailable', code: 'FORBIDDEN' });
    expect(listed[1]).toMatchObject(WEST);
    const refused = await registry.home().catch((e: SsmError) => e);
    expect(refused).toBeInstanceOf(SsmError);
    expect((refused as SsmError).kind).toBe('FORBIDDEN');
    expect(await registry.find(HOME_ACCOUNT, 'us-east-1')).toBeUndefined();
    expect(callerAsks()).toBe(1);

    fail = false;
    now += 999;
    await expect(registry.home()).rejects.toThrow(SsmError);
    expect(callerAsks()).toBe(1);
    now += 1;
    expect((await registry.home()).accountId).toBe(HOME_ACCOUNT);
    expect(callerAsks()).toBe(2);
  });
});

describe('location state after calls', () => {
  const answerBy: Answer = (_op, input) => {
    if (input.WindowId === 'denied') throw awsError('AccessDeniedException');
    if (input.WindowId === 'down') throw awsError('InternalServerError');
    if (input.WindowId === 'missing') throw awsError('DoesNotExistException');
    return { WindowId: input.WindowId };
  };

  it('is unknown before any call, then what the last call said: ok, forbidden, unavailable', async () => {
    const { registry } = fakeEstate({ others: [WEST], answer: answerBy });
    const west = registry.get(WEST.accountId, WEST.region)!;
    const get = (WindowId: string) => west.upstream.call('GetMaintenanceWindow', { WindowId }).catch((e: SsmError) => e);
    expect(west.status()).toEqual({ state: 'unknown' });
    await get('mw-1');
    expect(west.status()).toEqual({ state: 'ok' });
    await get('denied');
    expect(west.status()).toEqual({ state: 'forbidden', code: 'FORBIDDEN' });
    await get('down');
    expect(west.status()).toEqual({ state: 'unavailable', code: 'UNAVAILABLE' });
    await get('mw-1');
    expect(west.status()).toEqual({ state: 'ok' });
    // A NOT_FOUND is an answer about the record, not the location: the state stays.
    await get('missing');
    expect(west.status()).toEqual({ state: 'ok' });
  });

  it("keeps one location's failures out of another's state", async () => {
    const { registry } = fakeEstate({ others: [WEST], answer: answerBy });
    const home = await registry.home();
    const west = registry.get(WEST.accountId, WEST.region)!;
    await west.upstream.call('GetMaintenanceWindow', { WindowId: 'down' }).catch(() => undefined);
    await home.upstream.call('GetMaintenanceWindow', { WindowId: 'mw-1' });
    expect([home.status().state, west.status().state]).toEqual(['ok', 'unavailable']);
    expect(home.namespace).not.toBe(west.namespace);
  });
});

describe('the upstream door', () => {
  it('classifies failures into SsmErrors stamped with their location, and strips $metadata', async () => {
    const calls: FakeCall[] = [];
    const client = fakeClient(
      () => WEST,
      (_op, input) => {
        if (input.WindowId === 'x') throw awsError('ThrottlingException');
        return { WindowId: input.WindowId };
      },
      calls,
    );
    const seen: unknown[] = [];
    const door = createUpstream({ client, location: WEST, onCall: (c) => seen.push({ op: c.operation, error: c.error }) });
    expect(await door.call('GetMaintenanceWindow', { WindowId: 'mw-1' })).toEqual({ WindowId: 'mw-1' });
    const err = (await door.call('GetMaintenanceWindow', { WindowId: 'x' }).catch((e) => e)) as SsmError;
    expect(err).toBeInstanceOf(SsmError);
    expect([err.kind, err.awsCode, err.location]).toEqual(['THROTTLED', 'ThrottlingException', WEST]);
    expect(seen).toEqual([
      { op: 'GetMaintenanceWindow', error: undefined },
      { op: 'GetMaintenanceWindow', error: 'THROTTLED' },
    ]);
  });

  it('holds at most maxConcurrency calls in flight; the rest wait their turn, in order', async () => {
    const held = [deferred(), deferred(), deferred(), deferred()];
    let inFlight = 0;
    let most = 0;
    const started: string[] = [];
    const client = {
      send: async (command: { input: { WindowId: string } }) => {
        started.push(command.input.WindowId);
        most = Math.max(most, ++inFlight);
        await held[started.length - 1].promise;
        inFlight--;
        return { $metadata: {}, WindowId: command.input.WindowId };
      },
    } as unknown as SSMClient;
    const door = createUpstream({ client, maxConcurrency: 2 });
    const all = ['a', 'b', 'c', 'd'].map((WindowId) => door.call('GetMaintenanceWindow', { WindowId }));
    await new Promise((r) => setTimeout(r, 5));
    expect(started).toEqual(['a', 'b']);
    held[0].resolve(undefined);
    await new Promise((r) => setTimeout(r, 5));
    expect(started).toEqual(['a', 'b', 'c']);
    for (const h of held) h.resolve(undefined);
    expect((await Promise.all(all)).map((o) => o.WindowId)).toEqual(['a', 'b', 'c', 'd']);
    expect(most).toBe(2);
  });
});
