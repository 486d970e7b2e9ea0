/**
 * What the server log gets for failed fields: an upstream failure is one warn
 * line from the error masker (with the AWS details clients never see), however
 * many fields it failed; Yoga adds no ERR line with a stack; client errors,
 * a client's unknown ID (NOT_FOUND) included, are not logged at all (the access
 * log carries their codes: request-log.test.ts).
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
  it('logs a NOT_FOUND nowhere: an unknown ID is the client\'s, not the gateway\'s fault', async () => {
    spy();
    const res = await stack.query('{ maintenanceWindow(windowId: "mw-0123456789abcdef0") { windowId } }');
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    expect(stack.calls().map((c) => c.operation)).toContain('GetMaintenanceWindow');
    expect(lines(warn)).toEqual([]);
    expect(lines(error)).toEqual([]);
  });

  it('logs one line for one upstream failure that fails several fields, and Yoga nothing', async () => {
    spy();
    stack.gateway.cache.clear();
    stack.emulator.setFaults([{ operations: ['GetMaintenanceWindow'], errorRate: 1 }]);
    try {
      // Two fields, one key: the loader makes one call, whose failure fails both.
      stack.resetCalls();
      const windowId = stack.data.maintenanceWindows[0].WindowId;
      const res = await stack.query(`{ a: maintenanceWindow(windowId: "${windowId}") { windowId } b: maintenanceWindow(windowId: "${windowId}") { name } }`);
      expect(stack.calls()).toHaveLength(1);
      expect(res.errors!.map((e) => [e.path![0], e.extensions?.code]).sort()).toEqual([['a', 'UPSTREAM_UNAVAILABLE'], ['b', 'UPSTREAM_UNAVAILABLE']]);
      expect(lines(warn)).toEqual([expect.stringMatching(/^upstream GetMaintenanceWindow: UNAVAILABLE InternalServerError .* requestId=[\w-]+$/)]);
      expect(lines(error)).toEqual([]);
    } finally {
      stack.emulator.setFaults([]);
    }
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
