/**
 * Bad inputs, table-driven, against the production configuration: each gets a
 * 4xx or a GraphQL error with a stable `extensions.code`; none makes an
 * upstream call (the emulator's call log stays empty) and none is a 5xx.
 */
import { createCursorCodec } from '../../src/schema/cursor.ts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.ts';

let stack: Stack;
/** A terminal execution, listed (so cached) in beforeAll: its fields' resolvers run without a call. */
let execId = '';
let execCursor = '';
let stepCursor = '';
let stepId = '';

beforeAll(async () => {
  stack = await startStack({ env: { NODE_ENV: 'production', MAX_QUERY_COST: '5000' } });
  const list = await stack.query(`{ automationExecutions(first: 50) { edges { cursor node { automationExecutionId automationExecutionStatus } } } }`);
  const edges = list.data.automationExecutions.edges as { cursor: string; node: { automationExecutionId: string; automationExecutionStatus: string } }[];
  const terminal = edges.find((e) => ['Success', 'Failed', 'Cancelled', 'TimedOut'].includes(e.node.automationExecutionStatus))!;
  execId = terminal.node.automationExecutionId;
  execCursor = edges[0].cursor;
  const steps = await stack.query(`{ automationExecution(automationExecutionId: "${execId}") { steps(first: 2) { edges { cursor node { stepExecutionId } } } } }`);
  stepCursor = steps.data.automationExecution.steps.edges[0].cursor;
  stepId = steps.data.automationExecution.steps.edges[0].node.stepExecutionId;
  // The same requests again must now be served from the cache: the premise of the cached-parent cases.
  stack.resetCalls();
  await stack.query(`{ automationExecution(automationExecutionId: "${execId}") { steps(first: 2) { edges { cursor } } } }`);
  expect(stack.calls()).toEqual([]);
});
afterAll(() => stack.close());

const b64 = (s: string) => Buffer.from(s).toString('base64url');
const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
const ids = (n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => `${String(i).padStart(8, '0')}-0000-0000-0000-000000000000`));
const steps = (args: string) => `{ automationExecution(automationExecutionId: "${execId}") { steps(${args}) { edges { cursor } } } }`;
const nest = (depth: number): string => (depth === 0 ? 'stepName' : `childSteps(first: 1) { edges { node { ${nest(depth - 1)} } } }`);

interface Case {
  name: string;
  /** A GraphQL request POSTed as JSON, or a raw request. */
  query?: () => string;
  variables?: Record<string, unknown>;
  raw?: () => { method?: string; url?: string; headers?: Record<string, string>; body?: string };
  /** The code the response must carry (one of its errors), when it is a GraphQL response. */
  code?: string;
  /** An HTTP status the response must have. */
  status?: number;
}

