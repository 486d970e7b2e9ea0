/**
 * What the server log gets for failed fields: an upstream failure is one warn
 * line from the error masker (with the AWS details clients never see), however
 * many fields it failed; Yoga adds no ERR line with a stack; client errors are
 * not logged at all.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.ts';

let stack: Stack;
let warn: MockInstance<typeof console.warn>;
let error: MockInstance<typeof console.error>;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());
const lines = (m: MockInstance<(...args: any[]) => void>) => m.mock.calls.map((args) => args.map(String).join(' '));
const spy = () => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  error = vi.spyOn(console, 'error').mockImplementation(() => {});
};
afterEach(() => vi.restoreAllMocks());

describe('error logging', () => {
  it('logs a NOT_FOUND once, as a warn line, and Yoga not at all', async () => {
    spy();
    const res = await stack.query('{ maintenanceWindow(windowId: "mw-0123456789abcdef0") { windowId } }');
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    expect(lines(warn)).toEqual([expect.stringMatching(/^upstream GetMaintenanceWindow: NOT_FOUND DoesNotExistException .* requestId=/)]);
    expect(lines(error)).toEqual([]);
  });

  it('logs one line for one upstream failure that fails several fields', async () => {
    spy();
    stack.gateway.cache.clear();
    // Two fields, one key: the loader makes one call, whose failure fails both.
    stack.resetCalls();
    const res = await stack.query('{ a: maintenanceWindow(windowId: "mw-0123456789abcdef0") { windowId } b: maintenanceWindow(windowId: "mw-0123456789abcdef0") { name } }');
    expect(stack.calls()).toHaveLength(1);
    expect(res.errors!.map((e) => e.path![0]).sort()).toEqual(['a', 'b']);
    expect(lines(warn)).toHaveLength(1);
    expect(lines(error)).toEqual([]);
  });

  it('logs nothing for client errors', async () => {
    spy();
    const pageInfo = Buffer.from('PageInfo:abc').toString('base64url');
    for (const q of [
      '{ automationExecution(automationExecutionId: "x") { documentName } }',
      `{ node(id: "${pageInfo}") { id } }`,
      '{ automationExecutions(first: -1) { edges { cursor } } }',
    ]) {
      const res = await stack.query(q);
      expect(res.errors?.[0].extensions?.code, q).toBe('BAD_USER_INPUT');
    }
    expect(lines(warn)).toEqual([]);
    expect(lines(error)).toEqual([]);
  });
});
