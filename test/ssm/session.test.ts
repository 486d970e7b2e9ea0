/**
 * The request session (src/ssm/session.ts): identical calls made once per
 * request, in-flight sharing across requests, the call budget across
 * locations, cache namespaces, the counts (`upstreamCalls`, `cacheHits`), and
 * pages. Against fake served locations whose upstream counts calls.
 */
import { describe, expect, it } from 'vitest';
import { createUpstreamCache } from '../../src/ssm/cache/index.ts';
import { SsmError } from '../../src/ssm/errors.ts';
import { maxPageSize } from '../../src/ssm/model.ts';
import { RequestSession, stableStringify } from '../../src/ssm/session.ts';
import { deferred, fakeLocation, HOME_ACCOUNT, OTHER_ACCOUNT, type Answer, type FakeCall } from './fakes.ts';

const EAST = { accountId: HOME_ACCOUNT, region: 'us-east-1' };
const WEST = { accountId: OTHER_ACCOUNT, region: 'us-west-2' };
const ID = '8c3a2b1e-0d4f-4e5a-9b6c-7d8e9f0a1b2c';

/** Answers GetAutomationExecution with a record naming the ID and (as its DocumentName) the region asked. */
const echo: Answer = (operation, input, location) => ({
  AutomationExecution: {
    AutomationExecutionId: input.AutomationExecutionId,
    AutomationExecutionStatus: 'Success',
    DocumentName: location.region,
  },
  operation,
});

function setup(answer: Answer = echo) {
  const calls: FakeCall[] = [];
  const cache = createUpstreamCache();
  const east = fakeLocation(EAST, answer, calls);
  const west = fakeLocation(WEST, answer, calls);
  const request = (maxCalls?: number) => new RequestSession({ cache, maxCalls });
  return { calls, cache, east, west, request };
}

describe('identical calls', () => {
  it('are made once per request, concurrent or not, whatever the order of the input members', async () => {
    const { calls, east, request } = setup();
    const s = request().at(east);
    const [a, b] = await Promise.all([
      s.call('DescribeAutomationStepExecutions', { AutomationExecutionId: ID, ReverseOrder: true }),
      s.call('DescribeAutomationStepExecutions', { ReverseOrder: true, AutomationExecutionId: ID }),
    ]);
    await s.call('DescribeAutomationStepExecutions', { AutomationExecutionId: ID, ReverseOrder: true });
    expect(a).toBe(b);
    expect(calls).toHaveLength(1);
    expect(s.request.upstreamCalls).toBe(1);
  });

  it('are different calls when their NextToken differs', async () => {
    const { calls, east, request } = setup();
    const s = request().at(east);
    await s.call('DescribeAutomationStepExecutions', { AutomationExecutionId: ID });
    await s.call('DescribeAutomationStepExecutions', { AutomationExecutionId: ID, NextToken: 't1' });
    expect(calls.map((c) => c.input.NextToken)).toEqual([undefined, 't1']);
  });

  it('are answered from the cache in a later request, counted as cache hits', async () => {
    const { calls, east, request } = setup();
    const first = request();
    await first.at(east).call('GetAutomationExecution', { AutomationExecutionId: ID }, true);
    const second = request();
    await second.at(east).call('GetAutomationExecution', { AutomationExecutionId: ID }, true);
    expect(calls).toHaveLength(1);
    expect([first.upstreamCalls, first.cacheHits]).toEqual([1, 0]);
    expect([second.upstreamCalls, second.cacheHits]).toEqual([0, 1]);
  });

  it('in flight for one request are shared by another: one upstream call, a cache hit for the second', async () => {
    const answer = deferred<unknown>();
    const { calls, east, request } = setup(() => answer.promise);
    const a = request();
    const b = request();
    const both = Promise.all([
      a.at(east).call('GetAutomationExecution', { AutomationExecutionId: ID }),
      b.at(east).call('GetAutomationExecution', { AutomationExecutionId: ID }),
    ]);
    await new Promise((r) => setTimeout(r, 5));
    answer.resolve({ AutomationExecution: { AutomationExecutionId: ID } });
    const [ra, rb] = await both;
    expect(ra).toBe(rb);
    expect(calls).toHaveLength(1);
    expect([a.upstreamCalls, a.cacheHits, b.upstreamCalls, b.cacheHits]).toEqual([1, 0, 0, 1]);
  });

  it('sent in one tick are answered together (the records they name are then looked up in full batches)', async () => {
    const slow = deferred<unknown>();
    const { east, request } = setup((_op, input) => (input.NextToken === 'slow' ? slow.promise : { StepExecutions: [] }));
    const s = request().at(east);
    const order: string[] = [];
    const quick = s.call('DescribeAutomationStepExecutions', { AutomationExecutionId: ID }).then(() => order.push('quick'));
    const late = s
      .call('DescribeAutomationStepExecutions', { AutomationExecutionId: ID, NextToken: 'slow' })
      .then(() => order.push('slow'));
    await new Promise((r) => setTimeout(r, 5));
    expect(order).toEqual([]);
    slow.resolve({ StepExecutions: [] });
    await Promise.all([quick, late]);
    expect(order).toEqual(['quick', 'slow']);
  });
});

