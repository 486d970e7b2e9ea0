/**
 * Starting with REDIS_URL and no Redis there (nothing listens on its port):
 * without CURSOR_SECRET the start is refused with one line (replicas could
 * not share the cursor key), status 1, no stack; with CURSOR_SECRET the
 * gateway starts, serves from its own cache and says `"redis": "down"` on
 * `/ready`. Production still requires CURSOR_SECRET, REDIS_URL or not.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.ts';
import { generateDataset } from '../../src/emulator/generate.ts';
import { isolatedEnv, listening, runMain } from '../server/processes.ts';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, data: generateDataset({ seed: 1, size: 'small' }) });
});
afterAll(() => emulator.close());

const NOWHERE = 'redis://127.0.0.1:1';
const upstream = () => ({ SSM_ENDPOINT: emulator.url, AWS_ENDPOINT_URL_STS: emulator.url, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', LOG_LEVEL: 'warn' });

it('REDIS_URL unreachable and no CURSOR_SECRET: one line saying what to do, status 1, no stack', async () => {
  const p = runMain(isolatedEnv({ ...upstream(), REDIS_URL: NOWHERE, REDIS_CONNECT_TIMEOUT_MS: '500' }));
  expect((await p.exited).code).toBe(1);
  expect(p.stderr()).toMatch(
    /^ssm-graph: REDIS_URL: Redis \(127\.0\.0\.1:1 not reachable within 500 ms \(ECONNREFUSED\)\) could not give the cursor key replicas share \(CURSOR_SECRET is unset\): start Redis, or set CURSOR_SECRET to one value on every replica\.\n$/,
  );
  expect(p.stdout()).not.toMatch(/listening/);
});

it('REDIS_URL unreachable with CURSOR_SECRET: serves from its own cache; /ready is ready with redis down', async () => {
  const p = runMain(isolatedEnv({ ...upstream(), REDIS_URL: NOWHERE, CURSOR_SECRET: 'x' }));
  const { url, port } = await listening(p);
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ automationExecutions(first: 1) { edges { node { automationExecutionId } } } }' }) });
  expect(res.status).toBe(200);
  expect((await res.json()).data.automationExecutions.edges).toHaveLength(1);
  const ready = await fetch(`http://127.0.0.1:${port}/ready`);
  expect({ status: ready.status, body: await ready.json() }).toEqual({ status: 200, body: { ready: true, redis: 'down' } });
  // Said once, however many reconnection attempts failed.
  expect(p.stderr().match(/redis: 127\.0\.0\.1:1 unreachable \(ECONNREFUSED\); serving from the local cache, reconnecting/g)).toHaveLength(1);
});

it('production with REDIS_URL still requires CURSOR_SECRET', async () => {
  const p = runMain(isolatedEnv({ NODE_ENV: 'production', REDIS_URL: NOWHERE }));
  expect((await p.exited).code).toBe(2);
  expect(p.stderr()).toMatch(/^ssm-graph: CURSOR_SECRET: required in production/);
});

it('REDIS_URL must be a redis:// or rediss:// URL; the refusal does not repeat it (it may hold a password)', async () => {
  const p = runMain(isolatedEnv({ REDIS_URL: 'http://user:hunter2@127.0.0.1:6379' }));
  expect((await p.exited).code).toBe(2);
  expect(p.stderr()).toBe('ssm-graph: REDIS_URL (value not shown: it may hold a password) is not valid: expected a redis:// or rediss:// URL.\n');
});
