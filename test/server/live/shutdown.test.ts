/**
 * Graceful shutdown with subscriptions open (src/server/serve.ts): streams
 * never finish by themselves, so `close()` ends them first, each with a
 * SHUTTING_DOWN event, then drains the requests in flight; the drain is clean
 * and quick, not cut at SHUTDOWN_TIMEOUT_MS, and nothing of the polls is left.
 */
import { request } from 'node:http';
import { afterEach, expect, it } from 'vitest';
import { openStream, runningAutomation, startLive, until, type LiveStack } from './live-stack.ts';

const { id } = runningAutomation();
const WATCH = 'subscription Watch($id: ID!) { automationExecution(automationExecutionId: $id) { automationExecutionStatus } }';
const SLOW_QUERY = '{ automationExecutions(first: 1) { edges { node { automationExecutionId } } } }';

let live: LiveStack;
afterEach(() => live.close());

/** A POST on a fresh connection, resolving to status and body or rejecting with the socket error. */
function post(url: string, query: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c) => (text += c)).on('end', () => resolve({ status: res.statusCode!, body: text }));
    });
    req.on('error', reject);
    req.end(JSON.stringify({ query }));
  });
}

it('ends every stream with SHUTTING_DOWN, lets the request in flight finish, and drains cleanly long before SHUTDOWN_TIMEOUT_MS', async () => {
  live = await startLive({ env: { SHUTDOWN_TIMEOUT_MS: '10000' } });
  const watch = live.watch(WATCH, { id });
  const raw = await openStream(live.served.url, { method: 'POST', body: JSON.stringify({ query: WATCH, variables: { id } }) });
  await until('both streams open', () => watch.events.length === 1 && raw.events().length === 1);
  live.emulator.setFaults([{ operations: ['DescribeAutomationExecutions'], latencyMs: 500 }]);
  const slow = post(live.served.url, SLOW_QUERY);
  await until('the query in flight', () => live.served.inFlight() === 3);

  const started = Date.now();
  const closed = live.served.close();
  await expect(post(live.served.url, SLOW_QUERY)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  expect(await closed).toEqual({ clean: true });
  expect(Date.now() - started).toBeLessThan(3_000);

  const done = await slow;
  expect(done.status).toBe(200);
  expect(JSON.parse(done.body).data.automationExecutions.edges).toHaveLength(1);
  const farewell = { errors: [expect.objectContaining({ extensions: { code: 'SHUTTING_DOWN' } })] };
  expect(watch.events.at(-1)).toEqual(farewell);
  expect(watch.completed).toBe(true);
  await until('the raw stream ended', () => raw.ended);
  expect(raw.events().at(-1)).toEqual(farewell);
  expect(raw.text.endsWith('event: complete\ndata:\n\n')).toBe(true);
  expect(live.gateway.live.stats()).toMatchObject({ subscriptions: 0, cohorts: 0, targets: 0 });

  // A subscription that reaches the gateway after it is told to end its streams is refused.
  const late = await live.gateway.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query: WATCH, variables: { id } }),
  });
  expect(late.status).toBe(503);
  expect(await late.text()).toContain('"code":"SHUTTING_DOWN"');
});

it('a connection that never sent a request does not hold the drain up', async () => {
  live = await startLive({ env: { SHUTDOWN_TIMEOUT_MS: '10000' } });
  const { connect } = await import('node:net');
  const idle = connect(live.served.port, '127.0.0.1');
  await new Promise((r) => idle.once('connect', r));
  const started = Date.now();
  expect(await live.served.close()).toEqual({ clean: true });
  expect(Date.now() - started).toBeLessThan(1_000);
  await until('the idle socket closed', () => idle.destroyed || idle.closed);
});
