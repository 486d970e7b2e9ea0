/**
 * Three gateway processes with one REDIS_URL (and no CURSOR_SECRET: the key is
 * shared through Redis) over one emulator make the SSM calls of one replica:
 * - round-robin: each query goes to one replica, then to the two others,
 *   which answer from the shared level without a call;
 * - at once: each further query reaches the three replicas together, and the
 *   load claims make one of them call while the others wait for its value;
 * - a cursor one replica issued is accepted by the others.
 * The emulator's call log, per operation, equals a single gateway's for the
 * same queries; every answer equals that gateway's (cursors aside). (The
 * replicas live for one test: test/server/processes.ts ends them after each.)
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.ts';
import { generateDataset } from '../../src/emulator/generate.ts';
import { baselineGateway, callsByOperation, commonEnv, startReplicas, answerOf, type Replica } from './gateways.ts';
import { describeWithRedis, dropPrefix, REDIS_URL, uniquePrefix } from './redis.ts';

const ASSOCIATIONS = `{ associations(first: 10) { edges { node { associationId associationName executions(first: 2) { edges { node { executionId status createdTime } } } } } } }`;
const AUTOMATIONS = `query Automations($after: String) { automationExecutions(first: 5, after: $after) { edges { cursor node { automationExecutionId automationExecutionStatus executionStartTime steps(first: 3) { edges { node { stepName stepStatus executionStartTime } } } } } pageInfo { hasNextPage endCursor } } }`;
const WINDOWS = `{ maintenanceWindows(first: 2) { edges { node { windowId name executions(first: 2) { edges { node { windowExecutionId status startTime tasks(first: 3) { edges { node { taskExecutionId status } } } } } } } } } }`;
const TARGETS = `{ associations(first: 10) { edges { node { associationId executions(first: 1) { edges { node { executionId targets(first: 5) { edges { node { resourceId status } } } } } } } } } }`;
const WINDOW = `query Window($id: ID!) { maintenanceWindow(windowId: $id) { name executions(first: 3) { edges { node { windowExecutionId tasks(first: 5) { edges { node { taskExecutionId invocations(first: 5) { edges { node { invocationId status } } } } } } } } } } }`;

describeWithRedis('three replicas, one Redis', () => {
  let emulator: Emulator;
  let replicas: Replica[];
  let baseline: Awaited<ReturnType<typeof baselineGateway>>;
  const prefix = uniquePrefix('three');
  const data = generateDataset({ seed: 3, size: 'small' });
  const lastWindow = data.maintenanceWindows.map((w) => w.WindowId!).sort().at(-1)!;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, data, stingy: false });
    const env = commonEnv(emulator);
    [replicas, baseline] = await Promise.all([
      // Generous Redis bounds: the suite runs its files in parallel on two cores, and this test is
      // about sharing (redis-store.test.ts is about the bounds).
      startReplicas(3, { ...env, REDIS_URL, REDIS_PREFIX: prefix, REDIS_COMMAND_TIMEOUT_MS: '2000', REDIS_LOCK_MS: '10000' }, 50_000),
      baselineGateway(env, emulator),
    ]);
  }, 60_000);
  afterAll(async () => {
    baseline?.close();
    await emulator?.close();
    await dropPrefix(REDIS_URL, prefix);
  });

  it('round-robin and concurrent mixed queries: the calls of one replica, the answers of one replica; cursors cross replicas', async () => {
    // The single gateway: each query once, in order.
    emulator.reset();
    const expected: { data?: unknown; errors?: unknown }[] = [];
    for (const q of [ASSOCIATIONS, AUTOMATIONS, WINDOWS]) expected.push((await baseline.query(q)).body);
    const baseCursor = (expected[1] as any).data.automationExecutions.pageInfo.endCursor;
    for (const [q, v] of [[TARGETS], [AUTOMATIONS, { after: baseCursor }], [WINDOW, { id: lastWindow }]] as const) expected.push((await baseline.query(q, v)).body);
    const single = callsByOperation(emulator);
    expect(Object.values(single).reduce((a, b) => a + b)).toBeGreaterThan(20);
    for (const e of expected) expect((e as any).errors).toBeUndefined();

    emulator.reset();
    const answers: { i: number; body: any; status: number }[] = [];
    // Round-robin: query i to replica i % 3 first, then to the two others, one after the other.
    for (const [i, q] of [ASSOCIATIONS, AUTOMATIONS, WINDOWS].entries()) {
      for (let k = 0; k < 3; k++) answers.push({ i, ...(await replicas[(i + k) % 3].query(q)) });
    }
    const afterRoundRobin = emulator.calls().length;
    // A cursor of the replica that answered AUTOMATIONS first, then the rest at once on all three.
    const cursor = answers.find((a) => a.i === 1)!.body.data.automationExecutions.pageInfo.endCursor;
    for (const [i, q, v] of [[3, TARGETS], [4, AUTOMATIONS, { after: cursor }], [5, WINDOW, { id: lastWindow }]] as const) {
      const all = await Promise.all(replicas.map((r) => r.query(q, v)));
      for (const a of all) answers.push({ i, ...a });
    }

    expect(answers).toHaveLength(18);
    for (const a of answers) {
      expect(a.status).toBe(200);
      expect(a.body.errors).toBeUndefined();
      expect(answerOf(a.body)).toEqual(answerOf(expected[a.i]));
    }
    expect(afterRoundRobin).toBeGreaterThan(0);
    expect(callsByOperation(emulator), replicas.map((r) => r.process.stderr()).join('')).toEqual(single);
    // Each reports the shared tier on /ready.
    for (const r of replicas) expect(await r.ready()).toEqual({ status: 200, body: { ready: true, redis: 'up' } });
  });
});