const CASES: Case[] = [
  // Malformed IDs of each kind.
  { name: 'automationExecution id "x"', query: () => '{ automationExecution(automationExecutionId: "x") { documentName } }', code: 'BAD_USER_INPUT' },
  { name: 'automationExecution empty id', query: () => '{ automationExecution(automationExecutionId: "") { documentName } }', code: 'BAD_USER_INPUT' },
  { name: 'automationExecution id too long', query: () => `{ automationExecution(automationExecutionId: "${'a'.repeat(37)}") { documentName } }`, code: 'BAD_USER_INPUT' },
  { name: 'automationExecution id given as an Int', query: () => '{ automationExecution(automationExecutionId: 123) { documentName } }', code: 'BAD_USER_INPUT' },
  { name: 'node id "!!!"', query: () => '{ node(id: "!!!") { id } }', code: 'BAD_USER_INPUT' },
  { name: 'node empty id', query: () => '{ node(id: "") { id } }', code: 'BAD_USER_INPUT' },
  { name: 'node id base64 of "AutomationStepExecution:bad"', query: () => `{ node(id: "${b64('AutomationStepExecution:bad')}") { id } }`, code: 'BAD_USER_INPUT' },
  // (The model bounds a step ID's length only (1-150): a well-sized unknown one is a NOT_FOUND after one call.)
  { name: 'node step id with an oversized step part', query: () => `{ node(id: "${b64(`AutomationStepExecution:${execId}/${'s'.repeat(151)}`)}") { id } }`, code: 'BAD_USER_INPUT' },
  { name: 'node step id without its execution', query: () => `{ node(id: "${b64(`AutomationStepExecution:${stepId}`)}") { id } }`, code: 'BAD_USER_INPUT' },
  { name: 'node id base64 of "AutomationExecution:not-a-uuid"', query: () => `{ node(id: "${b64('AutomationExecution:not-a-uuid')}") { id } }`, code: 'BAD_USER_INPUT' },
  { name: 'node id of an unknown type', query: () => `{ node(id: "${b64('NoSuchType:abc')}") { id } }`, code: 'BAD_USER_INPUT' },
  { name: 'node id of a type that is not a node', query: () => `{ node(id: "${b64('PageInfo:abc')}") { id } }`, code: 'BAD_USER_INPUT' },
  { name: 'node id without a type', query: () => `{ node(id: "${b64(':abc')}") { id } }`, code: 'BAD_USER_INPUT' },
  { name: 'nodes with malformed ids', query: () => '{ nodes(ids: ["!!!", "x"]) { id } }', code: 'BAD_USER_INPUT' },
  { name: 'association id "x"', query: () => '{ association(associationId: "x") { associationName } }', code: 'BAD_USER_INPUT' },
  { name: 'maintenanceWindow id "x"', query: () => '{ maintenanceWindow(windowId: "x") { name } }', code: 'BAD_USER_INPUT' },
  { name: 'maintenanceWindowExecution id "nope"', query: () => '{ maintenanceWindowExecution(windowExecutionId: "nope") { status } }', code: 'BAD_USER_INPUT' },
  // Forged, altered, truncated and foreign cursors.
  { name: 'cursor "garbage"', query: () => '{ automationExecutions(first: 1, after: "garbage") { edges { cursor } } }', code: 'BAD_USER_INPUT' },
  { name: 'cursor with a flipped character', query: () => `{ automationExecutions(first: 1, after: "${flip(execCursor, 5)}") { edges { cursor } } }`, code: 'BAD_USER_INPUT' },
  { name: 'cursor with a flipped signature character', query: () => `{ automationExecutions(first: 1, after: "${flip(execCursor, execCursor.length - 3)}") { edges { cursor } } }`, code: 'BAD_USER_INPUT' },
  { name: 'truncated cursor', query: () => `{ automationExecutions(first: 1, after: "${execCursor.slice(0, -6)}") { edges { cursor } } }`, code: 'BAD_USER_INPUT' },
  { name: 'cursor body without signature', query: () => `{ automationExecutions(first: 1, after: "${execCursor.split('.')[0]}") { edges { cursor } } }`, code: 'BAD_USER_INPUT' },
  {
    name: 'forged cursor (well-formed, wrong key)',
    query: () => `{ automationExecutions(first: 1, after: "${b64(JSON.stringify({ d: 'x', r: 'f', t: 'tok', o: 0, i: Date.now() }))}.${b64('0123456789abcdef')}") { edges { cursor } } }`,
    code: 'BAD_USER_INPUT',
  },
  { name: 'cursor of another connection (other filter)', query: () => `{ automationExecutions(first: 1, after: "${execCursor}", filter: { status: [Success] }) { edges { cursor } } }`, code: 'BAD_USER_INPUT' },
  { name: 'executions cursor replayed on steps', query: () => steps(`first: 1, after: "${execCursor}"`), code: 'BAD_USER_INPUT' },
  { name: 'steps cursor replayed on executions', query: () => `{ automationExecutions(first: 1, after: "${stepCursor}") { edges { cursor } } }`, code: 'BAD_USER_INPUT' },
  { name: 'forward cursor used with last/before', query: () => steps(`last: 1, before: "${stepCursor}"`), code: 'BAD_USER_INPUT' },
  { name: 'steps cursor replayed in reverse order', query: () => steps(`first: 1, after: "${stepCursor}", reverseOrder: true`), code: 'BAD_USER_INPUT' },
  // first / last / before.
  { name: 'first negative', query: () => '{ automationExecutions(first: -1) { edges { cursor } } }', code: 'BAD_USER_INPUT' },
  { name: 'first above the cap', query: () => '{ automationExecutions(first: 501) { edges { cursor } } }', code: 'BAD_USER_INPUT' },
  { name: 'first huge (beyond Int)', query: () => '{ automationExecutions(first: 99999999999) { edges { cursor } } }', code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'first as a float', query: () => '{ automationExecutions(first: 1.5) { edges { cursor } } }', code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'first as a string variable', query: () => 'query($n: Int) { automationExecutions(first: $n) { edges { cursor } } }', variables: { n: '10' } },
  { name: 'last on a forward-only connection (no such argument)', query: () => '{ automationExecutions(last: 2) { edges { cursor } } }', code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'before on a forward-only connection (no such argument)', query: () => `{ automationExecutions(before: "${execCursor}") { edges { cursor } } }`, code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'last with after', query: () => steps(`last: 1, after: "${stepCursor}"`), code: 'BAD_USER_INPUT' },
  { name: 'first with before', query: () => steps(`first: 1, before: "${stepCursor}"`), code: 'BAD_USER_INPUT' },
  { name: 'first and last together', query: () => steps('first: 1, last: 1'), code: 'BAD_USER_INPUT' },
  { name: 'nested first negative', query: () => steps('first: -5'), code: 'BAD_USER_INPUT' },
  // Filters.
  { name: 'date filter "yesterday"', query: () => '{ automationExecutions(filter: { startTimeBefore: "yesterday" }) { edges { cursor } } }', code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'date filter variable "yesterday"', query: () => 'query($f: AutomationExecutionFilter) { automationExecutions(filter: $f) { edges { cursor } } }', variables: { f: { startTimeBefore: 'yesterday' } } },
  { name: 'unknown status value', query: () => '{ automationExecutions(filter: { status: [Sleeping] }) { edges { cursor } } }', code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'filter member of the wrong type', query: () => '{ automationExecutions(filter: { documentNamePrefix: 5 }) { edges { cursor } } }', code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'unknown filter member', query: () => '{ automationExecutions(filter: { color: "red" }) { edges { cursor } } }', code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: '11 executionIds', query: () => `{ automationExecutions(filter: { executionIds: ${ids(11)} }) { edges { cursor } } }`, code: 'BAD_USER_INPUT' },
  { name: '11 stepExecutionIds', query: () => steps(`filter: { stepExecutionIds: ${ids(11)} }`), code: 'BAD_USER_INPUT' },
  { name: 'empty status list', query: () => '{ automationExecutions(filter: { status: [] }) { edges { cursor } } }', code: 'BAD_USER_INPUT' },
  // Documents: unknown fields, syntax, size, depth, aliases, cost.
  { name: 'unknown field', query: () => '{ automationExecutionz { edges { cursor } } }', code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'missing required argument', query: () => '{ automationExecution { documentName } }', code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'syntax error', query: () => '{ automationExecutions(first: 1 { edges } }', code: 'GRAPHQL_PARSE_FAILED' },
  { name: 'mutation on a query-only schema', query: () => 'mutation { cancel }', code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'subscription on a query-only schema', query: () => 'subscription { ticks }', code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'undefined variable', query: () => '{ automationExecutions(first: $n) { edges { cursor } } }', code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'missing required variable', query: () => 'query($id: ID!) { automationExecution(automationExecutionId: $id) { documentName } }' },
  { name: 'fragment cycle', query: () => '{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }', code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'introspection in production', query: () => '{ __schema { types { name } } }', code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'oversized document (tokens)', query: () => `{ ${'__typename '.repeat(3_100)} }`, code: 'QUERY_TOO_LARGE' },
  { name: 'deeply nested query', query: () => `{ automationExecution(automationExecutionId: "${execId}") { steps(first: 1) { edges { node { ${nest(6)} } } } } }`, code: 'QUERY_TOO_DEEP' },
  { name: 'alias bomb', query: () => `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: automationExecutions(first: 1) { edges { cursor } }`).join(' ')} }`, code: 'TOO_MANY_ALIASES' },
  { name: 'expensive query', query: () => '{ automationExecutions(first: 500) { edges { node { steps(first: 500) { edges { cursor } } } } } }', code: 'QUERY_TOO_EXPENSIVE' },
  // HTTP.
  { name: 'batched request (JSON array)', raw: () => ({ body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]) }), status: 400 },
  { name: 'invalid JSON', raw: () => ({ body: '{"query": "{ __typename }"' }), status: 400 },
  { name: 'JSON null body', raw: () => ({ body: 'null' }), status: 400 },
  { name: 'empty body', raw: () => ({ body: '' }), status: 400 },
  { name: 'no query', raw: () => ({ body: '{}' }), status: 400 },
  { name: 'query not a string', raw: () => ({ body: JSON.stringify({ query: 5 }) }), status: 400 },
  { name: 'variables not an object', raw: () => ({ body: JSON.stringify({ query: '{ __typename }', variables: 'x' }) }), status: 400 },
  { name: 'unknown operationName', raw: () => ({ body: JSON.stringify({ query: 'query A { __typename }', operationName: 'B' }) }) },
  { name: 'two operations, no operationName', raw: () => ({ body: JSON.stringify({ query: 'query A { __typename } query B { __typename }' }) }) },
  { name: 'content type text/plain', raw: () => ({ headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: '{ __typename }' }) }), status: 403 },
  { name: 'content type application/xml', raw: () => ({ headers: { 'content-type': 'application/xml' }, body: '<query/>' }) },
  { name: 'form post without CSRF header', raw: () => ({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'query=%7B__typename%7D' }), status: 403 },
  { name: 'GET with a mutation', raw: () => ({ method: 'GET', url: `?query=${encodeURIComponent('mutation { x }')}`, headers: { 'x-graphql-csrf': '1' } }), status: 405 },
  { name: 'GET without query', raw: () => ({ method: 'GET', headers: { 'x-graphql-csrf': '1' } }), status: 400 },
  { name: 'PUT method', raw: () => ({ method: 'PUT', body: JSON.stringify({ query: '{ __typename }' }) }), status: 405 },
  { name: 'accepts only text/csv', raw: () => ({ headers: { accept: 'text/csv' }, body: JSON.stringify({ query: '{ __typename }' }) }), status: 406 },
  { name: 'body above MAX_BODY_BYTES', raw: () => ({ body: JSON.stringify({ query: `{ __typename } #${'x'.repeat(200_000)}` }) }), status: 413 },
];

