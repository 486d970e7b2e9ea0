/**
 * `node --import tsx src/main.ts` (what `npm run start:source` execs) meeting ordinary
 * mistakes: a bad setting, production without CURSOR_SECRET, a port in use (one
 * line each, no stack), and no region or no credentials (said once at start;
 * queries answer UPSTREAM_MISCONFIGURED without any call to SSM; /ready 503,
 * its reason logged once).
 */
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.ts';
import { generateDataset } from '../../src/emulator/generate.ts';
import { isolatedEnv, listening, runMain } from './processes.ts';

const STACK_LINE = /^\s+at |node:internal|\.ts:\d+/m;

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, data: generateDataset({ seed: 1, size: 'small' }) });
});
afterAll(() => emulator.close());

describe('settings and port', () => {
  it('a bad setting stops the process: one line per variable, status 2, no stack', async () => {
    const p = runMain(isolatedEnv({ PORT: 'abc', PRODUCTION: 'maybe', CORS_ORIGINS: '*', CORS_CREDENTIALS: 'yes' }));
    expect(await p.exited).toEqual({ code: 2, signal: null });
    expect(p.stderr()).toBe(
      [
        'ssm-graph: PORT="abc" is not valid: expected a whole number from 0 to 65535.',
        'ssm-graph: PRODUCTION="maybe" is not valid: expected true/1/yes/on or false/0/no/off.',
        'ssm-graph: CORS_CREDENTIALS: cannot be on while CORS_ORIGINS allows * (browsers refuse credentials with a wildcard): list the origins.',
        '',
      ].join('\n'),
    );
    expect(p.stdout()).toBe('');
  });

  it('production without CURSOR_SECRET is refused, saying why', async () => {
    const p = runMain(isolatedEnv({ NODE_ENV: 'production' }));
    expect((await p.exited).code).toBe(2);
    expect(p.stderr()).toMatch(/^ssm-graph: CURSOR_SECRET: required in production: without it cursors fail after a restart and across replicas\. .*\n$/);
  });

  it('a port in use: one line naming PORT, status 1, no stack', async () => {
    const holder: Server = createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
    const port = (holder.address() as { port: number }).port;
    try {
      const p = runMain(isolatedEnv({ PORT: String(port), AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', SSM_ENDPOINT: emulator.url }));
      expect(await p.exited).toEqual({ code: 1, signal: null });
      expect(p.stderr()).toBe(`ssm-graph: PORT ${port} is already in use on 127.0.0.1: stop the process holding it, or set PORT to a free port.\n`);
      expect(p.stderr()).not.toMatch(STACK_LINE);
    } finally {
      await new Promise<void>((r) => holder.close(() => r()));
    }
  });
});

describe('no region or no credentials', () => {
  const query = (url: string) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ automationExecutions(first: 1) { edges { cursor } } }' }) }).then((r) => r.json());

  it.each([
    ['no region', { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' }, /^ssm-graph: SSM cannot be called: no AWS region \(Region is missing\): set AWS_REGION \(or AWS_PROFILE naming a profile with a region\)\. Until then queries fail with UPSTREAM_MISCONFIGURED and \/ready with 503\.$/m],
    ['no credentials', { AWS_REGION: 'us-east-1' }, /^ssm-graph: SSM cannot be called: no AWS credentials \(.+\): set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or run with an instance, task or web-identity role\. Until then/m],
  ] as const)('%s: said once at start; UPSTREAM_MISCONFIGURED without calling SSM; /ready 503, logged once', async (_name, env, startLine) => {
    emulator.reset();
    const p = runMain(isolatedEnv({ ...env, SSM_ENDPOINT: emulator.url, AWS_ENDPOINT_URL_STS: emulator.url, READINESS_CACHE_MS: '0', LOG_LEVEL: 'warn' }));
    const { url, port } = await listening(p);
    expect(p.stderr()).toMatch(startLine);
    expect(p.stderr().split('\n').filter((l) => l.includes('SSM cannot be called'))).toHaveLength(1);

    const body = await query(url);
    // The home location cannot be read: the list answers without it, and says why.
    expect(body.data).toEqual({ automationExecutions: { edges: [] } });
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: 'The gateway cannot call SSM: its AWS region or credentials are not configured.',
        extensions: expect.objectContaining({ code: 'UPSTREAM_MISCONFIGURED' }),
      }),
    ]);
    for (let i = 0; i < 2; i++) {
      const ready = await fetch(`http://127.0.0.1:${port}/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ ready: false, reason: 'MISCONFIGURED' });
    }
    await p.waitFor(/\/ready: not ready/);
    const readyLines = p.stderr().split('\n').filter((l) => l.startsWith('/ready:'));
    expect(readyLines).toEqual([expect.stringMatching(/^\/ready: not ready \(MISCONFIGURED\): (ListAssociations|GetCallerIdentity) .*; set AWS_/)]);
    expect(p.stderr()).not.toMatch(STACK_LINE);
    // SSM was never called: not by the query, not by the probes.
    expect(emulator.calls()).toEqual([]);
    p.child.kill('SIGTERM');
    expect((await p.exited).code).toBe(0);
  });
});