describe('the call budget', () => {
  it('refuses calls past maxCalls with CALL_BUDGET_EXCEEDED, counted across locations; cache hits are free', async () => {
    const { calls, east, west, request } = setup();
    const warm = request();
    await warm.at(east).call('GetAutomationExecution', { AutomationExecutionId: 'cached' }, true);

    const r = request(2);
    await r.at(east).call('GetAutomationExecution', { AutomationExecutionId: 'one' }, true);
    await r.at(west).call('GetAutomationExecution', { AutomationExecutionId: 'two' }, true);
    await r.at(east).call('GetAutomationExecution', { AutomationExecutionId: 'cached' }, true);
    const refused = await r
      .at(west)
      .call('GetAutomationExecution', { AutomationExecutionId: 'three' })
      .catch((e: SsmError) => e);
    expect(refused).toBeInstanceOf(SsmError);
    expect((refused as SsmError).kind).toBe('CALL_BUDGET_EXCEEDED');
    expect((refused as SsmError).location).toMatchObject(WEST);
    expect([r.upstreamCalls, r.cacheHits]).toEqual([2, 1]);
    expect(calls.map((c) => c.input.AutomationExecutionId)).toEqual(['cached', 'one', 'two']);
  });

  it('never fails another request that shared the refused call: that one asks again under its own budget', async () => {
    const { calls, east, request } = setup();
    const spent = request(0);
    const other = request(5);
    const [refused, answered] = await Promise.all([
      spent
        .at(east)
        .call('GetAutomationExecution', { AutomationExecutionId: ID })
        .catch((e: SsmError) => e),
      other.at(east).call('GetAutomationExecution', { AutomationExecutionId: ID }),
    ]);
    expect((refused as SsmError).kind).toBe('CALL_BUDGET_EXCEEDED');
    expect(answered).toMatchObject({ AutomationExecution: { AutomationExecutionId: ID } });
    expect(calls).toHaveLength(1);
    expect([spent.upstreamCalls, other.upstreamCalls]).toEqual([0, 1]);
  });
});

describe('locations', () => {
  it('keep their calls and cache entries apart: the same call in two locations is two calls and two entries', async () => {
    const { calls, cache, east, west, request } = setup();
    const r = request();
    const [e, w] = await Promise.all([
      r.at(east).call('GetAutomationExecution', { AutomationExecutionId: ID }, true),
      r.at(west).call('GetAutomationExecution', { AutomationExecutionId: ID }, true),
    ]);
    expect(calls.map((c) => c.location)).toEqual([EAST, WEST]);
    expect([e.AutomationExecution?.DocumentName, w.AutomationExecution?.DocumentName]).toEqual(['us-east-1', 'us-west-2']);
    expect(cache.size).toBe(2);
    const input = stableStringify({ AutomationExecutionId: ID });
    expect(cache.peek(`${east.namespace}GetAutomationExecution:${input}`)).toBe(e);
    expect(cache.peek(`${west.namespace}GetAutomationExecution:${input}`)).toBe(w);
    expect(r.at(east).here).toEqual({ AccountId: EAST.accountId, Region: EAST.region });
  });

  it('peek, recall and remember stay within the location', async () => {
    const { east, west, request } = setup();
    const r = request();
    r.at(east).remember('entity:X:1', { n: 1 }, true);
    expect(r.at(east).peek('entity:X:1')).toEqual({ n: 1 });
    expect(r.at(west).peek('entity:X:1')).toBeUndefined();
    expect(r.at(west).recall(['entity:X:1'])).toEqual([undefined]);
    expect(r.at(east).recall(['entity:X:1'])).toEqual([{ n: 1 }]);
  });
});

