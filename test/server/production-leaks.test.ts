/**
 * What production responses do not give away, over HTTP: no "Did you mean …?"
 * anywhere (enum values and input fields, inline and through variables, besides
 * fields), no `extensions.originalError` on invalid JSON, and malformed
 * `variables`/`extensions` in a GET query string or a form body answered as the
 * client's mistake (400 BAD_REQUEST), not as an internal error with a stack in
 * the log. Each case is first shown to give the suggestion in development, so
 * the production assertion is not vacuous.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.ts';

let prod: Stack;
let dev: Stack;
beforeAll(async () => {
  [prod, dev] = await Promise.all([startStack({ env: { NODE_ENV: 'production' } }), startStack()]);
});
afterAll(async () => {
  await prod.close();
  await dev.close();
});
afterEach(() => vi.restoreAllMocks());

const FILTERED = 'query($f: AutomationExecutionFilter) { automationExecutions(first: 1, filter: $f) { edges { cursor } } }';
const CASES: { name: string; query: string; variables?: Record<string, unknown>; suggests: RegExp }[] = [
  { name: 'misspelt field', query: '{ automationExecutionz { edges { cursor } } }', suggests: /Did you mean .*"automationExecutions"/ },
  { name: 'misspelt argument', query: '{ automationExecutions(frist: 1) { edges { cursor } } }', suggests: /Did you mean "first"/ },
  { name: 'misspelt type in a variable definition', query: 'query($f: AutomationExecutionFiltr) { automationExecutions(filter: $f) { edges { cursor } } }', suggests: /Did you mean "AutomationExecutionFilter"/ },
  { name: 'enum typo, inline', query: '{ automationExecutions(filter: { status: [Succes] }) { edges { cursor } } }', suggests: /Did you mean the enum value "Success"/ },
  { name: 'enum typo, through variables', query: FILTERED, variables: { f: { status: ['Succes'] } }, suggests: /Did you mean the enum value "Success"/ },
  { name: 'misspelt input field, inline', query: '{ automationExecutions(filter: { documentNamePrefx: "a" }) { edges { cursor } } }', suggests: /Did you mean "documentNamePrefix"/ },
  { name: 'misspelt input field, through variables', query: FILTERED, variables: { f: { documentNamePrefx: 'a' } }, suggests: /Did you mean "documentNamePrefix"/ },
];

describe('suggestions', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s: suggested in development, not in production', async (_n, c) => {
    const inDev = await dev.query(c.query, c.variables);
    expect(inDev.errors?.[0].message).toMatch(c.suggests);
    prod.resetCalls();
    const res = await prod.gateway.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: c.query, variables: c.variables }),
    });
    const text = await res.text();
    expect(res.status).toBe(400);
    expect(text).not.toMatch(/Did you mean|Succes"|documentNamePrefix|automationExecutions"|AutomationExecutionFilter"|"first"/);
    const body = JSON.parse(text);
    expect(body.data).toBeUndefined();
    // The rest of the message stays, so the client still learns what it got wrong.
    expect(body.errors[0].message).toBe(withoutSuggestion(inDev.errors![0].message));
    expect(prod.calls()).toEqual([]);
  });
});

const withoutSuggestion = (m: string) => m.replace(/\s*Did you mean [^]*\?$/, '');

describe('malformed requests in production', () => {
  const send = (init: RequestInit & { url?: string }) =>
    prod.gateway.fetch(`http://gateway.test/graphql${init.url ?? ''}`, { ...init, headers: { accept: 'application/json', 'x-graphql-csrf': '1', ...init.headers } });

  it('invalid JSON: 400 BAD_REQUEST without extensions.originalError', async () => {
    for (const accept of ['application/json', 'application/graphql-response+json']) {
      const res = await send({ method: 'POST', headers: { 'content-type': 'application/json', accept }, body: '{"query": "{ __typename }"' });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ errors: [{ message: 'POST body sent invalid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
    }
  });

  const q = encodeURIComponent('{ __typename }');
  it.each([
    ['GET, variables not JSON', { method: 'GET', url: `?query=${q}&variables=${encodeURIComponent('{oops')}` }],
    ['GET, extensions not JSON', { method: 'GET', url: `?query=${q}&extensions=${encodeURIComponent('{"a":')}` }],
    ['form body, variables not JSON', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `query=${q}&variables=%7Boops` }],
    ['form body, extensions not JSON', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `query=${q}&extensions=nope` }],
  ] as const)('%s: 400 BAD_REQUEST, nothing logged', async (_n, init) => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const res = await send(init as RequestInit & { url: string });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      errors: [{ message: 'Malformed request: `variables` and `extensions` must be JSON objects.', extensions: { code: 'BAD_REQUEST' } }],
    });
    expect(error).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalled();
  });

  it('GET and form bodies with well-formed JSON still work', async () => {
    const v = encodeURIComponent(JSON.stringify({ n: 1 }));
    const query = encodeURIComponent('query($n: Int) { automationExecutions(first: $n) { edges { cursor } } }');
    const get = await send({ method: 'GET', url: `?query=${query}&variables=${v}` });
    expect(get.status).toBe(200);
    expect((await get.json()).data.automationExecutions.edges).toHaveLength(1);
    const form = await send({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `query=${query}&variables=${v}` });
    expect((await form.json()).data.automationExecutions.edges).toHaveLength(1);
  });
});
