/**
 * Redis stopped mid-load and started again: two replicas over a redis-server
 * of this test's own (no CURSOR_SECRET: the cursor key lives in Redis) keep
 * answering every request with 200 and the right data, `/ready` says
 * `"redis": "down"` (still ready) and then `"up"`, metrics count the skipped
 * lookups and the rate budget's fallback, and once Redis is back what one replica loads the other reads
 * again, and a cursor issued before the outage still crosses replicas.
 *
 * CACHE_TTL_MUTABLE_MS is short and RESPONSE_CACHE off, so the lists expire
 * locally all the time and every request goes through the shared level. The
 * command timeout is generous: a stopped Redis fails commands at once (the
 * connection closes), and under a loaded suite a short timeout would make the
 * "sharing resumes" check depend on CPU time (redis-store.test.ts covers it).
 */
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.ts';
import { generateDataset } from '../../src/emulator/generate.ts';
import { baselineGateway, commonEnv, startReplicas, answerOf, type Replica } from './gateways.ts';
import { describeWithRedisServer, sleep, startOwnRedis, uniquePrefix, type OwnRedis } from './redis.ts';

const QUERIES = [
  `{ associations(first: 10) { edges { node { associationId associationName executions(first: 2) { edges { node { executionId status } } } } } } }`,
  `{ automationExecutions(first: 5) { edges { node { automationExecutionId automationExecutionStatus executionStartTime steps(first: 3) { edges { node { stepName stepStatus } } } } } pageInfo { endCursor } } }`,
  `{ maintenanceWindows(first: 3) { edges { node { windowId name executions(first: 2) { edges { node { windowExecutionId status startTime } } } } } } }`,
];
const NEXT = `query Next($after: String) { automationExecutions(first: 5, after: $after) { edges { node { automationExecutionId } } } }`;
const LATER = `query Later($id: ID!) { automationExecution(automationExecutionId: $id) { documentName steps(first: 4) { edges { node { stepName } } } } }`;

describeWithRedisServer('Redis outage', () => {
  let emulator: Emulator;
  let own: OwnRedis;
  const data = generateDataset({ seed: 5, size: 'small' });

  beforeAll(async () => {
    [emulator, own] = await Promise.all([startEmulator({ port: 0, data, stingy: false }), startOwnRedis()]);
  });
  afterAll(async () => {
    await own?.stop();
    await emulator?.close();
  });

  it('no 5xx and no wrong data while Redis goes away and comes back; /ready and /metrics report it; sharing resumes', async () => {
    const env = { ...commonEnv(emulator), CACHE_TTL_MUTABLE_MS: '200', RESPONSE_CACHE: 'false', REDIS_COMMAND_TIMEOUT_MS: '2000' };
    const baseline = await baselineGateway(env, emulator);
    const expected = await Promise.all(QUERIES.map(async (q) => answerOf((await baseline.query(q)).body)));
    baseline.close();
    const replicas: Replica[] = await startReplicas(2, { ...env, REDIS_URL: own.url, REDIS_PREFIX: uniquePrefix('outage') });
    const [a, b] = replicas;
    const cursor = (await a.query(QUERIES[1])).body.data.automationExecutions.pageInfo.endCursor;
    const nextPage = (await b.query(NEXT, { after: cursor })).body;
    expect(nextPage.errors).toBeUndefined();

    // The load: 4 workers, queries and replicas in turn, until told to stop (bounded by 30 s).
    let stop = false;
    const outcomes = { sent: 0, non200: [] as number[], wrong: [] as unknown[] };
    const worker = async (w: number) => {
      for (let i = w, end = Date.now() + 30_000; !stop && Date.now() < end; i += 4) {
        const { status, body } = await replicas[i % 2].query(QUERIES[i % QUERIES.length]);
        outcomes.sent++;
        if (status !== 200) outcomes.non200.push(status);
        else if (!isDeepStrictEqual(answerOf(body), expected[i % QUERIES.length])) outcomes.wrong.push(body);
      }
    };
    const load = Promise.all([0, 1, 2, 3].map(worker));
    const readyOf = async () => Promise.all(replicas.map(async (r) => (await r.ready()).body));
    const until = async (want: string, ms: number) => {
      for (const end = Date.now() + ms; ; await sleep(50)) {
        const states = await readyOf();
        if (states.every((s) => s.redis === want)) return states;
        if (Date.now() > end) throw new Error(`/ready never said redis ${want}: ${JSON.stringify(states)}`);
      }
    };

    await sleep(1_000);
    const beforeOutage = outcomes.sent;
    await own.stop();
    expect(await until('down', 5_000)).toEqual([
      { ready: true, redis: 'down' },
      { ready: true, redis: 'down' },
    ]);
    await sleep(1_000);
    const metricsDown = await (await fetch(`${a.base}/metrics`)).text();
    await own.start();
    expect(await until('up', 10_000)).toEqual([
      { ready: true, redis: 'up' },
      { ready: true, redis: 'up' },
    ]);
    await sleep(500);
    stop = true;
    await load;

    expect(beforeOutage).toBeGreaterThan(0);
    expect(outcomes.sent).toBeGreaterThan(beforeOutage + 20);
    expect(outcomes.non200).toEqual([]);
    expect(outcomes.wrong).toEqual([]);
    expect(metricsDown).toMatch(/^ssm_graph_redis_up 0$/m);
    expect(Number(metricsDown.match(/^ssm_graph_shared_cache_errors_total\{reason="down"\} (\d+)$/m)?.[1])).toBeGreaterThan(0);
    // The shared rate budget fell back to the replica's own meanwhile (the load kept calling SSM).
    const fallback = /^ssm_graph_rate_budget_fallback\{account="123456789012",region="us-east-1"\} (\d)$/m;
    expect(metricsDown.match(fallback)?.[1]).toBe('1');
    expect(await (await fetch(`${a.base}/metrics`)).text()).toMatch(/^ssm_graph_redis_up 1$/m);

    // Sharing resumed: what A loads now, B reads from Redis without a call (once past the second a
    // replica skips Redis after a command that timed out: under this load, one may have).
    await sleep(1_100);
    const id = data.automationExecutions.at(-1)!.AutomationExecutionId;
    const fromA = await a.query(LATER, { id });
    emulator.reset();
    const fromB = await b.query(LATER, { id });
    expect(answerOf(fromB.body)).toEqual(answerOf(fromA.body));
    expect(fromB.body.data.automationExecution.steps.edges.length).toBeGreaterThan(0);
    expect((await (await fetch(`${a.base}/metrics`)).text()).match(fallback)?.[1]).toBe('0');
    expect(emulator.calls().filter((c) => c.service === 'ssm').map((c) => c.operation), b.process.stderr()).toEqual([]);
    // The cursor key came back with the replicas: a cursor from before the outage still crosses them.
    expect(answerOf((await b.query(NEXT, { after: cursor })).body)).toEqual(answerOf(nextPage));
  });
});
