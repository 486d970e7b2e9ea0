/**
 * `/metrics` over HTTP (yoga.fetch), against the emulator: upstream calls by
 * operation, location and outcome equal the emulator's call log (throttles as
 * `THROTTLED`), cache lookups by level, GraphQL requests by operation and
 * outcome with their durations, error codes, rate-budget waits per location;
 * METRICS_TOKEN; off by default in production.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.ts';
import { generateDataset } from '../../src/emulator/generate.ts';
import { loadConfig } from '../../src/server/config.ts';
import { createGatewayEstate } from '../../src/server/estate.ts';
import { createGateway, type Gateway } from '../../src/server/gateway.ts';
import { createMetrics } from '../../src/server/metrics/registry.ts';
import type { LocationRegistry } from '../../src/ssm/locations.ts';

let emulator: Emulator;
const open: LocationRegistry[] = [];
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, data: generateDataset({ seed: 1, size: 'small' }), stingy: false });
});
afterAll(async () => {
  for (const l of open) l.close();
  await emulator.close();
});

async function gateway(env: Record<string, string> = {}): Promise<Gateway> {
  const config = loadConfig({ CURSOR_SECRET: 's', LOG_LEVEL: 'silent', SSM_REGIONS: 'us-east-1', SSM_MAX_ATTEMPTS: '1', RESPONSE_CACHE: 'false', ...env });
  const metrics = createMetrics();
  const locations = await createGatewayEstate(config, { endpoint: emulator.url, stsEndpoint: emulator.url, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, onCall: metrics.upstreamCall, onBudget: metrics.budget });
  open.push(locations);
  await locations.list();
  return createGateway({ locations, config, metrics });
}

const post = async (g: Gateway, query: string, variables?: unknown) =>
  (await g.fetch('http://gw/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) })).json() as Promise<any>;
const scrape = async (g: Gateway, headers: Record<string, string> = {}) => {
  const res = await g.fetch('http://gw/metrics', { headers });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
};
/** The value of one series, or undefined. */
const value = (text: string, series: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

const TREE = `query Tree { automationExecutions(first: 3) { edges { node { automationExecutionId steps(first: 2) { edges { node { stepName } } } } } } }`;

describe('/metrics', () => {
  it('counts upstream calls as the emulator saw them, cache lookups per level, GraphQL requests and errors', async () => {
    const g = await gateway();
    emulator.reset();
    expect((await post(g, TREE)).errors).toBeUndefined();
    expect((await post(g, TREE)).errors).toBeUndefined();
    const bad = await post(g, `query Bad { automationExecution(automationExecutionId: "not-a-uuid") { documentName } }`);
    expect(bad.errors[0].extensions.code).toBe('BAD_USER_INPUT');

    const { status, type, text } = await scrape(g);
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/plain; version=0\.0\.4/);
    const seen = new Map<string, number>();
    for (const c of emulator.calls()) if (c.service === 'ssm') seen.set(c.operation, (seen.get(c.operation) ?? 0) + 1);
    expect(seen.size).toBeGreaterThan(1);
    let total = 0;
    for (const [operation, n] of seen) {
      expect(value(text, `ssm_graph_upstream_calls_total{operation="${operation}",account="123456789012",region="us-east-1",outcome="ok"}`)).toBe(n);
      expect(value(text, `ssm_graph_upstream_call_duration_seconds_count{operation="${operation}",account="123456789012",region="us-east-1"}`)).toBe(n);
      total += n;
    }
    // Every call was a load; the second query was answered by the local level.
    expect(value(text, 'ssm_graph_cache_lookups_total{level="load"}')).toBe(total);
    expect(value(text, 'ssm_graph_cache_lookups_total{level="local"}')).toBeGreaterThanOrEqual(total);
    expect(value(text, 'ssm_graph_graphql_requests_total{operation="Tree",outcome="ok"}')).toBe(2);
    expect(value(text, 'ssm_graph_graphql_request_duration_seconds_count{operation="Tree",outcome="ok"}')).toBe(2);
    expect(value(text, 'ssm_graph_graphql_requests_total{operation="Bad",outcome="error"}')).toBe(1);
    expect(value(text, 'ssm_graph_graphql_errors_total{code="BAD_USER_INPUT"}')).toBe(1);
    // Each call got its start in the location's rate budget (SSM_MAX_RPS).
    expect(value(text, 'ssm_graph_budget_wait_seconds_count{account="123456789012",region="us-east-1"}')).toBe(total);
    // No shared tier here: no Redis gauge, no shared budget to fall back from.
    expect(text).not.toMatch(/ssm_graph_redis_up/);
    expect(text).not.toMatch(/ssm_graph_rate_budget_fallback\{/);
  });

  it("SSM's throttles are calls with outcome THROTTLED, and the client's THROTTLED errors are counted by code", async () => {
    const g = await gateway();
    emulator.setFaults([{ operations: ['DescribeAutomationExecutions'], throttleRps: 0 }]);
    try {
      const res = await post(g, `query T { automationExecutions(first: 1) { edges { node { automationExecutionId } } } }`);
      expect(res.errors[0].extensions.code).toBe('THROTTLED');
    } finally {
      emulator.setFaults([]);
    }
    const { text } = await scrape(g);
    expect(value(text, 'ssm_graph_upstream_calls_total{operation="DescribeAutomationExecutions",account="123456789012",region="us-east-1",outcome="THROTTLED"}')).toBe(1);
    expect(value(text, 'ssm_graph_graphql_errors_total{code="THROTTLED"}')).toBe(1);
  });

  it('METRICS_TOKEN: 401 without the bearer token, 200 with it; other methods 405', async () => {
    const g = await gateway({ METRICS_TOKEN: 'scrape-me' });
    const denied = await scrape(g);
    expect(denied.status).toBe(401);
    expect(denied.text).not.toMatch(/ssm_graph/);
    expect((await scrape(g, { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await scrape(g, { authorization: 'Bearer scrape-me' })).status).toBe(200);
    expect((await g.fetch('http://gw/metrics', { method: 'POST' })).status).toBe(405);
  });

  it('off by default in production (it names accounts and regions), on with METRICS=true', async () => {
    expect(loadConfig({ NODE_ENV: 'production', CURSOR_SECRET: 's' }).metrics.enabled).toBe(false);
    expect(loadConfig({}).metrics.enabled).toBe(true);
    const off = await gateway({ METRICS: 'false' });
    expect((await scrape(off)).status).toBe(404);
  });
});