interface Outcome {
  status: number;
  codes: string[];
  body: string;
}

async function send(c: Case): Promise<Outcome> {
  const raw = c.raw ? c.raw() : { body: JSON.stringify({ query: c.query!(), variables: c.variables }) };
  const method = raw.method ?? 'POST';
  const res = await stack.gateway.fetch(`http://gateway.test/graphql${raw.url ?? ''}`, {
    method,
    headers: { accept: 'application/graphql-response+json, application/json', ...(method === 'GET' ? {} : { 'content-type': 'application/json' }), ...raw.headers },
    ...(method === 'GET' ? {} : { body: raw.body }),
  });
  const body = await res.text();
  let codes: string[] = [];
  try {
    codes = ((JSON.parse(body) as { errors?: { extensions?: { code?: string } }[] }).errors ?? []).map((e) => e.extensions?.code ?? '(none)');
  } catch {
    // Not JSON (e.g. a 406 with no body): the status is the answer.
  }
  return { status: res.status, codes, body };
}

describe('bad inputs', () => {
  it('has at least 40 cases', () => expect(CASES.length).toBeGreaterThanOrEqual(40));

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    stack.resetCalls();
    const out = await send(c);
    expect(stack.calls(), 'upstream calls').toEqual([]);
    expect(out.status, out.body).toBeLessThan(500);
    if (c.status) expect(out.status, out.body).toBe(c.status);
    if (out.status < 400) {
      expect(out.codes.length, out.body).toBeGreaterThan(0);
      for (const code of out.codes) expect(code, out.body).toMatch(/^[A-Z_]+$/);
    }
    if (out.codes.length) for (const code of out.codes) expect(code, out.body).not.toBe('(none)');
    if (c.code) expect(out.codes, out.body).toContain(c.code);
    if (process.env.SHOW_OUTCOMES) console.log(`| ${c.name} | ${out.status} | ${[...new Set(out.codes)].join(', ') || '-'} |`);
  });

  it('the gateway still answers afterwards', async () => {
    const r = await stack.query(`{ automationExecution(automationExecutionId: "${execId}") { automationExecutionId } }`);
    expect(r.data.automationExecution.automationExecutionId).toBe(execId);
    expect(stepId).toBeTruthy();
  });
});

