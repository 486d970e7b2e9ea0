/**
 * Retries come back after an error storm (src/ssm/retry-strategy.ts), over
 * HTTP through the real SDK against the emulator, on a controlled clock.
 *
 * The SDK's retry quota (500; 14 per retry of a server error) refills only on
 * success: after a storm, a call that fails once was not retried until about a
 * thousand calls had succeeded. The gateway's also refills with time (all of it
 * in RETRY_QUOTA_REFILL_MS), per client.
 */
import { GetAutomationExecutionCommand, SSMClient } from '@aws-sdk/client-ssm';
import { INITIAL_RETRY_TOKENS, Retry } from '@smithy/core/retry';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSsmClient } from '../../src/ssm/client.ts';
import { RETRY_QUOTA_REFILL_MS, type RefillingRetryStrategy } from '../../src/ssm/retry-strategy.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

const ATTEMPTS = 3;
/** What the SDK's quota holds, and what one retry of a server error costs from it (500 and 14 at this SDK version). */
const QUOTA = INITIAL_RETRY_TOKENS;
const RETRY_COST = Retry.cost();
/** Lookups in the storm: more than the quota can retry (ATTEMPTS - 1 retries each). */
const STORM = Math.ceil(QUOTA / RETRY_COST / (ATTEMPTS - 1)) + 5;

let stack: Stack;
let now = 0;
let silence: ReturnType<typeof vi.spyOn>[];
const ids = () => stack.data.automationExecutions.map((e) => e.AutomationExecutionId!);
const lookup = (id: string) => stack.query(`{ automationExecution(automationExecutionId: "${id}") { documentName } }`);
const stormRule = [{ operations: ['GetAutomationExecution'], errorRate: 1 }];
const failOnce = [{ operations: ['GetAutomationExecution'], failFirst: 1 }];
const attempts = () => stack.calls().filter((c) => c.operation === 'GetAutomationExecution');

beforeAll(async () => {
  // Upstream failures are logged by design.
  silence = (['warn', 'error'] as const).map((m) => vi.spyOn(console, m).mockImplementation(() => {}));
  stack = await startStack({ maxAttempts: ATTEMPTS });
});
afterAll(async () => {
  await stack.close();
  for (const s of silence) s.mockRestore();
});
beforeEach(() => {
  // The quota's clock stands still unless a test moves it.
  now = performance.now();
  vi.spyOn(performance, 'now').mockImplementation(() => now);
  stack.gateway.cache.clear();
  stack.resetCalls();
  return () => vi.mocked(performance.now).mockRestore();
});

describe('after an error storm', () => {
  it('retries stop while the quota is empty, and come back a second later', async () => {
    const strategy = (await stack.client.config.retryStrategy()) as RefillingRetryStrategy;
    expect(strategy.quota()).toBe(QUOTA);

    // The storm: every lookup fails; the quota pays for 35 retries (500 / 14), then none.
    stack.emulator.setFaults(stormRule);
    const storm = await Promise.all(ids().slice(0, STORM).map(lookup));
    expect(storm.flatMap((r) => r.errors!.map((e) => e.extensions?.code))).toEqual(Array(STORM).fill('UPSTREAM_UNAVAILABLE'));
    expect(attempts()).toHaveLength(STORM + Math.floor(QUOTA / RETRY_COST));
    expect(strategy.quota()).toBeLessThan(RETRY_COST);

    // The storm is over; a call that fails once is not retried while no time has passed...
    const [id] = ids();
    stack.emulator.setFaults(failOnce);
    stack.resetCalls();
    const stuck = await lookup(id);
    expect(stuck.errors?.map((e) => e.extensions?.code)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(attempts().map((c) => c.error)).toEqual(['InternalServerError']);

    // ...and is, one second later: the quota refilled by QUOTA / RETRY_QUOTA_REFILL_MS per ms.
    now += 1_000;
    expect(strategy.quota()).toBeCloseTo(QUOTA - Math.floor(QUOTA / RETRY_COST) * RETRY_COST + (1_000 * QUOTA) / RETRY_QUOTA_REFILL_MS);
    stack.emulator.setFaults(failOnce);
    stack.resetCalls();
    const retried = await lookup(id);
    expect(retried.errors).toBeUndefined();
    expect(retried.data.automationExecution.documentName).toBe(stack.data.automationExecutions[0].DocumentName);
    expect(attempts().map((c) => [c.status, c.error])).toEqual([
      [500, 'InternalServerError'],
      [200, undefined],
    ]);
    stack.emulator.setFaults([]);
  });

  it("the SDK's own adaptive strategy would still refuse that retry a second later (the defect)", async () => {
    const sdk = new SSMClient({
      region: 'us-east-1',
      endpoint: stack.emulator.url,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: ATTEMPTS,
      retryMode: 'adaptive',
    });
    const get = (id: string) => sdk.send(new GetAutomationExecutionCommand({ AutomationExecutionId: id })).then(() => 'ok', (e: Error) => e.name);
    try {
      stack.emulator.setFaults(stormRule);
      await Promise.all(ids().slice(0, STORM).map(get));
      now += 1_000;
      stack.emulator.setFaults(failOnce);
      stack.resetCalls();
      expect(await get(ids()[0])).toBe('InternalServerError');
      expect(attempts()).toHaveLength(1);
    } finally {
      sdk.destroy();
      stack.emulator.setFaults([]);
    }
  });

  it('each client has its own quota: another client retries at once', async () => {
    const drained = (await stack.client.config.retryStrategy()) as RefillingRetryStrategy;
    const other = createSsmClient({ region: 'us-east-1', endpoint: stack.emulator.url, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    try {
      const fresh = (await other.config.retryStrategy()) as RefillingRetryStrategy;
      expect(fresh).not.toBe(drained);
      expect(fresh.quota()).toBe(QUOTA);
      expect(await stack.client.config.retryStrategy()).toBe(drained);
    } finally {
      other.destroy();
    }
  });
});
