/**
 * `npm run start:source` (the server from source; `npm start` runs the build the
 * same way, test/replicas/package.test.ts) under a process manager: SIGTERM sent to the npm process reaches
 * the server itself (package.json execs node, so no shell or tsx CLI sits in
 * between to die and orphan it), which drains, logs its shutdown line and
 * exits; nothing is left listening on its port. Against the emulator, with
 * dummy credentials and region.
 */
import { afterAll, beforeAll, expect, it, onTestFinished } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.ts';
import { generateDataset } from '../../src/emulator/generate.ts';
import { isListening, isolatedEnv, listening, run } from './processes.ts';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, data: generateDataset({ seed: 1, size: 'small' }) });
});
afterAll(() => emulator.close());

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

it('SIGTERM to `npm run start:source` stops the server after its graceful-shutdown line, leaving no process on its port', async () => {
  const npm = run('npm', ['run', 'start:source', '--silent'], isolatedEnv({ SSM_ENDPOINT: emulator.url, AWS_ENDPOINT_URL_STS: emulator.url, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', LOG_LEVEL: 'warn' }));
  const { url, port, pid } = await listening(npm);
  expect(pid).not.toBe(npm.child.pid);
  // It serves, through the emulator.
  emulator.reset();
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ automationExecutions(first: 1) { edges { cursor } } }' }) });
  expect((await res.json()).data.automationExecutions.edges).toHaveLength(1);
  expect(emulator.calls().length).toBeGreaterThan(0);

  npm.child.kill('SIGTERM');
  const exited = await npm.exited;
  // Were the server orphaned (the defect this guards against), it must not outlive the test.
  onTestFinished(() => void (alive(pid) && process.kill(pid, 'SIGKILL')));
  expect(exited).toEqual({ code: 0, signal: null });
  expect(npm.stdout()).toMatch(/^SIGTERM: refusing new requests, finishing 0 in flight \(at most 25000 ms\)$/m);
  expect(npm.stdout().indexOf('SIGTERM:')).toBeGreaterThan(npm.stdout().indexOf('listening on'));
  // The server itself is gone, not orphaned, and its port is free.
  for (const end = Date.now() + 5_000; alive(pid) && Date.now() < end; ) await new Promise((r) => setTimeout(r, 25));
  expect(alive(pid)).toBe(false);
  expect(await isListening(port)).toBe(false);
  expect(npm.stderr()).toBe('');
});
