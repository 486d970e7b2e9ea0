/**
 * Auth applies to subscriptions as to queries, checked when the stream opens
 * (no token, no stream and no call); a stream lasts no longer than the token it
 * was opened with (it ends with UNAUTHENTICATED at `exp`); with auth on, the
 * per-client limit counts per token subject.
 */
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStream, runningAutomation, startLive, until, type LiveStack } from './live-stack.ts';

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256';
const { id } = runningAutomation();
const BODY = JSON.stringify({ query: 'subscription W($id: ID!) { automationExecution(automationExecutionId: $id) { automationExecutionStatus } }', variables: { id } });
const token = (sub: string, exp: number | string = '5m') =>
  new SignJWT({ sub }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime(exp).sign(new TextEncoder().encode(SECRET));
const open = (live: LiveStack, bearer?: string) =>
  openStream(live.served.url, { method: 'POST', body: BODY, headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });

let live: LiveStack;
beforeAll(async () => {
  live = await startLive({ env: { AUTH_JWT_SECRET: SECRET, LIVE_MAX_SUBSCRIPTIONS_PER_CLIENT: '1' } });
});
afterAll(() => live.close());

describe('subscriptions with auth on', () => {
  it('are refused without a valid token: 401, UNAUTHENTICATED, no upstream call', async () => {
    live.resetCalls();
    for (const bearer of [undefined, 'not.a.token']) {
      const refused = await open(live, bearer);
      expect(refused.status).toBe(401);
      await until('the refusal', () => refused.ended);
      expect(refused.text).toContain('"code":"UNAUTHENTICATED"');
    }
    expect(live.calls()).toEqual([]);
    expect(live.gateway.live.stats().subscriptions).toBe(0);
  });

  it('count per token subject against LIVE_MAX_SUBSCRIPTIONS_PER_CLIENT', async () => {
    const alice = await open(live, await token('alice'));
    await until('alice served', () => alice.events().length === 1);
    const again = await open(live, await token('alice'));
    expect(again.status).toBe(429);
    const bob = await open(live, await token('bob'));
    await until('bob served', () => bob.events().length === 1);
    expect(bob.events()[0].data).toEqual({ automationExecution: { automationExecutionStatus: 'InProgress' } });
    await Promise.all([alice.cancel(), bob.cancel(), again.cancel()]);
    await until('both closed', () => live.gateway.live.stats().subscriptions === 0);
  });

  it('end with UNAUTHENTICATED when the token they were opened with expires', async () => {
    const exp = Math.floor(Date.now() / 1000) + 2;
    const stream = await open(live, await token('carol', exp));
    await until('served', () => stream.events().length === 1);
    expect(stream.ended).toBe(false);
    await until('the end at exp', () => stream.ended, 4_000);
    expect(Date.now()).toBeGreaterThanOrEqual(exp * 1000);
    expect(stream.events().at(-1)!.errors).toEqual([expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } })]);
    expect(live.gateway.live.stats().subscriptions).toBe(0);
  });
});
