/**
 * Entity loaders (src/ssm/entity-loader.ts) through the ssm API
 * (src/ssm/index.ts): priming by listed pages, batch sizes and order, keys
 * grouped by location, and what a later request gets from the cache. Over a
 * registry of fake SSMClients (two locations) that count calls.
 */
import { describe, expect, it } from 'vitest';
import { createUpstreamCache } from '../../src/ssm/cache/index.ts';
import { maxBatchSize } from '../../src/ssm/entities.ts';
import { SsmError } from '../../src/ssm/errors.ts';
import { createSsmApi } from '../../src/ssm/index.ts';
import type { Location } from '../../src/ssm/locations.ts';
import { awsError, countOps, fakeEstate, HOME_ACCOUNT, OTHER_ACCOUNT, type Answer } from './fakes.ts';

const EAST = { accountId: HOME_ACCOUNT, region: 'us-east-1' };
const WEST = { accountId: OTHER_ACCOUNT, region: 'us-west-2' };
const uuid = (n: number, region: string) => `${region === 'us-east-1' ? 'e' : 'f'}0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const executionsOf = (l: Location) =>
  Array.from({ length: 30 }, (_, i) => ({
    AutomationExecutionId: uuid(i, l.region),
    AutomationExecutionStatus: i % 2 ? 'Success' : 'InProgress',
  }));
const stepsOf = (executionId: string) =>
  Array.from({ length: 25 }, (_, i) => ({ StepExecutionId: `${executionId}-s${i}`, StepName: `step${i}`, StepStatus: 'Success' }));
const valuesOf = (input: { Filters?: { Key: string; Values: string[] }[] }, key: string) =>
  input.Filters?.find((f) => f.Key === key)?.Values;

/** An SSM of 30 executions per location (25 steps each); filtered listings answer in reverse order. */
const answer: Answer = (operation, input, location) => {
  const executions = executionsOf(location);
  if (operation === 'GetAutomationExecution') {
    const e = executions.find((x) => x.AutomationExecutionId === input.AutomationExecutionId);
    if (!e) throw awsError('AutomationExecutionNotFoundException');
    return { AutomationExecution: e };
  }
  if (operation === 'DescribeAutomationExecutions') {
    const ids = valuesOf(input, 'ExecutionId');
    if (ids) return { AutomationExecutionMetadataList: executions.filter((e) => ids.includes(e.AutomationExecutionId)).reverse() };
    const start = Number(input.NextToken ?? 0);
    const page = executions.slice(start, start + 10);
    return { AutomationExecutionMetadataList: page, ...(start + 10 < executions.length ? { NextToken: String(start + 10) } : {}) };
  }
  if (operation === 'DescribeAutomationStepExecutions') {
    const ids = valuesOf(input, 'StepExecutionId');
    const steps = stepsOf(input.AutomationExecutionId);
    return { StepExecutions: ids ? steps.filter((s) => ids.includes(s.StepExecutionId)) : steps };
  }
  throw new Error(`unexpected ${operation}`);
};

function setup() {
  const estate = fakeEstate({ others: [WEST], answer });
  const cache = createUpstreamCache();
  const request = () => createSsmApi({ locations: estate.registry, cache });
  return { ...estate, cache, request };
}
const key = (l: Location, n: number) => ({ AccountId: l.accountId, Region: l.region, AutomationExecutionId: uuid(n, l.region) });

describe('priming', () => {
  it('a listed page primes its records: loading one of them later costs no call, in this request or the next', async () => {
    const { calls, request } = setup();
    const ssm = request();
    const home = await ssm.home();
    const page = await home.automation.listExecutionsPage({ filter: {} });
    expect(page.items).toHaveLength(10);
    expect(calls).toHaveLength(1);
    const loaded = await home.automation.execution.load(key(EAST, 3));
    expect(loaded).toBe(page.items[3]);
    expect(loaded).toMatchObject({ ...key(EAST, 3), $detail: false });
    expect(calls).toHaveLength(1);

    const next = request();
    expect(await (await next.home()).automation.execution.load(key(EAST, 4))).toMatchObject(key(EAST, 4));
    // A record read from the cache is no call at all: neither an upstream call nor a cache hit.
    expect(calls).toHaveLength(1);
    expect([next.session.upstreamCalls, next.session.cacheHits]).toEqual([0, 0]);
  });

  it("peek() answers from this request's pages or the cache, never upstream", async () => {
    const { calls, request } = setup();
    const home = await request().home();
    expect(home.automation.execution.peek(key(EAST, 1))).toBeUndefined();
    await home.automation.listExecutionsPage({ filter: {} });
    expect(home.automation.execution.peek(key(EAST, 1))).toMatchObject(key(EAST, 1));
    expect(calls).toHaveLength(1);
  });
});

describe('batches', () => {
  it(`hold at most maxBatchSize keys (${maxBatchSize('AutomationExecution')} executions per DescribeAutomationExecutions) and answer in key order`, async () => {
    const { calls, request } = setup();
    const keys = Array.from({ length: 25 }, (_, i) => key(EAST, i));
    const loaded = await (await request().home()).automation.execution.loadMany(keys);
    expect(loaded.map((r) => (r as { AutomationExecutionId: string }).AutomationExecutionId)).toEqual(
      keys.map((k) => k.AutomationExecutionId),
    );
    const sizes = calls.map((c) => (c.input.Filters?.[0]?.Values ?? []).length);
    expect(countOps(calls)).toEqual({ DescribeAutomationExecutions: 3 });
    expect(sizes).toEqual([10, 10, 5]);
  });

  it('a lone key takes GetAutomationExecution (the full shape, never an empty filtered page)', async () => {
    const { calls, request } = setup();
    const one = await (await request().home()).automation.execution.load(key(EAST, 7));
    expect(one).toMatchObject({ ...key(EAST, 7), $detail: true });
    expect(countOps(calls)).toEqual({ GetAutomationExecution: 1 });
  });

  it('a key the ended listing did not return is NOT_FOUND; the others stand', async () => {
    const { request } = setup();
    const missing = { ...key(EAST, 0), AutomationExecutionId: uuid(99, 'us-east-1') };
    const [found, absent] = await (await request().home()).automation.execution.loadMany([key(EAST, 1), missing]);
    expect(found).toMatchObject(key(EAST, 1));
    expect(absent).toBeInstanceOf(SsmError);
    expect((absent as SsmError).kind).toBe('NOT_FOUND');
  });

  it('steps are looked up per execution, at most ten IDs per call', async () => {
    const { calls, request } = setup();
    const exec = uuid(1, 'us-east-1');
    const keys = stepsOf(exec).map((s) => ({
      AccountId: EAST.accountId,
      Region: EAST.region,
      AutomationExecutionId: exec,
      StepExecutionId: s.StepExecutionId,
    }));
    const loaded = await (await request().home()).automation.step.loadMany(keys.slice(0, 22));
    expect(loaded.map((s) => (s as { StepName: string }).StepName)).toEqual(
      stepsOf(exec)
        .slice(0, 22)
        .map((s) => s.StepName),
    );
    expect(calls.map((c) => c.input.Filters[0].Values.length)).toEqual([10, 10, 2]);
  });
});

describe('locations', () => {
  it("keys are grouped by the location they name: one location's keys never reach another's loader", async () => {
    const { calls, request } = setup();
    const ssm = request();
    const keys = [key(EAST, 1), key(WEST, 1), key(EAST, 2), key(WEST, 2), key(WEST, 3)];
    const loaded = await ssm.entity('AutomationExecution').loadMany(keys);
    expect(loaded).toEqual(keys.map((k) => expect.objectContaining(k)));
    for (const c of calls) {
      const ids: string[] = c.input.Filters?.[0]?.Values ?? [c.input.AutomationExecutionId];
      expect(ids.every((id) => id.startsWith(c.location.region === 'us-east-1' ? 'e' : 'f'))).toBe(true);
    }
    expect(calls.map((c) => c.location.region).sort()).toEqual(['us-east-1', 'us-west-2']);
  });

  it('the same call in two locations is two upstream calls and two cache entries', async () => {
    const { calls, cache, request } = setup();
    const ssm = request();
    const [east, west] = await Promise.all([ssm.in(EAST), ssm.in(WEST)]);
    await Promise.all([
      east.automation.listStepsPage('same-id', false, { filter: {} }),
      west.automation.listStepsPage('same-id', false, { filter: {} }),
    ]);
    expect(calls.map((c) => [c.operation, c.location.region])).toEqual([
      ['DescribeAutomationStepExecutions', 'us-east-1'],
      ['DescribeAutomationStepExecutions', 'us-west-2'],
    ]);
    // Per location: the page, and each of its 25 records (primed into the cache).
    expect(cache.size).toBe(2 * (1 + 25));
  });

  it('a location the gateway does not serve is LOCATION_NOT_CONFIGURED (UNSERVED_LOCATION), with no call', async () => {
    const { calls, request } = setup();
    const err = await request()
      .in({ accountId: '333333333333', region: 'us-east-1' })
      .catch((e: SsmError) => e);
    expect((err as SsmError).kind).toBe('UNSERVED_LOCATION');
    expect(calls).toHaveLength(0);
  });
});
