/**
 * The per-client budget (CLIENT_MAX_CALLS_PER_MINUTE) with REDIS_URL: two
 * gateways, each with its own shared tier (connection) on one Redis and
 * REDIS_PREFIX, count a client's calls once: what it spent on one is gone on
 * the other, and past the budget either refuses it (THROTTLED, 429, no call)
 * while another client is served. With Redis unreachable the budget is
 * counted locally (the insurance limiter): served, never an error.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.ts';
import { generateDataset } from '../../src/emulator/generate.ts';
import { loadConfig } from '../../src/server/config.ts';
import { createGatewayEstate } from '../../src/server/estate.ts';
import { createGateway, type Gateway } from '../../src/server/gateway.ts';
import { createSharedTier, type SharedTier } from '../../src/server/shared-tier.ts';
import type { LocationRegistry } from '../../src/ssm/locations.ts';
import { describeWithRedis, dropPrefix, REDIS_URL, uniquePrefix } from './redis.ts';

const BUDGET = 4;
const EXECUTION = `query($id: ID!) { automationExecution(automationExecutionId: $id) { automationExecutionId documentName } }`;

let emulator: Emulator;
const data = generateDataset({ seed: 4, size: 'small' });
const ids = data.automationExecutions.map((a) => a.AutomationExecutionId!);
const opened: { locations: LocationRegistry; tier?: SharedTier }[] = [];
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, data, stingy: false });
});
afterAll(async () => {
  for (const o of opened) o.locations.close(), await o.tier?.close();
  await emulator?.close();
});

async function gateway(redisUrl: string, prefix: string): Promise<Gateway> {
  const config = loadConfig({
    CURSOR_SECRET: 's',
    LOG_LEVEL: 'silent',
    SSM_REGIONS: 'us-east-1',
    SSM_MAX_ATTEMPTS: '1',
    RESPONSE_CACHE: 'false',
    CLIENT_MAX_CALLS_PER_MINUTE: String(BUDGET),
    CLIENT_ID_HEADER: 'x-client',
    REDIS_URL: redisUrl,
    REDIS_PREFIX: prefix,
    REDIS_COMMAND_TIMEOUT_MS: '2000',
  });
  const tier = await createSharedTier(config);
  const locations = await createGatewayEstate(config, { endpoint: emulator.url, stsEndpoint: emulator.url, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, shared: tier });
  opened.push({ locations, tier });
  await locations.list();
  return createGateway({ locations, config, shared: tier });
}

const ask = async (g: Gateway, client: string, id: string) => {
  const res = await g.fetch('http://gw/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-client': client },
    body: JSON.stringify({ query: EXECUTION, variables: { id } }),
  });
  return { status: res.status, body: (await res.json()) as any };
};

describeWithRedis('the per-client budget shared through Redis', () => {
  const prefix = uniquePrefix('client-budget');
  afterAll(() => dropPrefix(REDIS_URL, prefix));

  it("counts a client's calls once across replicas, and refuses it on either past the budget", async () => {
    const [a, b] = await Promise.all([gateway(REDIS_URL, prefix), gateway(REDIS_URL, prefix)]);
    await Promise.all(opened.map((o) => o.tier!.connection.ready(5_000)));
    emulator.reset();
    const remaining: number[] = [];
    for (const [i, g] of [a, b, a, b].entries()) {
      const { status, body } = await ask(g, 'carol', ids[i]);
      expect(status).toBe(200);
      expect(body.data.automationExecution.automationExecutionId).toBe(ids[i]);
      remaining.push(body.extensions.cost.budget.remaining);
    }
    // One call each: what carol spent on one gateway is gone on the other.
    expect(remaining).toEqual([3, 2, 1, 0]);
    expect(emulator.calls().filter((c) => c.service === 'ssm')).toHaveLength(BUDGET);
    for (const g of [a, b]) {
      const refused = await ask(g, 'carol', ids[5]);
      expect(refused.status).toBe(429);
      expect(refused.body.errors[0].extensions).toMatchObject({ code: 'THROTTLED', budget: BUDGET });
    }
    expect(emulator.calls().filter((c) => c.service === 'ssm')).toHaveLength(BUDGET);
    const dave = await ask(b, 'dave', ids[6]);
    expect(dave.body.data.automationExecution.automationExecutionId).toBe(ids[6]);
    expect(dave.body.extensions.cost.budget.remaining).toBe(BUDGET - 1);
  });
});

it('with Redis unreachable, the budget is counted by the replica alone, and the client is served', async () => {
  const g = await gateway('redis://127.0.0.1:1', 'unreachable:');
  const answers = [await ask(g, 'erin', ids[7]), await ask(g, 'erin', ids[8])];
  for (const [i, { status, body }] of answers.entries()) {
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.automationExecution.automationExecutionId).toBe(ids[7 + i]);
  }
  expect(answers.map((r) => r.body.extensions.cost.budget.remaining)).toEqual([BUDGET - 1, BUDGET - 2]);
});
