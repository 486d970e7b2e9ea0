/**
 * The gateway under upstream faults (the emulator's fault injection, through
 * the real SDK and its retries): answers are the fault-free answer, or carry
 * typed errors (THROTTLED, UPSTREAM_UNAVAILABLE, TIMEOUT) on the affected
 * fields with the rest intact. Data is never wrong, the request never hangs,
 * and the gateway keeps serving once the fault clears.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FaultRule } from '../../src/emulator/index.ts';
import { startStack, type GraphQLResponse, type Stack } from '../helpers/stack.ts';

const TREE = /* GraphQL */ `{
  automationExecutions(first: 12) { pageInfo { hasNextPage } edges { node {
    automationExecutionId documentName automationExecutionStatus executionStartTime
    steps(first: 30) { pageInfo { hasNextPage } edges { node {
      stepExecutionId stepName stepStatus iteration parentStep { stepExecutionId stepName }
    } } }
  } } }
}`;
const TYPED = ['THROTTLED', 'UPSTREAM_UNAVAILABLE', 'TIMEOUT'];

type Path = (string | number)[];
const isPrefix = (p: Path, of: Path) => p.length <= of.length && p.every((k, i) => of[i] === k);

/**
 * Where `actual` differs from `expected`: only a null is allowed, and only where
 * an error's path runs through it (an error nulls its field and, through
 * non-null parents, the nearest nullable ancestor).
 */
