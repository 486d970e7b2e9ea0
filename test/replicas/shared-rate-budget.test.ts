/**
 * Issue 15's Done-when: with a shared rate budget of N per second
 * (SSM_MAX_RPS=N, one REDIS_URL and REDIS_PREFIX), three gateway processes
 * under concurrent load never make the emulator see more than N SSM calls in
 * any second, and every query is answered whole; each replica's /metrics
 * counts its calls' budget waits and says its budget is not in fallback.
 * The control: the same load with a prefix per replica (three budgets of N,
 * one each, as without Redis) makes the emulator see more than N: the check
 * can fail.
 *
 * The load asks for distinct executions, so the shared cache cannot answer one
 * replica's calls from another's, and RESPONSE_CACHE is off.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { busiestSecond, startEmulator, type Emulator } from '../../src/emulator/index.ts';
import { generateDataset } from '../../src/emulator/generate.ts';
import { commonEnv, startReplicas, type Replica } from './gateways.ts';
import { describeWithRedis, dropPrefix, REDIS_URL, uniquePrefix } from './redis.ts';

const N = 5;
const REPLICAS = 3;
const PER_REQUEST = 1;
const REQUESTS_PER_REPLICA = 6;
const CALLS = REPLICAS * REQUESTS_PER_REPLICA * PER_REQUEST;

/** One SSM call per request (a request's lookups are batched in one call). */
const lookups = (ids: string[]) => `{ ${ids.map((id, i) => `e${i}: automationExecution(automationExecutionId: "${id}") { automationExecutionId documentName }`).join(' ')} }`;

describeWithRedis(`SSM_MAX_RPS=${N} shared by three replicas`, () => {
  let emulator: Emulator;
  const data = generateDataset({ seed: 3, size: 'small' });
  const ids = data.automationExecutions.map((a) => a.AutomationExecutionId!);
  const prefixes: string[] = [];
  const prefix = (what: string) => (prefixes.push(uniquePrefix(what)), prefixes.at(-1)!);

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, data, stingy: false });
  });
  afterAll(async () => {
    await emulator?.close();
    for (const p of prefixes) await dropPrefix(REDIS_URL, p);
  });

  const start = async (prefixOf: (i: number) => string): Promise<Replica[]> => {
    const env = { ...commonEnv(emulator), REDIS_URL, SSM_MAX_RPS: String(N), RESPONSE_CACHE: 'false', REDIS_COMMAND_TIMEOUT_MS: '2000', CURSOR_SECRET: 'shared-budget' };
    const replicas = (await Promise.all(Array.from({ length: REPLICAS }, (_, i) => startReplicas(1, { ...env, REDIS_PREFIX: prefixOf(i) }, 60_000)))).flat();
    // Each has asked STS for its account; SSM calls are counted from here.
    await Promise.all(replicas.map((r) => r.process.waitFor(/serves 1 location/, 30_000)));
    return replicas;
  };
  /** Every replica gets its requests at once, each for executions no other request names. */
  const load = async (replicas: Replica[], offset: number) => {
    emulator.reset();
    const t0 = Date.now();
    const answers = await Promise.all(
      replicas.flatMap((r, i) =>
        Array.from({ length: REQUESTS_PER_REPLICA }, async (_, k) => {
          const at = offset + (i * REQUESTS_PER_REPLICA + k) * PER_REQUEST;
          const named = ids.slice(at, at + PER_REQUEST);
          return { res: await r.query(lookups(named)), ids: named };
        }),
      ),
    );
    for (const { res, ids: named } of answers) {
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
      expect(Object.values(res.body.data).map((e: any) => e.automationExecutionId)).toEqual(named);
    }
    const calls = emulator.calls().filter((c) => c.service === 'ssm');
    expect(calls).toHaveLength(CALLS);
    return { busiest: busiestSecond(calls), ms: Date.now() - t0 };
  };

  it(`one budget: never more than ${N} calls in any second at the emulator; metrics count the waits`, async () => {
    const shared = prefix('shared-budget');
    const replicas = await start(() => shared);
    const { busiest, ms } = await load(replicas, 0);
    expect(busiest, `${CALLS} calls in ${ms} ms`).toBeLessThanOrEqual(N);
    // The budget was the limit: windows of 1.25 s, N starts each.
    expect(ms).toBeGreaterThanOrEqual((Math.ceil(CALLS / N) - 1) * 1250 - 100);
    let waits = 0;
    for (const r of replicas) {
      const text = await (await fetch(`${r.base}/metrics`)).text();
      const series = (name: string) => Number(text.match(new RegExp(`^${name}\\{account="123456789012",region="us-east-1"\\} (\\S+)$`, 'm'))?.[1]);
      waits += series('ssm_graph_budget_wait_seconds_count');
      expect(series('ssm_graph_rate_budget_fallback')).toBe(0);
    }
    expect(waits).toBe(CALLS);
  }, 120_000);

  it(`control: a budget per replica lets the three together exceed ${N} in a second`, async () => {
    const own = Array.from({ length: REPLICAS }, (_, i) => prefix(`own-budget-${i}`));
    const replicas = await start((i) => own[i]);
    const { busiest, ms } = await load(replicas, CALLS);
    expect(busiest, `${CALLS} calls in ${ms} ms`).toBeGreaterThan(N);
  }, 120_000);
});