describe('pages', () => {
  const steps = (token?: string) => ({
    StepExecutions: [{ StepExecutionId: `s-${token ?? 0}`, StepName: 'a' }],
    ...(token ? {} : { NextToken: 'next' }),
  });

  it("ask for the operation's largest page, map items once per response, and say which request fetched them", async () => {
    const { calls, east, request } = setup((_op, input) => steps(input.NextToken));
    const primed: { n: number; shared?: boolean }[] = [];
    const primes = { primePage: (items: readonly unknown[], shared?: boolean) => primed.push({ n: items.length, shared }) };
    const toItem = (s: { StepExecutionId?: string }) => ({ id: s.StepExecutionId });

    const first = await request()
      .at(east)
      .page('DescribeAutomationStepExecutions', { AutomationExecutionId: ID }, undefined, false, toItem, primes);
    const again = await request()
      .at(east)
      .page('DescribeAutomationStepExecutions', { AutomationExecutionId: ID }, undefined, false, toItem, primes);
    const next = await request()
      .at(east)
      .page('DescribeAutomationStepExecutions', { AutomationExecutionId: ID }, first.nextToken, false, toItem);

    expect(calls.map((c) => c.input)).toEqual([
      { AutomationExecutionId: ID, MaxResults: maxPageSize('DescribeAutomationStepExecutions') },
      { AutomationExecutionId: ID, MaxResults: maxPageSize('DescribeAutomationStepExecutions'), NextToken: 'next' },
    ]);
    expect(first).toEqual({ items: [{ id: 's-0' }], nextToken: 'next', fresh: true });
    expect(again.items).toBe(first.items);
    expect(again.fresh).toBe(false);
    expect(primed).toEqual([
      { n: 1, shared: true },
      { n: 1, shared: false },
    ]);
    expect(next).toEqual({ items: [{ id: 's-next' }], fresh: true });
  });

  it('report how long everything a request read stays fresh (0 once one of its entries is gone)', async () => {
    const { cache, east, request } = setup();
    const r = request();
    expect(r.freshForMs()).toBe(0);
    await r.at(east).call('GetAutomationExecution', { AutomationExecutionId: ID }, true);
    await r.at(east).call('GetAutomationExecution', { AutomationExecutionId: 'mutable' }, false);
    expect(r.freshForMs()).toBeGreaterThan(0);
    expect(r.freshForMs()).toBeLessThanOrEqual(5_000);
    cache.clear();
    expect(r.freshForMs()).toBe(0);
  });
});

describe('the wait guard', () => {
  it("bounds the request's wait, not the call: the answer is cached for the next request", async () => {
    const answer = deferred<unknown>();
    const calls: FakeCall[] = [];
    const cache = createUpstreamCache();
    const east = fakeLocation(EAST, () => answer.promise, calls);
    const guarded = new RequestSession({ cache, guard: () => Promise.reject(new SsmError('UNAVAILABLE', 'deadline')) });
    await expect(guarded.at(east).call('GetAutomationExecution', { AutomationExecutionId: ID }, true)).rejects.toThrow('deadline');
    answer.resolve({ AutomationExecution: { AutomationExecutionId: ID } });
    const later = new RequestSession({ cache });
    await later.at(east).call('GetAutomationExecution', { AutomationExecutionId: ID }, true);
    expect(calls).toHaveLength(1);
    expect(later.cacheHits).toBe(1);
  });
});
