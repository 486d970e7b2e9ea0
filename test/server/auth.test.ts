/**
 * `useJwtAuth` with locally generated keys (no network beyond localhost): an
 * HMAC secret, a PEM public key, and a JWKS served on a local port.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.ts';

const QUERY = JSON.stringify({ query: '{ automationExecutions(first: 1) { edges { cursor } } }' });

async function post(stack: Stack, authorization?: string) {
  const res = await stack.gateway.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...(authorization ? { authorization } : {}) },
    body: QUERY,
  });
  return { status: res.status, www: res.headers.get('www-authenticate'), body: await res.json() };
}

async function expectRefused(stack: Stack, authorization?: string) {
  stack.resetCalls();
  const r = await post(stack, authorization);
  expect(r.status).toBe(401);
  expect(r.www).toBe('Bearer');
  expect(r.body.errors).toEqual([expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } })]);
  expect(r.body.data).toBeUndefined();
  expect(stack.calls()).toEqual([]);
}

const sign = (claims: JWTPayload, key: CryptoKey | Uint8Array, alg: string, opts: { kid?: string; exp?: string | number } = {}) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg, ...(opts.kid ? { kid: opts.kid } : {}) })
    .setIssuedAt()
    .setExpirationTime(opts.exp ?? '5m')
    .sign(key);

describe('HMAC secret, issuer and audience', () => {
  const secret = 'a-test-secret-that-is-long-enough-for-hs256';
  const key = new TextEncoder().encode(secret);
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { AUTH_JWT_SECRET: secret, AUTH_ISSUER: 'https://issuer.test/', AUTH_AUDIENCE: 'ssm-graph' } });
  });
  afterAll(() => stack.close());
  const good = { iss: 'https://issuer.test/', aud: 'ssm-graph', sub: 'alice' };

  it('accepts a valid bearer token', async () => {
    const r = await post(stack, `Bearer ${await sign(good, key, 'HS256')}`);
    expect(r.status).toBe(200);
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.automationExecutions.edges).toHaveLength(1);
  });

  it('refuses missing, malformed, forged, expired and misaddressed tokens with 401 and no upstream call', async () => {
    await expectRefused(stack);
    await expectRefused(stack, 'Basic dXNlcjpwYXNz');
    await expectRefused(stack, 'Bearer not-a-jwt');
    await expectRefused(stack, `Bearer ${await sign(good, new TextEncoder().encode('another-secret-another-secret-another'), 'HS256')}`);
    await expectRefused(stack, `Bearer ${await sign(good, key, 'HS256', { exp: Math.floor(Date.now() / 1000) - 60 })}`);
    await expectRefused(stack, `Bearer ${await sign({ ...good, iss: 'https://evil.test/' }, key, 'HS256')}`);
    await expectRefused(stack, `Bearer ${await sign({ ...good, aud: 'other-api' }, key, 'HS256')}`);
    const parts = (await sign(good, key, 'HS256')).split('.');
    await expectRefused(stack, `Bearer ${parts[0]}.${Buffer.from(JSON.stringify({ ...good, sub: 'mallory' })).toString('base64url')}.${parts[2]}`);
    // alg "none" is never accepted.
    await expectRefused(stack, `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(good)).toString('base64url')}.`);
  });

  it('leaves /health and /ready open', async () => {
    expect((await stack.gateway.fetch('http://gateway.test/health')).status).toBe(200);
    expect((await stack.gateway.fetch('http://gateway.test/ready')).status).toBe(200);
  });
});

describe('PEM public key', () => {
  it('verifies ES256 tokens against AUTH_JWT_SECRET holding an SPKI PEM', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const stack = await startStack({ env: { AUTH_JWT_SECRET: await exportSPKI(publicKey) } });
    try {
      expect((await post(stack, `Bearer ${await sign({ sub: 'bob' }, privateKey, 'ES256')}`)).status).toBe(200);
      const other = await generateKeyPair('ES256');
      await expectRefused(stack, `Bearer ${await sign({ sub: 'bob' }, other.privateKey, 'ES256')}`);
      // An HS256 token "signed" with the public key's text (key confusion) is refused.
      await expectRefused(stack, `Bearer ${await sign({ sub: 'bob' }, new TextEncoder().encode(await exportSPKI(publicKey)), 'HS256')}`);
    } finally {
      await stack.close();
    }
  });
});

describe('JWKS URL', () => {
  let jwks: Server;
  let url = '';
  let privateKey: CryptoKey;
  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    jwks = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(() => new Promise<void>((r) => jwks.close(() => r())));

  it('verifies RS256 tokens against keys fetched from AUTH_JWKS_URL', async () => {
    const stack = await startStack({ env: { AUTH_JWKS_URL: url } });
    try {
      expect((await post(stack, `Bearer ${await sign({ sub: 'carol' }, privateKey, 'RS256', { kid: 'k1' })}`)).status).toBe(200);
      await expectRefused(stack, `Bearer ${await sign({ sub: 'carol' }, privateKey, 'RS256', { kid: 'unknown' })}`);
      const stranger = await generateKeyPair('RS256');
      await expectRefused(stack, `Bearer ${await sign({ sub: 'carol' }, stranger.privateKey, 'RS256', { kid: 'k1' })}`);
    } finally {
      await stack.close();
    }
  });
});

describe('JWKS URL that cannot be reached', () => {
  it('answers 503 AUTH_UNAVAILABLE, not 401, with no upstream call, and logs why', async () => {
    // A loopback port that was just free and is now closed: connections are refused at once.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const stack = await startStack({ env: { AUTH_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json` } });
    try {
      const { privateKey } = await generateKeyPair('RS256');
      stack.resetCalls();
      const r = await post(stack, `Bearer ${await sign({ sub: 'dave' }, privateKey, 'RS256', { kid: 'k1' })}`);
      expect(r.status).toBe(503);
      expect(r.www).toBeNull();
      expect(r.body.errors).toEqual([expect.objectContaining({ extensions: { code: 'AUTH_UNAVAILABLE' } })]);
      expect(r.body.data).toBeUndefined();
      expect(stack.calls()).toEqual([]);
      expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([expect.stringContaining(`auth: JWKS http://127.0.0.1:${port}/`)]);
      // A request without a token is still a plain 401: nothing needed the keys.
      await expectRefused(stack);
    } finally {
      warn.mockRestore();
      await stack.close();
    }
  });
});

describe('token times (exp, iat, nbf) and their bounds', () => {
  const secret = 'a-test-secret-that-is-long-enough-for-hs256';
  const key = new TextEncoder().encode(secret);
  const now = () => Math.floor(Date.now() / 1000);
  const HOUR = 3600;
  /** A token with exactly these times (null: the claim is left out), offsets in seconds from now. */
  const mint = ({ iat = 0, exp = 300, nbf }: { iat?: number | null; exp?: number | null; nbf?: number }) => {
    const claims: JWTPayload = { sub: 'erin' };
    if (iat !== null) claims.iat = now() + iat;
    if (exp !== null) claims.exp = now() + exp;
    if (nbf !== undefined) claims.nbf = now() + nbf;
    return new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(key).then((t) => `Bearer ${t}`);
  };
  const stacks: Stack[] = [];
  const stackWith = async (env: Record<string, string> = {}) => {
    const s = await startStack({ env: { AUTH_JWT_SECRET: secret, ...env } });
    stacks.push(s);
    return s;
  };
  afterAll(async () => {
    for (const s of stacks) await s.close();
  });
  const accepted = async (s: Stack, authorization: string) => expect((await post(s, authorization)).status).toBe(200);

  it('by default: exp required, iat required and at most 24 h old, not in the future, exp at most 24 h ahead, 30 s of skew', async () => {
    const s = await stackWith();
    await accepted(s, await mint({}));
    await accepted(s, await mint({ iat: -23 * HOUR, exp: HOUR }));
    await accepted(s, await mint({ exp: 23 * HOUR }));
    await accepted(s, await mint({ iat: 10 })); // the issuer's clock 10 s ahead
    await accepted(s, await mint({ exp: -10 })); // expired 10 s ago, within the skew
    await expectRefused(s, await mint({ exp: null })); // no exp
    await expectRefused(s, await mint({ iat: null })); // no iat: its age cannot be bounded
    await expectRefused(s, await mint({ iat: HOUR, exp: 2 * HOUR })); // issued in the future
    await expectRefused(s, await mint({ exp: 100 * 365 * 24 * HOUR })); // valid for a century
    await expectRefused(s, await mint({ exp: 25 * HOUR })); // further ahead than 24 h
    await expectRefused(s, await mint({ iat: -25 * HOUR, exp: HOUR })); // issued more than 24 h ago
    await expectRefused(s, await mint({ exp: -60 })); // expired beyond the skew
    await expectRefused(s, await mint({ nbf: HOUR })); // not valid yet
  });

  it('each bound can be lifted: AUTH_REQUIRE_EXP, AUTH_MAX_TOKEN_AGE_MS, AUTH_MAX_TOKEN_LIFETIME_MS', async () => {
    const lax = await stackWith({ AUTH_REQUIRE_EXP: 'false', AUTH_MAX_TOKEN_AGE_MS: '0', AUTH_MAX_TOKEN_LIFETIME_MS: '0' });
    await accepted(lax, await mint({ iat: null, exp: null }));
    await accepted(lax, await mint({ exp: 100 * 365 * 24 * HOUR }));
    await accepted(lax, await mint({ iat: -30 * 24 * HOUR }));
    // A future iat is refused whatever the age bound.
    await expectRefused(lax, await mint({ iat: HOUR }));
    await expectRefused(lax, await mint({ exp: -60 }));
  });

  it('bounds are configurable: a 1 h lifetime, a 10 min age, no skew', async () => {
    const strict = await stackWith({ AUTH_MAX_TOKEN_LIFETIME_MS: String(HOUR * 1000), AUTH_MAX_TOKEN_AGE_MS: '600000', AUTH_CLOCK_SKEW_MS: '0' });
    await accepted(strict, await mint({ exp: 30 * 60 }));
    await expectRefused(strict, await mint({ exp: 2 * HOUR }));
    await expectRefused(strict, await mint({ iat: -15 * 60 }));
    await expectRefused(strict, await mint({ exp: -10 }));
    await expectRefused(strict, await mint({ iat: 10 }));
  });
});
