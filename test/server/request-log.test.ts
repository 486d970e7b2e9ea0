/**
 * The access log and the request ID, over HTTP: one JSON line per GraphQL
 * request (refused ones included) with the operation, status, duration,
 * upstream calls (checked against the emulator's call log) and error codes;
 * no line for probes, preflights or the GraphiQL page; `x-request-id` on every
 * response, a sane incoming one kept. A client's unknown ID is in the access
 * line and nowhere else in the log.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.ts';

let stack: Stack;
let info: MockInstance<typeof console.info>;
let warn: MockInstance<typeof console.warn>;
beforeAll(async () => {
  stack = await startStack({ env: { LOG_LEVEL: 'info', GRAPHIQL: 'true' } });
});
afterAll(() => stack.close());
afterEach(() => vi.restoreAllMocks());

const spy = () => {
  info = vi.spyOn(console, 'info').mockImplementation(() => {});
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
};
const accessLines = () => info.mock.calls.map((c) => JSON.parse(String(c[0])) as Record<string, unknown>);

const post = (body: unknown, headers: Record<string, string> = {}) =>
  stack.gateway.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('access log', () => {
  it('one JSON line per request: operation, status, duration, upstream calls as the emulator counted them, no errors', async () => {
    spy();
    stack.gateway.cache.clear();
    stack.resetCalls();
    const res = await post({ query: 'query Recent { automationExecutions(first: 3) { edges { node { automationExecutionId steps(first: 2) { edges { cursor } } } } } }' });
    expect(res.status).toBe(200);
    const lines = accessLines();
    expect(lines).toEqual([
      {
        msg: 'request',
        requestId: res.headers.get('x-request-id'),
        method: 'POST',
        status: 200,
        operation: 'Recent',
        durationMs: expect.any(Number),
        upstreamCalls: stack.calls().length,
        cacheHits: 0,
        errors: [],
      },
    ]);
    expect(stack.calls().length).toBeGreaterThan(1);
    const pagesRead = stack.calls().length;
    // The same query again is answered from the caches: no upstream call.
    stack.resetCalls();
    await post({ query: 'query Recent { automationExecutions(first: 3) { edges { node { automationExecutionId steps(first: 2) { edges { cursor } } } } } }' });
    expect(stack.calls()).toEqual([]);
    expect(accessLines()[1]).toMatchObject({ operation: 'Recent', upstreamCalls: 0 });
    // Another document over the same pages executes, and reads them from the cache.
    await post({ query: 'query Again { automationExecutions(first: 3) { edges { node { steps(first: 2) { edges { cursor } } } } } }' });
    expect(stack.calls()).toEqual([]);
    // Each page the first request fetched is read again (a root page and the steps' pages).
    expect(accessLines()[2]).toMatchObject({ operation: 'Again', upstreamCalls: 0, cacheHits: pagesRead });
  });

  it('names the operation given by operationName among several, and null for an anonymous one', async () => {
    spy();
    await post({ query: 'query A { __typename } query B { __typename }', operationName: 'B' });
    await post({ query: '{ __typename }' });
    expect(accessLines().map((l) => l.operation)).toEqual(['B', null]);
  });

  it('a NOT_FOUND is in the access line, not logged as a warning', async () => {
    spy();
    const res = await post({ query: 'query Missing { maintenanceWindow(windowId: "mw-0123456789abcdef0") { windowId } }' });
    expect((await res.json()).errors[0].extensions.code).toBe('NOT_FOUND');
    expect(accessLines()).toEqual([expect.objectContaining({ operation: 'Missing', status: 200, upstreamCalls: 1, errors: ['NOT_FOUND'] })]);
    expect(warn).not.toHaveBeenCalled();
  });

  it('logs refused requests with their status and codes', async () => {
    spy();
    await post({ query: '{ automationExecutions(first: -1) { edges { cursor } } }' });
    await post({ query: '{ nope }' });
    await stack.gateway.fetch('http://gateway.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(accessLines().map((l) => [l.status, l.errors])).toEqual([
      [200, ['BAD_USER_INPUT']],
      [200, ['GRAPHQL_VALIDATION_FAILED']],
      [400, ['BAD_REQUEST']],
    ]);
  });

  it('writes no line for /health, /ready, CORS preflights or the GraphiQL page', async () => {
    spy();
    await stack.gateway.fetch('http://gateway.test/health');
    await stack.gateway.fetch('http://gateway.test/ready');
    await stack.gateway.fetch('http://gateway.test/graphql', { method: 'OPTIONS', headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST' } });
    const page = await stack.gateway.fetch('http://gateway.test/graphql', { headers: { accept: 'text/html' } });
    expect(await page.text()).toMatch(/<html/i);
    expect(info).not.toHaveBeenCalled();
  });

  it('LOG_LEVEL=warn drops it', async () => {
    const quiet = await startStack({ env: { LOG_LEVEL: 'warn' } });
    try {
      spy();
      await quiet.query('{ __typename }');
      expect(info).not.toHaveBeenCalled();
    } finally {
      await quiet.close();
    }
  });
});

describe('x-request-id', () => {
  it('keeps a sane incoming ID, in the response and the log', async () => {
    spy();
    const res = await post({ query: '{ __typename }' }, { 'x-request-id': 'lb-7f3a:42/abc=' });
    expect(res.headers.get('x-request-id')).toBe('lb-7f3a:42/abc=');
    expect(accessLines()[0].requestId).toBe('lb-7f3a:42/abc=');
  });

  it('replaces a missing, oversized or odd one by a fresh UUID, different per request', async () => {
    spy();
    const ids: string[] = [];
    for (const given of [undefined, 'x'.repeat(129), 'has space', 'quote"d', '']) {
      const res = await post({ query: '{ __typename }' }, given === undefined ? {} : { 'x-request-id': given });
      ids.push(res.headers.get('x-request-id')!);
    }
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(accessLines().map((l) => l.requestId)).toEqual(ids);
  });

  it('is on every response, probes included', async () => {
    spy();
    for (const path of ['/health', '/ready', '/graphql?query=%7B__typename%7D', '/nowhere']) {
      const res = await stack.gateway.fetch(`http://gateway.test${path}`, { headers: { 'x-request-id': 'probe-1' } });
      expect(res.headers.get('x-request-id'), path).toBe('probe-1');
    }
  });
});
