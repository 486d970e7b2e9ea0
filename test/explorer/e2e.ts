/**
 * What the explorer's end-to-end files share: the Chromium gate (fail under
 * CI=true without it, skip elsewhere), a page opened on a stack's gateway on a
 * real port (the page built from the current source into the file's own
 * directory, so files running side by side never share a build), what the
 * page must not do (other origins, console errors), axe-core, and artifacts.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buildExplorer } from '../../src/scripts/build-explorer.ts';
import { serve, type Served } from '../../src/server/serve.ts';
import { startStack, type Stack, type StackOptions } from '../helpers/stack.ts';
import { chromiumMissing, CHROMIUM, launchChromium } from './browser.ts';

export const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url);
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** `describe(name, body)` when Chromium is there; otherwise a failing test under CI=true, a skipped one elsewhere. */
export function describeInChromium(name: string, body: () => void): void {
  if (chromiumMissing && process.env.CI === 'true') {
    it(`needs ${CHROMIUM} under CI (.ci/run installs Debian's chromium)`, () => {
      throw new Error(`${CHROMIUM} is missing: install it with apt-get install -y chromium`);
    });
  } else if (chromiumMissing) {
    const why = `explorer e2e skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`;
    console.warn(why);
    it.skip(why, () => {});
  } else {
    describe(name, body);
  }
}

export interface ExplorerSession {
  stack: Stack;
  served: Served;
  browser: Browser;
  page: Page;
  /** `http://127.0.0.1:<port>`. */
  base: string;
  built: Awaited<ReturnType<typeof buildExplorer>>;
  /** Operation names of the queries the page POSTed to /graphql, in order. */
  graphqlPosts: string[];
  /** Operation names of the subscriptions it opened there (POSTs asking for text/event-stream), in order. */
  subscriptions: string[];
  /** Requests to other origins, console errors, page errors. */
  problems: string[];
  close(): Promise<void>;
}

export async function openExplorer(stackOptions: StackOptions = {}): Promise<ExplorerSession> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'explorer-e2e-'));
  // The page under test is built from the current source (what `npm run build:explorer` writes).
  const built = await buildExplorer(dir, 'silent');
  const stack = await startStack({ ...stackOptions, explorerDir: dir });
  const served = await serve(stack.gateway, { port: 0, host: '127.0.0.1', path: '/graphql', shutdown: { timeoutMs: 2_000 } });
  const base = `http://127.0.0.1:${served.port}`;
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const graphqlPosts: string[] = [];
  const subscriptions: string[] = [];
  const problems: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith('data:')) problems.push(`request to another origin: ${r.url()}`);
    if (r.method() === 'POST' && r.url() === `${base}/graphql`) {
      (r.headers().accept?.includes('text/event-stream') ? subscriptions : graphqlPosts).push(r.postDataJSON().operationName);
    }
  });
  page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return {
    stack,
    served,
    browser,
    page,
    base,
    built,
    graphqlPosts,
    subscriptions,
    problems,
    async close() {
      await browser.close();
      await served.close();
      await stack.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const artifact = (name: string) => new URL(`explorer-${name}`, ARTIFACTS).pathname;

/** Global IDs are base64url: safe in an ID selector once a leading digit or dash is escaped. */
export const cssId = (id: string) => id.replace(/^([0-9-])/, '\\3$1 ').replace(/=/g, '\\=');

/** The page is no wider than the viewport (tables scroll inside their own region). */
export const scrollWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

interface AxeResult {
  passes: unknown[];
  violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
}

/** axe-core's serious and critical violations on the page as it is (WCAG 2.1 A/AA and best practice). */
export async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(AXE);
  const result = await page.evaluate(() =>
    (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<AxeResult> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    }),
  );
  // A run that checked nothing would pass vacuously.
  expect(result.passes.length).toBeGreaterThan(20);
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}
