/**
 * The life of a stream over real HTTP, on real timers: a disconnect frees its
 * cohort's poller when it was the last, leaving no timer and no listener
 * behind (as the deadline guard's test checks for requests); idle streams get
 * keep-alive comments; the stream a plain GET opens (curl, EventSource) is the
 * same; LIVE_MAX_SUBSCRIPTIONS holds, in all and per client, and a closed
 * stream gives its slot back.
 */
import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { openStream, runningAutomation, startLive, until, type LiveStack } from './live-stack.ts';

const { id } = runningAutomation();
const WATCH = 'subscription Watch($id: ID!) { automationExecution(automationExecutionId: $id) { automationExecutionStatus currentStepName } }';
const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let live: LiveStack | undefined;
afterEach(async () => {
  await live?.close();
  live = undefined;
});

describe('a disconnect', () => {
  it('keeps the poller while a subscriber is left, stops it with the last one, and leaves no timer behind', async () => {
    live = await startLive();
    const before = timers();
    const [a, b] = [live.watch(WATCH, { id }), live.watch(WATCH, { id })];
    await until('both first events', () => a.events.length === 1 && b.events.length === 1);
    expect(live.gateway.live.stats()).toMatchObject({ subscriptions: 2, cohorts: 1, targets: 1 });

    a.dispose();
    await until('one subscription left', () => live!.gateway.live.stats().subscriptions === 1);
    live.resetCalls();
    await sleep(150);
    expect(live.calls().length).toBeGreaterThan(0);
    expect(live.gateway.live.stats().targets).toBe(1);

    b.dispose();
    await until('no subscription left', () => live!.gateway.live.stats().targets === 0);
    expect(live.gateway.live.stats()).toMatchObject({ subscriptions: 0, cohorts: 0 });
    // Polls in flight finish; then nothing: no call over several poll intervals (LIVE_POLL_MAX_MS is 40).
    await sleep(60);
    live.resetCalls();
    await sleep(200);
    expect(live.calls()).toEqual([]);
    await until('the timers gone', () => timers() <= before);
  });

  it('of a stream the client stops reading removes its listener from the request and its poller', async () => {
    live = await startLive();
    const client = new AbortController();
    const res = await live.gateway.fetch('http://gateway.test/graphql', {
      method: 'POST',
      signal: client.signal,
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: WATCH, variables: { id } }),
    });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('event: next')) text += new TextDecoder().decode((await reader.read()).value);
    expect(getEventListeners(client.signal, 'abort').length).toBeGreaterThan(0);
    await reader.cancel();
    await until('the poller stopped', () => live!.gateway.live.stats().targets === 0);
    expect(getEventListeners(client.signal, 'abort')).toHaveLength(0);
    expect(live.gateway.live.stats().subscriptions).toBe(0);
  });
});

describe('the stream', () => {
  it('sends keep-alive comments while nothing changes (Yoga: every 12 s, 300 ms under NODE_ENV=test)', async () => {
    live = await startLive();
    const stream = await openStream(live.served.url, { method: 'POST', body: JSON.stringify({ query: WATCH, variables: { id } }) });
    expect(stream.status).toBe(200);
    await sleep(800);
    expect(stream.events()).toHaveLength(1);
    expect(stream.text.split('\n\n').filter((chunk) => chunk === ':').length).toBeGreaterThanOrEqual(3);
    await stream.cancel();
  });

  it('is the same for a GET, as curl or EventSource open it', async () => {
    live = await startLive();
    const url = `${live.served.url}?query=${encodeURIComponent(WATCH)}&variables=${encodeURIComponent(JSON.stringify({ id }))}`;
    const stream = await openStream(url);
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    await until('the first event', () => stream.events().length === 1);
    expect(stream.events()[0].data!.automationExecution).toEqual({ automationExecutionStatus: 'InProgress', currentStepName: expect.any(String) });
    await stream.cancel();
  });
});

describe('LIVE_MAX_SUBSCRIPTIONS', () => {
  const post = (live: LiveStack) => openStream(live.served.url, { method: 'POST', body: JSON.stringify({ query: WATCH, variables: { id } }) });

  it('refuses a subscription over the limit with 429 TOO_MANY_SUBSCRIPTIONS, without a call; a closed stream gives its slot back', async () => {
    live = await startLive({ env: { LIVE_MAX_SUBSCRIPTIONS: '2', LIVE_MAX_SUBSCRIPTIONS_PER_CLIENT: '0' } });
    const [a, b] = [live.watch(WATCH, { id }), live.watch(WATCH, { id })];
    await until('two open', () => a.events.length === 1 && b.events.length === 1);
    live.resetCalls();
    const refused = await post(live);
    expect(refused.status).toBe(429);
    await until('the refusal', () => refused.ended);
    expect(refused.events()).toEqual([
      { errors: [expect.objectContaining({ extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', scope: 'server', max: 2 } })] },
    ]);
    expect(live.gateway.live.stats().subscriptions).toBe(2);
    a.dispose();
    await until('a slot free', () => live!.gateway.live.stats().subscriptions === 1);
    const c = live.watch(WATCH, { id });
    await until('the third one served', () => c.events.length === 1);
    expect(c.error).toBeUndefined();
  });

  it('per client: the address of its connection when auth is off', async () => {
    live = await startLive({ env: { LIVE_MAX_SUBSCRIPTIONS_PER_CLIENT: '1' } });
    const a = live.watch(WATCH, { id });
    await until('one open', () => a.events.length === 1);
    const refused = await post(live);
    expect(refused.status).toBe(429);
    await until('the refusal', () => refused.ended);
    expect(refused.events()[0].errors![0].extensions).toEqual({ code: 'TOO_MANY_SUBSCRIPTIONS', scope: 'client', max: 1 });
  });
});

describe('/metrics', () => {
  it('counts open streams, cohorts, watched executions, polls and events', async () => {
    live = await startLive();
    const [a, b] = [live.watch(WATCH, { id }), live.watch(WATCH, { id })];
    await until('both first events', () => a.events.length === 1 && b.events.length === 1);
    const text = await (await live.gateway.fetch('http://gateway.test/metrics')).text();
    const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
    expect([value('ssm_graph_live_subscriptions'), value('ssm_graph_live_cohorts'), value('ssm_graph_live_watched')]).toEqual([2, 1, 1]);
    expect(value('ssm_graph_live_polls_total')).toBeGreaterThanOrEqual(1);
    expect(value('ssm_graph_live_events_total')).toBeGreaterThanOrEqual(2);
  });
});
