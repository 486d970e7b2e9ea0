/**
 * The production configuration (NODE_ENV=production): graphql-http's server
 * audits, what it refuses (introspection, GraphiQL, cross-site simple
 * requests, big bodies), and what its error responses never contain.
 */
import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HOME, startStack, type Stack } from '../helpers/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ env: { NODE_ENV: 'production' } });
});
afterAll(() => stack.close());

const URL_ = 'http://gateway.test/graphql';
const fetchOf = (s: Stack) => (input: RequestInfo | URL, init?: RequestInit) => s.gateway.fetch(String(input), init ?? {});

/** Audits that may fail in production, each with the spec clause and why. */
const JUSTIFIED: Record<string, string> = {
  // GraphQL over HTTP §"GET" lets a server accept GET: MAY clauses. CSRF prevention refuses a
  // GET (a "simple" request a browser sends cross-site without preflight) unless it carries the
  // `x-graphql-csrf` header; the audits send none. Yoga's CSRF plugin does exactly this.
  '5A70': 'MAY accept application/x-www-form-urlencoded formatted GET requests',
  D6D5: 'MAY allow URL-encoded JSON string {variables} parameter in GETs (graphql-response+json)',
  '6A70': 'MAY allow URL-encoded JSON string {variables} parameter in GETs (json)',
  // §"Request parameters", variables: the server MUST/SHOULD accept a `variables` map. We do, but
  // these audits test it with `query($name: String!) { __type(name: $name) { name } }`, and
  // introspection is off in production. With INTROSPECTION=true both pass (next test), and
  // "accepts variables in production" below shows variables with a schema field.
  '28B9': 'MUST allow map {variables} parameter when accepting application/json',
  '2EA1': 'SHOULD allow map {variables} parameter when accepting application/graphql-response+json',
};

async function failingAudits(s: Stack) {
  const failing: Record<string, string> = {};
  for (const audit of serverAudits({ url: URL_, fetchFn: fetchOf(s) })) {
    const result = await audit.fn();
    if (result.status !== 'ok') failing[audit.id] = `${audit.name}: ${result.reason}`;
  }
  return failing;
}

describe('graphql-http server audits', () => {
  it('pass in production, except the justified ones', async () => {
    stack.resetCalls();
    const failing = await failingAudits(stack);
    expect(Object.keys(failing).sort()).toEqual(Object.keys(JUSTIFIED).sort());
    expect(stack.calls()).toEqual([]);
  });

  it('all pass in production with introspection on and the header a real GET client sends', async () => {
    const open = await startStack({ env: { NODE_ENV: 'production', INTROSPECTION: 'true' } });
    try {
      // Without the CSRF header: only the three GET audits (MAY) fail.
      expect(Object.keys(await failingAudits(open)).sort()).toEqual(['5A70', '6A70', 'D6D5']);
      const withHeader = (input: RequestInfo | URL, init: RequestInit = {}) =>
        open.gateway.fetch(String(input), { ...init, headers: { ...(init.headers as Record<string, string>), 'x-graphql-csrf': '1' } });
      const failing: string[] = [];
      const audits = serverAudits({ url: URL_, fetchFn: withHeader });
      expect(audits.length).toBeGreaterThanOrEqual(61);
      for (const audit of audits) if ((await audit.fn()).status !== 'ok') failing.push(audit.id);
      expect(failing).toEqual([]);
    } finally {
      await open.close();
    }
  });
});

