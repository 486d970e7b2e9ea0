/**
 * `/explorer` (src/server/explorer.ts): the built page with its content types and
 * cache headers, the GraphQL endpoint filled in, a clear answer when the page is
 * not built, nothing outside the build's assets, and off in production unless
 * EXPLORER=true. None of it reaches SSM.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createYoga } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.ts';
import { useExplorer } from '../../src/server/explorer.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

const INDEX = '<!doctype html><meta name="graphql-endpoint" content="/graphql" /><script type="module" src="/explorer/assets/index-abc123.js"></script>';
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'explorer-dist-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), INDEX);
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(join(dir, 'assets', 'index-abc123.css'), 'body{}');
  writeFileSync(join(dir, 'secret.txt'), 'not an asset');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const yogaOver = (d: string, graphqlPath = '/graphql') =>
  createYoga({ schema, graphqlEndpoint: graphqlPath, landingPage: false, plugins: [useExplorer({ graphqlPath, dir: d })] });

describe('useExplorer over a build directory', () => {
  it('serves index.html at /explorer and /explorer/, uncached, with the endpoint filled in and a strict CSP', async () => {
    const yoga = yogaOver(dir, '/api/graphql');
    for (const path of ['/explorer', '/explorer/']) {
      const res = await yoga.fetch(`http://gw.test${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(res.headers.get('content-security-policy')).toContain("connect-src 'self'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const html = await res.text();
      expect(html).toContain('<meta name="graphql-endpoint" content="/api/graphql" />');
      expect(html).toContain('/explorer/assets/index-abc123.js');
    }
  });

  it('serves hashed assets with their content type and immutable caching; HEAD has no body', async () => {
    const yoga = yogaOver(dir);
    const js = await yoga.fetch('http://gw.test/explorer/assets/index-abc123.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await js.text()).toBe('console.log(1)');
    const css = await yoga.fetch('http://gw.test/explorer/assets/index-abc123.css', { method: 'HEAD' });
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await css.text()).toBe('');
  });

  it('answers 404 for anything but the built assets (missing, outside assets/, climbing out, malformed) and 405 for other methods', async () => {
    const yoga = yogaOver(dir);
    for (const path of [
      '/explorer/assets/missing.js',
      '/explorer/secret.txt',
      '/explorer/assets/%2e%2e/secret.txt',
      '/explorer/assets/..%2fsecret.txt',
      '/explorer/assets/%E0%A4%A.js',
      '/explorer/index.html/x',
    ]) {
      const res = await yoga.fetch(`http://gw.test${path}`);
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).not.toContain('not an asset');
    }
    const post = await yoga.fetch('http://gw.test/explorer', { method: 'POST', body: '{}' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    // Paths that only start like the explorer's are not its own.
    expect((await yoga.fetch('http://gw.test/explorerx')).status).toBe(404);
  });

  it('says how to build the page when it is not built', async () => {
    const res = await yogaOver(join(dir, 'nothing-here')).fetch('http://gw.test/explorer');
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await res.text()).toMatch(/not built.*npm run build:explorer/);
  });
});

describe('EXPLORER in the gateway', () => {
  let dev: Stack;
  let prod: Stack;
  let prodOn: Stack;
  beforeAll(async () => {
    [dev, prod, prodOn] = await Promise.all([
      startStack(),
      startStack({ env: { NODE_ENV: 'production' } }),
      startStack({ env: { NODE_ENV: 'production', EXPLORER: 'true' } }),
    ]);
  });
  afterAll(() => Promise.all([dev, prod, prodOn].map((s) => s.close())));

  it('is on by default, off in production, on in production with EXPLORER=true; no upstream call', async () => {
    expect([dev.gateway.config.explorer, prod.gateway.config.explorer, prodOn.gateway.config.explorer]).toEqual([true, false, true]);
    for (const s of [dev, prodOn]) {
      s.resetCalls();
      // 200 when `npm run build:explorer` has run, 503 with the build hint when not: served either way.
      const res = await s.gateway.fetch('http://gateway.test/explorer');
      expect([200, 503]).toContain(res.status);
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(s.calls()).toEqual([]);
    }
    expect((await prod.gateway.fetch('http://gateway.test/explorer')).status).toBe(404);
  });
});