/**
 * The same kinds of bad input under a parent that is not cached: its resolver
 * would have to load the parent (a call) before its connection's checks ran, so
 * these are refused before execution (src/server/preflight/checks.ts) with the
 * code and reason the resolver gives, and no upstream call.
 */
describe('bad connection arguments under an uncached parent', () => {
  const windowId = () => stack.data.maintenanceWindows[0].WindowId;
  const window = (args: string) => `{ maintenanceWindow(windowId: "${windowId()}") { executions(${args}) { edges { node { windowExecutionId } } } } }`;
  /** A cursor this server signed, issued `ageMs` ago. */
  const issued = (ageMs: number, direction: 'forward' | 'backward' = 'forward') => {
    const now = Date.now();
    const clock = vi.spyOn(Date, 'now').mockReturnValue(now - ageMs);
    try {
      return createCursorCodec({ secret: 'test-secret' }).encode({ field: 'f', connection: 'c' }, direction, { token: 't', offset: 0 });
    } finally {
      clock.mockRestore();
    }
  };

  interface UncachedCase {
    name: string;
    query: () => string;
    variables?: () => Record<string, unknown>;
    /** `extensions` the one error must carry (besides code BAD_USER_INPUT). */
    extensions: Record<string, unknown>;
  }
  const UNCACHED: UncachedCase[] = [
    { name: 'cursor "abc" on a window\'s executions', query: () => window('first: 1, after: "abc"'), extensions: { reason: 'MALFORMED_CURSOR' } },
    { name: 'cursor of another server on a window\'s executions', query: () => window(`first: 1, after: "${flip(execCursor, execCursor.length - 3)}"`), extensions: { reason: 'INVALID_CURSOR' } },
    { name: 'expired cursor', query: () => window(`after: "${issued(2 * 3_600_000)}"`), extensions: { reason: 'EXPIRED_CURSOR' } },
    { name: 'backward cursor with `after`', query: () => window(`after: "${issued(0, 'backward')}"`), extensions: { reason: 'WRONG_DIRECTION_CURSOR' } },
    { name: 'forward cursor with `before` on steps', query: () => steps(`last: 1, before: "${stepCursor}"`), extensions: { reason: 'WRONG_DIRECTION_CURSOR' } },
    { name: 'executions cursor replayed on steps (another field)', query: () => steps(`first: 1, after: "${execCursor}"`), extensions: { reason: 'FOREIGN_CURSOR' } },
    { name: 'nested `last` with `after`', query: () => steps(`last: 1, after: "${stepCursor}"`), extensions: { reason: 'MIXED_PAGINATION_DIRECTIONS', argument: 'after' } },
    { name: 'nested `first` with `before`', query: () => steps(`first: 1, before: "${stepCursor}"`), extensions: { reason: 'MIXED_PAGINATION_DIRECTIONS', argument: 'before' } },
    { name: 'nested `first` negative', query: () => steps('first: -5'), extensions: { argument: 'first', max: 500 } },
    { name: 'nested `last` above the cap', query: () => steps('last: 501'), extensions: { argument: 'last', max: 500 } },
    { name: 'nested `first` and `last` together', query: () => steps('first: 1, last: 1'), extensions: {} },
    { name: 'nested `after` and `before` together', query: () => steps(`after: "${stepCursor}", before: "${stepCursor}"`), extensions: {} },
    { name: '11 stepExecutionIds', query: () => steps(`filter: { stepExecutionIds: ${ids(11)} }`), extensions: { argument: 'filter.stepExecutionIds', max: 10 } },
    {
      name: 'empty status list on a window execution\'s tasks',
      query: () => `{ maintenanceWindowExecution(windowExecutionId: "${stack.data.maintenanceWindowExecutions[0].WindowExecutionId}") { tasks(filter: { status: [] }) { edges { cursor } } } }`,
      extensions: { argument: 'filter.status' },
    },
    {
      name: 'malformed executionId filter on an association\'s executions',
      query: () => `{ association(associationId: "${stack.data.associations[0].AssociationId}") { executions(filter: { executionId: "nope" }) { edges { cursor } } } }`,
      extensions: { argument: 'filter.executionId', reason: 'MALFORMED_ID' },
    },
    {
      name: 'two levels down (childSteps under steps)',
      query: () => `{ automationExecution(automationExecutionId: "${execId}") { steps(first: 1) { edges { node { childSteps(first: 501) { edges { cursor } } } } } } }`,
      extensions: { argument: 'first', max: 500 },
    },
    {
      name: 'through variables and a fragment',
      query: () => `query($c: String) { ...W } fragment W on Query { maintenanceWindow(windowId: "${windowId()}") { executions(after: $c) { edges { cursor } } } }`,
      variables: () => ({ c: 'abc' }),
      extensions: { reason: 'MALFORMED_CURSOR' },
    },
    {
      name: 'under `node` in an inline fragment',
      query: () => `{ node(id: "${b64(`AutomationExecution:${execId}`)}") { ... on AutomationExecution { steps(first: -1) { edges { cursor } } } } }`,
      extensions: { argument: 'first', max: 500 },
    },
  ];

  it.each(UNCACHED.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    stack.gateway.cache.clear();
    stack.resetCalls();
    const res = await stack.query(c.query(), c.variables?.());
    expect(stack.calls(), 'upstream calls').toEqual([]);
    expect(res.data).toBeUndefined();
    expect(res.errors, JSON.stringify(res)).toEqual([
      expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', ...c.extensions }, locations: [expect.any(Object)] }),
    ]);
  });

  it('leaves alone a skipped field, as execution does', async () => {
    stack.gateway.cache.clear();
    const res = await stack.query(`{ maintenanceWindow(windowId: "${windowId()}") { windowId executions(first: -1) @skip(if: true) { edges { cursor } } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.maintenanceWindow.windowId).toBe(windowId());
  });
});