const post = (s: Stack, body: string, headers: Record<string, string> = {}) =>
  s.gateway.fetch(URL_, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', ...headers }, body });

describe('production mode', () => {
  it('accepts variables in production', async () => {
    const res = await post(stack, JSON.stringify({ query: 'query($n: Int) { automationExecutions(first: $n) { edges { cursor } } }', variables: { n: 2 } }));
    expect(res.status).toBe(200);
    expect((await res.json()).data.automationExecutions.edges).toHaveLength(2);
  });

  it('refuses introspection unless INTROSPECTION=true', async () => {
    const res = await post(stack, JSON.stringify({ query: '{ __schema { queryType { name } } }' }));
    const body = await res.json();
    expect(body.data).toBeUndefined();
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors[0].message).toMatch(/introspection has been disabled/);
    // `__typename` is not introspection of the schema and stays available.
    expect((await (await post(stack, JSON.stringify({ query: '{ __typename }' }))).json()).data).toEqual({ __typename: 'Query' });
  });

  it('hides field suggestions', async () => {
    const body = await (await post(stack, JSON.stringify({ query: '{ automationExecution { documentName } }' }))).json();
    const dev = await startStack();
    try {
      const devBody = await (await post(dev, JSON.stringify({ query: '{ automationExecutionz { documentName } }' }))).json();
      expect(devBody.errors[0].message).toMatch(/Did you mean/);
    } finally {
      await dev.close();
    }
    const prod = await (await post(stack, JSON.stringify({ query: '{ automationExecutionz { documentName } }' }))).json();
    expect(prod.errors[0].message).not.toMatch(/Did you mean/);
    expect(prod.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('serves no GraphiQL unless GRAPHIQL=true; with it, the page loads and its JSON POSTs pass CSRF prevention', async () => {
    const page = await stack.gateway.fetch(URL_, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toMatch(/<html/i);
    const withUi = await startStack({ env: { NODE_ENV: 'production', GRAPHIQL: 'true' } });
    try {
      const ui = await withUi.gateway.fetch(URL_, { headers: { accept: 'text/html' } });
      expect(ui.status).toBe(200);
      expect(await ui.text()).toMatch(/<html/i);
      // What GraphiQL's fetcher sends.
      const res = await post(withUi, JSON.stringify({ query: '{ __typename }' }), { accept: 'application/graphql-response+json, application/json' });
      expect(res.status).toBe(200);
    } finally {
      await withUi.close();
    }
  });

  it('prevents CSRF: simple requests need the x-graphql-csrf header', async () => {
    const get = (headers: Record<string, string> = {}) => stack.gateway.fetch(`${URL_}?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'application/json', ...headers } });
    expect((await get()).status).toBe(403);
    expect((await (await get()).json()).errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await get({ 'x-graphql-csrf': '1' })).status).toBe(200);
    const form = await stack.gateway.fetch(URL_, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'query=%7B__typename%7D' });
    expect(form.status).toBe(403);
    const text = await stack.gateway.fetch(URL_, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(text.status).toBe(403);
    expect((await post(stack, JSON.stringify({ query: '{ __typename }' }))).status).toBe(200);
  });

  it('refuses bodies above MAX_BODY_BYTES with 413', async () => {
    const small = await startStack({ env: { NODE_ENV: 'production', MAX_BODY_BYTES: '1000' } });
    try {
      const res = await post(small, JSON.stringify({ query: `{ __typename } # ${'x'.repeat(2000)}` }));
      expect(res.status).toBe(413);
      expect((await res.json()).errors[0].extensions.code).toBe('REQUEST_ENTITY_TOO_LARGE');
      expect(small.calls()).toEqual([]);
    } finally {
      await small.close();
    }
  });
});

describe('error responses leak nothing', () => {
  it('show no stack, AWS message, AWS error name, request ID or account ID', async () => {
    const logged: string[] = [];
    const spies = (['warn', 'error', 'info', 'log'] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' '))),
    );
    const faulty = await startStack({
      env: { NODE_ENV: 'production' },
      faults: [
        { operations: ['DescribeAutomationExecutions'], errorRate: 1 },
        { operations: ['GetAutomationExecution'], throttleRps: 0 },
      ],
    });
    try {
      const bodies: string[] = [];
      for (const query of [
        '{ automationExecutions(first: 2) { edges { cursor } } }',
        `{ automationExecution(automationExecutionId: "${faulty.data.automationExecutions[0].AutomationExecutionId}") { documentName } }`,
        `{ a: automationExecution(automationExecutionId: "${faulty.data.automationExecutions[0].AutomationExecutionId}") { parameters } }`,
        '{ automationExecution(automationExecutionId: "00000000-0000-0000-0000-000000000000") { parameters } }',
      ]) {
        const res = await post(faulty, JSON.stringify({ query }));
        expect(res.status).toBeLessThan(500);
        bodies.push(await res.text());
      }
      const codes = bodies.flatMap((b) => (JSON.parse(b).errors ?? []).map((e: { extensions: { code: string } }) => e.extensions.code));
      expect(codes).toEqual(expect.arrayContaining(['UPSTREAM_UNAVAILABLE', 'THROTTLED']));
      // The AWS details went to the log...
      const requestIds = logged.join('\n').match(/requestId=[\w-]+/g)?.map((r) => r.slice('requestId='.length)).filter((r) => r !== '-') ?? [];
      expect(requestIds.length).toBeGreaterThan(0);
      expect(logged.join('\n')).toMatch(/injected fault|Rate exceeded/);
      // ...and none of them reached a client.
      for (const body of bodies) {
        expect(body).not.toMatch(/injected|internal error occurred|Rate exceeded|not found in|ThrottlingException|InternalServerError/i);
        expect(body).not.toMatch(/upstreamCode|originalError|stack|\bat .*\.(ts|js):\d+|node_modules|\/work\//);
        // The served location's account is data (`location.accountId`); no other account ID appears.
        expect(body.replaceAll(`"accountId":"${HOME.accountId}"`, '')).not.toMatch(/\b\d{12}\b/);
        for (const id of requestIds) expect(body).not.toContain(id);
      }
    } finally {
      await faulty.close();
      spies.forEach((s) => s.mockRestore());
    }
  });
});