function differences(expected: unknown, actual: unknown, errors: { path?: Path }[], path: Path = []): string[] {
  if (actual === null && expected !== null) {
    return errors.some((e) => e.path && isPrefix(path, e.path)) ? [] : [`${path.join('.')}: null without an error`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return [`${path.join('.')}: list differs`];
    return expected.flatMap((e, i) => differences(e, actual[i], errors, [...path, i]));
  }
  if (expected && typeof expected === 'object') {
    if (!actual || typeof actual !== 'object') return [`${path.join('.')}: object differs`];
    return Object.keys(expected).flatMap((k) => differences((expected as never)[k], (actual as never)[k], errors, [...path, k]));
  }
  return expected === actual ? [] : [`${path.join('.')}: ${JSON.stringify(actual)} instead of ${JSON.stringify(expected)}`];
}

function expectConsistent(expected: unknown, res: GraphQLResponse & { status: number }) {
  expect(res.status).toBe(200);
  const errors = res.errors ?? [];
  for (const e of errors) expect(TYPED, JSON.stringify(e)).toContain(e.extensions?.code);
  if (res.data === null || res.data === undefined) expect(errors.length).toBeGreaterThan(0);
  else expect(differences(expected, res.data, errors)).toEqual([]);
  return errors.length;
}

let clean: Stack;
let expected: unknown;
let silence: ReturnType<typeof vi.spyOn>[];

beforeAll(async () => {
  // Upstream failures are logged (warn/error) by design; keep the test output readable.
  silence = (['warn', 'error'] as const).map((m) => vi.spyOn(console, m).mockImplementation(() => {}));
  clean = await startStack();
  const res = await clean.query(TREE);
  expect(res.errors).toBeUndefined();
  expected = res.data;
  expect((res.data.automationExecutions.edges as unknown[]).length).toBe(12);
});
afterAll(async () => {
  await clean.close();
  silence.forEach((s) => s.mockRestore());
});

async function underFault(faults: FaultRule[], opts: { maxAttempts?: number; env?: Record<string, string> } = {}) {
  const stack = await startStack({ faults, maxAttempts: opts.maxAttempts ?? 3, env: opts.env });
  try {
    const started = Date.now();
    const res = await stack.query(TREE);
    const ms = Date.now() - started;
    const typedErrors = expectConsistent(expected, res);
    // The fault clears: the same gateway (its cache, its client) answers in full.
    stack.emulator.setFaults([]);
    stack.gateway.cache.clear();
    const after = await stack.query(TREE);
    expect(after.errors).toBeUndefined();
    expect(after.data).toEqual(expected);
    if (process.env.SHOW_OUTCOMES) console.info(JSON.stringify(faults), { ms, typedErrors, calls: stack.calls().length });
    return { ms, typedErrors, calls: stack.calls().length };
  } finally {
    await stack.close();
  }
}

describe('faults', () => {
  it('30% InternalServerError with 3 SDK attempts: complete or typed, never wrong', async () => {
    const r = await underFault([{ errorRate: 0.3 }]);
    expect(r.ms).toBeLessThan(20_000);
  });

  it('100% InternalServerError on steps: UPSTREAM_UNAVAILABLE, and the server keeps serving', async () => {
    const stack = await startStack({ faults: [{ operations: ['DescribeAutomationStepExecutions'], errorRate: 1 }], maxAttempts: 2 });
    try {
      const res = await stack.query(`{ automationExecutions(first: 3) { edges { node { automationExecutionId } } } }`);
      expect(res.errors).toBeUndefined();
      const broken = await stack.query(TREE);
      expectConsistent(expected, broken);
      expect(broken.errors?.map((e) => e.extensions?.code)).toContain('UPSTREAM_UNAVAILABLE');
    } finally {
      await stack.close();
    }
  });

  it('throttling at 5 calls/s: complete or THROTTLED, never wrong', async () => {
    const r = await underFault([{ throttleRps: 5 }], { maxAttempts: 4 });
    expect(r.ms).toBeLessThan(25_000);
  });

  it('2 s latency on every call: complete', async () => {
    const r = await underFault([{ latencyMs: 2_000 }]);
    expect(r.typedErrors).toBe(0);
    expect(r.ms).toBeGreaterThanOrEqual(4_000); // at least the list, then the steps
  });

  it('a hung upstream: TIMEOUT on the affected fields at REQUEST_TIMEOUT_MS, the rest intact', async () => {
    const stack = await startStack({ faults: [{ operations: ['GetAutomationExecution'], hang: true }], env: { REQUEST_TIMEOUT_MS: '1500' } });
    try {
      const started = Date.now();
      const res = await stack.query(`{ automationExecutions(first: 3) { edges { node { automationExecutionId documentName parameters } } } }`);
      const ms = Date.now() - started;
      expect(ms).toBeGreaterThanOrEqual(1_400);
      expect(ms).toBeLessThan(5_000);
      expect(res.status).toBe(200);
      const edges = res.data.automationExecutions.edges as { node: { automationExecutionId: string; documentName: string; parameters: unknown } }[];
      expect(edges).toHaveLength(3);
      const base = (expected as { automationExecutions: { edges: { node: { automationExecutionId: string; documentName: string } }[] } }).automationExecutions.edges;
      edges.forEach((e, i) => {
        expect(e.node.automationExecutionId).toBe(base[i].node.automationExecutionId);
        expect(e.node.documentName).toBe(base[i].node.documentName);
        expect(e.node.parameters).toBeNull();
      });
      expect(res.errors?.map((e) => [e.extensions?.code, e.path?.at(-1)])).toEqual([
        ['TIMEOUT', 'parameters'],
        ['TIMEOUT', 'parameters'],
        ['TIMEOUT', 'parameters'],
      ]);
      // Calls started after the deadline fail at once; other requests are unaffected.
      const next = await stack.query(`{ automationExecutions(first: 2) { edges { node { automationExecutionId } } } }`);
      expect(next.errors).toBeUndefined();
    } finally {
      await stack.close();
    }
  });

  it("one client's disconnect does not fail another request waiting for the same in-flight call", async () => {
    const stack = await startStack({ faults: [{ operations: ['DescribeAutomationExecutions'], latencyMs: 800 }] });
    try {
      const query = `{ automationExecutions(first: 2) { edges { node { automationExecutionId } } } }`;
      const post = async (signal?: AbortSignal): Promise<Response> =>
        stack.gateway.fetch('http://gateway.test/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query }),
          signal,
        });
      const leaving = new AbortController();
      const a = post(leaving.signal).then((r) => r.json(), (e: Error) => ({ aborted: e.name }));
      await new Promise((r) => setTimeout(r, 100));
      const b = post().then((r) => r.json() as Promise<GraphQLResponse>);
      setTimeout(() => leaving.abort(), 200);
      const [left, answer] = await Promise.all([a, b]);
      expect(left).toEqual({ aborted: 'AbortError' });
      expect(answer.errors).toBeUndefined();
      expect(answer.data.automationExecutions.edges).toHaveLength(2);
      // B shared A's call: SSM saw it once.
      expect(stack.calls().filter((c) => c.operation === 'DescribeAutomationExecutions')).toHaveLength(1);
    } finally {
      await stack.close();
    }
  });
});
