/**
 * `serve()` on a real port: graceful shutdown (in-flight requests finish, new
 * ones are refused, bounded by SHUTDOWN_TIMEOUT_MS), and the probes: `/health`
 * (no upstream call) and `/ready` (one cached upstream call).
 */
import { request } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { serve, type Served } from '../../src/server/serve.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

const QUERY = '{ automationExecutions(first: 2) { edges { node { automationExecutionId } } } }';
let stack: Stack | undefined;
let served: Served | undefined;
afterEach(async () => {
  await served?.close();
  await stack?.close();
  served = stack = undefined;
  vi.restoreAllMocks();
});

async function start(env: Record<string, string> = {}, shutdownMs = 5_000) {
  stack = await startStack({ env });
  served = await serve(stack.gateway, { ...stack.gateway.config, port: 0, host: '127.0.0.1', shutdown: { timeoutMs: shutdownMs } });
  return { stack, served };
}

/** A POST on a fresh connection (no keep-alive pool), resolving to status and body or rejecting with the socket error. */
function post(url: string, body = JSON.stringify({ query: QUERY })): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', accept: 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c) => (text += c)).on('end', () => resolve({ status: res.statusCode!, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const until = async (cond: () => boolean, ms = 5_000) => {
  for (const end = Date.now() + ms; !cond(); ) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('graceful shutdown', () => {
  it('lets the in-flight request finish and refuses new ones', async () => {
    const { stack, served } = await start();
    const expected = JSON.parse((await post(served.url)).body);
    stack.gateway.cache.clear();
    stack.emulator.setFaults([{ latencyMs: 1_000 }]);

    const slow = post(served.url);
    await until(() => served.inFlight() === 1);
    const closed = served.close();

    await expect(post(served.url)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    const done = await slow;
    expect(done.status).toBe(200);
    expect(JSON.parse(done.body).data).toEqual(expected.data);
    expect(await closed).toEqual({ clean: true });
    expect(served.inFlight()).toBe(0);
  });

  it('cuts what is still running after SHUTDOWN_TIMEOUT_MS', async () => {
    // The cut request's upstream call fails when the emulator closes, and is logged: expected here.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { stack: s, served } = await start({}, 300);
    s.emulator.setFaults([{ latencyMs: 3_000 }]);
    const slow = post(served.url).catch((e: NodeJS.ErrnoException) => e.code);
    await until(() => served.inFlight() === 1);
    const started = Date.now();
    expect(await served.close()).toEqual({ clean: false });
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(await slow).toBe('ECONNRESET');
    // Close the emulator here and wait for that line, so it is not printed during the next test.
    await s.close();
    stack = undefined;
    await until(() => warn.mock.calls.length > 0);
    expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([expect.stringMatching(/^upstream DescribeAutomationExecutions: UNAVAILABLE /)]);
  });
});

describe('probes', () => {
  it('/health answers without an upstream call', async () => {
    const { stack, served } = await start();
    stack.resetCalls();
    const res = await fetch(`http://127.0.0.1:${served.port}/health`);
    expect(res.status).toBe(200);
    expect(stack.calls()).toEqual([]);
  });

  it('/ready makes one cheap call, reuses it for READINESS_CACHE_MS, and says 503 when SSM fails, logging why once', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    const { stack, served } = await start({ READINESS_CACHE_MS: '300', LOG_LEVEL: 'info' });
    const ready = `http://127.0.0.1:${served.port}/ready`;
    stack.resetCalls();
    const answers = await Promise.all([fetch(ready), fetch(ready), fetch(ready)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(await answers[0].json()).toEqual({ ready: true });
    expect(await (await fetch(ready)).json()).toEqual({ ready: true });
    expect(stack.calls().map((c) => [c.operation, c.input])).toEqual([['ListAssociations', { MaxResults: 1 }]]);

    stack.emulator.setFaults([{ errorRate: 1 }]);
    await new Promise((r) => setTimeout(r, 350));
    const down = await fetch(ready);
    expect(down.status).toBe(503);
    const body = await down.text();
    expect(JSON.parse(body)).toEqual({ ready: false, reason: 'UNAVAILABLE' });
    expect(body).not.toMatch(/internal error|injected/i);
    // A second failing probe (after the cache period) logs nothing more: one line per change of state.
    await new Promise((r) => setTimeout(r, 350));
    expect((await fetch(ready)).status).toBe(503);
    expect(stack.calls().filter((c) => c.operation === 'ListAssociations')).toHaveLength(3);
    expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([
      '/ready: not ready (UNAVAILABLE): ListAssociations InternalServerError: An internal error occurred (injected fault).',
    ]);
    stack.emulator.setFaults([]);
    await new Promise((r) => setTimeout(r, 350));
    expect((await fetch(ready)).status).toBe(200);
    expect(info.mock.calls.map((c) => String(c[0]))).toEqual(['/ready: ready again']);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('new probes are refused once shutdown starts, while the in-flight request completes', async () => {
    const { stack, served } = await start();
    stack.emulator.setFaults([{ latencyMs: 800 }]);
    // Keep one keep-alive connection busy, then ask /ready on it after close() began.
    const agentReq = fetch(served.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: QUERY }) });
    await until(() => served.inFlight() === 1);
    const closing = served.close();
    await expect(fetch(`http://127.0.0.1:${served.port}/ready`)).rejects.toThrow();
    expect((await agentReq).status).toBe(200);
    await closing;
  });
});
