/**
 * CORS on a real port, as a browser does it: a preflight (OPTIONS with Origin,
 * Access-Control-Request-Method and -Headers), then the actual POST with its
 * Origin. For an allowed, a foreign and a missing origin, in development (the
 * loopback default), in production (same origin only) and with an explicit
 * CORS_ORIGINS.
 */
import { request } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { serve, type Served } from '../../src/server/serve.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(url: string, method: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c) => (text += c)).on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const opened: { stack: Stack; served: Served }[] = [];
afterAll(async () => {
  for (const { stack, served } of opened) {
    await served.close();
    await stack.close();
  }
});

async function start(env: Record<string, string>) {
  const stack = await startStack({ env });
  const served = await serve(stack.gateway, { ...stack.gateway.config, port: 0, host: '127.0.0.1' });
  opened.push({ stack, served });
  return served.url;
}

const preflight = (url: string, origin?: string) =>
  send(url, 'OPTIONS', {
    ...(origin ? { origin } : {}),
    'access-control-request-method': 'POST',
    'access-control-request-headers': 'content-type, authorization',
  });
const post = (url: string, origin?: string) =>
  send(url, 'POST', { 'content-type': 'application/json', accept: 'application/json', ...(origin ? { origin } : {}) }, JSON.stringify({ query: '{ __typename }' }));

const CORS_HEADERS = (h: Answer['headers']) => Object.keys(h).filter((k) => k.startsWith('access-control-')).sort();

async function expectAllowed(url: string, origin: string, { allowOrigin = origin, credentials = false } = {}) {
  const pre = await preflight(url, origin);
  expect(pre.status).toBe(204);
  expect(pre.headers['access-control-allow-origin']).toBe(allowOrigin);
  expect(pre.headers['access-control-allow-methods']).toBe('GET, POST');
  expect(pre.headers['access-control-allow-headers']).toBe('content-type, authorization');
  expect(pre.headers['access-control-allow-credentials']).toBe(credentials ? 'true' : undefined);
  const res = await post(url, origin);
  expect(res.status).toBe(200);
  expect(JSON.parse(res.body).data).toEqual({ __typename: 'Query' });
  expect(res.headers['access-control-allow-origin']).toBe(allowOrigin);
  expect(res.headers['access-control-allow-credentials']).toBe(credentials ? 'true' : undefined);
  expect(res.headers['access-control-expose-headers']).toBe('x-request-id');
}

async function expectRefused(url: string, origin: string) {
  const pre = await preflight(url, origin);
  expect(pre.status).toBe(403);
  expect(CORS_HEADERS(pre.headers)).toEqual([]);
  // A page cannot send this POST without the preflight passing; sent anyway (curl), it is answered
  // without CORS headers, so a browser would keep the answer from the page.
  const res = await post(url, origin);
  expect(CORS_HEADERS(res.headers)).toEqual([]);
}

async function expectNoOrigin(url: string) {
  const pre = await preflight(url);
  expect(pre.status).toBe(204);
  expect(pre.headers.allow).toBe('GET, POST, OPTIONS');
  expect(CORS_HEADERS(pre.headers)).toEqual([]);
  const res = await post(url);
  expect(res.status).toBe(200);
  expect(CORS_HEADERS(res.headers)).toEqual([]);
}

describe('development default (loopback origins, any port)', () => {
  it('allows pages served from this machine, without credentials', async () => {
    const url = await start({});
    await expectAllowed(url, 'http://localhost:5173');
    await expectAllowed(url, 'http://127.0.0.1:8080');
    await expectAllowed(url, 'http://[::1]:3000');
    await expectAllowed(url, 'http://localhost');
  });

  it('refuses other origins, look-alikes included', async () => {
    const url = await start({});
    for (const origin of ['https://evil.example', 'http://localhost.evil.example', 'http://localhost:3000.evil.example', 'https://localhost:5173', 'null']) {
      await expectRefused(url, origin);
    }
  });

  it('a request without Origin (not a browser cross-origin call) gets no CORS headers', async () => {
    await expectNoOrigin(await start({}));
  });
});

describe('production default (same origin only)', () => {
  it('refuses every cross-origin preflight, loopback included, and sends no CORS header', async () => {
    const url = await start({ NODE_ENV: 'production' });
    for (const origin of ['http://localhost:5173', 'https://app.example.com', 'https://evil.example']) await expectRefused(url, origin);
    await expectNoOrigin(url);
  });
});

describe('explicit CORS_ORIGINS', () => {
  it('allows exactly the listed origins, with credentials when CORS_CREDENTIALS is on', async () => {
    const url = await start({ NODE_ENV: 'production', CORS_ORIGINS: 'https://app.example.com,https://ops.example.com:8443', CORS_CREDENTIALS: 'true' });
    await expectAllowed(url, 'https://app.example.com', { credentials: true });
    await expectAllowed(url, 'https://ops.example.com:8443', { credentials: true });
    // The answer depends on the origin: caches must keep one per origin.
    expect((await post(url, 'https://evil.example')).headers.vary).toMatch(/\bOrigin\b/);
    expect((await post(url, 'https://app.example.com')).headers.vary).toMatch(/\bOrigin\b/);
    for (const origin of ['https://ops.example.com', 'https://evil.app.example.com', 'http://app.example.com', 'http://localhost:5173']) await expectRefused(url, origin);
    await expectNoOrigin(url);
  });

  it('* allows any origin with a wildcard, never with credentials', async () => {
    const url = await start({ NODE_ENV: 'production', CORS_ORIGINS: '*' });
    await expectAllowed(url, 'https://anyone.example', { allowOrigin: '*' });
    await expectNoOrigin(url);
  });
});
