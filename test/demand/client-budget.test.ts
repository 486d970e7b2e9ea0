/**
 * The per-client budget (CLIENT_MAX_CALLS_PER_MINUTE, src/server/client-budget.ts)
 * over HTTP with JWT auth on: a client is its token's `sub`; one over its
 * budget is cut mid-query, then refused before execution (THROTTLED, 429,
 * retryAfterMs, no call), while another client keeps being served; cache hits
 * are free; without auth, CLIENT_ID_HEADER names the client.
 */
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AutomationExecutionRecord } from '../../src/emulator/dataset.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

const SECRET = 'client-budget-test-secret-of-enough-length';
const BUDGET = 5;
const bearer = (sub: string) =>
  new SignJWT({ sub }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('10m').sign(new TextEncoder().encode(SECRET));

const EXECUTION = `query($id: ID!) { automationExecution(automationExecutionId: $id) { documentName parameters steps(first: 10) { edges { node { stepName } } } } }`;

let stack: Stack;
let runs: AutomationExecutionRecord[];
beforeAll(async () => {
  stack = await startStack({ stingy: false, env: { AUTH_JWT_SECRET: SECRET, CLIENT_MAX_CALLS_PER_MINUTE: String(BUDGET), RESPONSE_CACHE: 'false' } });
  runs = stack.data.automationExecutions.filter((a) => a.AutomationExecutionStatus === 'Success').slice(0, 6);
});
afterAll(() => stack.close());

async function ask(headers: Record<string, string>, query: string, variables?: Record<string, unknown>) {
  const res = await stack.gateway.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as any };
}

describe('a client over its budget', () => {
  it('is cut mid-query, then refused before execution, while another client is served; cache hits are free', async () => {
    const alice = { authorization: `Bearer ${await bearer('alice')}` };
    const bob = { authorization: `Bearer ${await bearer('bob')}` };
    stack.resetCalls();
    // Two calls each (GetAutomationExecution, one page of steps).
    const first = await ask(alice, EXECUTION, { id: runs[0].AutomationExecutionId });
    expect(first.body.errors).toBeUndefined();
    expect(first.body.extensions.cost).toMatchObject({ actual: 2, budget: { limit: BUDGET, remaining: 3 } });
    // The same query again: every call is a cache hit, and costs nothing.
    const again = await ask(alice, EXECUTION, { id: runs[0].AutomationExecutionId });
    expect(again.body.data).toEqual(first.body.data);
    expect(again.body.extensions.cost).toMatchObject({ actual: 0, budget: { remaining: 3 } });
    // Three executions' details and one's steps in one query: four calls wanted, three left.
    const four = `query($a: ID!, $b: ID!, $c: ID!) { a: automationExecution(automationExecutionId: $a) { documentName parameters steps(first: 10) { edges { node { stepName } } } }
      b: automationExecution(automationExecutionId: $b) { documentName parameters } c: automationExecution(automationExecutionId: $c) { documentName parameters } }`;
    stack.resetCalls();
    const cut = await ask(alice, four, { a: runs[1].AutomationExecutionId, b: runs[2].AutomationExecutionId, c: runs[4].AutomationExecutionId });
    expect(cut.status).toBe(200);
    expect(stack.calls()).toHaveLength(3);
    expect(cut.body.extensions.cost).toMatchObject({ actual: 3, budget: { remaining: 0 } });
    const throttled = cut.body.errors.filter((e: any) => e.extensions.code === 'THROTTLED');
    expect(throttled.length).toBeGreaterThan(0);
    for (const e of throttled) {
      expect(e.extensions).toMatchObject({ code: 'THROTTLED', budget: BUDGET, windowMs: 60_000 });
      expect(e.extensions.retryAfterMs).toBeGreaterThan(50_000);
    }
    // What was fetched stands beside the refusals.
    expect(JSON.stringify(cut.body.data)).toContain(runs[1].DocumentName);

    // Now refused before execution, with no call.
    stack.resetCalls();
    const refused = await ask(alice, EXECUTION, { id: runs[3].AutomationExecutionId });
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThan(50);
    expect(refused.body.data).toBeUndefined();
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'THROTTLED', budget: BUDGET, windowMs: 60_000 }) }),
    ]);
    expect(stack.calls()).toEqual([]);

    // Bob has his own budget.
    const served = await ask(bob, EXECUTION, { id: runs[3].AutomationExecutionId });
    expect(served.status).toBe(200);
    expect(served.body.errors).toBeUndefined();
    expect(served.body.data.automationExecution.documentName).toBe(runs[3].DocumentName);
    expect(served.body.extensions.cost).toMatchObject({ actual: 2, budget: { remaining: 3 } });
  });
});

describe('CLIENT_ID_HEADER', () => {
  it('names the client when auth is off (the first address of x-forwarded-for)', async () => {
    const open = await startStack({ stingy: false, env: { CLIENT_ID_HEADER: 'x-forwarded-for', CLIENT_MAX_CALLS_PER_MINUTE: '2', RESPONSE_CACHE: 'false' } });
    try {
      const post = async (forwarded: string, id: string) => {
        const res = await open.gateway.fetch('http://gateway.test/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': forwarded },
          body: JSON.stringify({ query: EXECUTION, variables: { id } }),
        });
        return { status: res.status, body: (await res.json()) as any };
      };
      const a = await post('203.0.113.7, 10.0.0.1', runs[4].AutomationExecutionId!);
      expect(a.body.extensions.cost).toMatchObject({ actual: 2, budget: { limit: 2, remaining: 0 } });
      expect((await post('203.0.113.7, 10.0.0.2', runs[5].AutomationExecutionId!)).status).toBe(429);
      const other = await post('198.51.100.9', runs[5].AutomationExecutionId!);
      expect(other.status).toBe(200);
      expect(other.body.errors).toBeUndefined();
    } finally {
      await open.close();
    }
  });
});
