/**
 * `npm run bench:explorer [runs]`: the explorer page's built size (raw and
 * gzip) and its first render on the demo data (the estate `npm run demo`
 * serves: 2 accounts × 2 regions, medium home fleet, seed 1, stingy pages), in
 * headless Chromium.
 *
 * First render = navigation start → the view's data on screen (the first row
 * of the windows list, merged across the four locations; the first step row of
 * the largest automation's timeline and of a multi-account run's, opened by a
 * deep link, which also costs a ResolveNode query).
 * Each run uses a fresh browser context (no HTTP cache, no history state);
 * run 1 meets a cold gateway cache, the rest a warm one (RESPONSE_CACHE on, as
 * in the demo), so both are printed. Emulator and gateway share this process.
 * The bound, from the same runs (Resource Timing): the page cannot show its
 * data before the last query it waited for has answered; `render ÷ data` is
 * first render over that time (1.00 would be rendering in no time at all).
 * A running execution's subscription (an open stream) is no such query.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startEmulator } from '../src/emulator/index.ts';
import { generateEstate } from '../src/emulator/generate-estate.ts';
import { encodeGlobalId } from '../src/schema/global-id.ts';
import { buildExplorer } from '../src/scripts/build-explorer.ts';
import { loadConfig } from '../src/server/config.ts';
import { EXPLORER_DIST, EXPLORER_PATH } from '../src/server/explorer.ts';
import { serve } from '../src/server/serve.ts';
import { launchChromium } from '../test/explorer/browser.ts';
import { benchEstateGateway, fmt, percentile, table } from './lib.ts';

const runs = Number(process.argv[2] ?? 15);
// As in the demo: the SDK's Node 22 notice says nothing about a local run.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

await buildExplorer();
const files = (function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
})(EXPLORER_DIST);
const sizes = files.map((f) => {
  const body = readFileSync(f);
  return { file: relative(EXPLORER_DIST, f), raw: body.length, gzip: gzipSync(body, { level: 9 }).length };
});
const total = sizes.reduce((t, s) => ({ raw: t.raw + s.raw, gzip: t.gzip + s.gzip }), { raw: 0, gzip: 0 });
console.log('## Explorer bundle (dist/explorer, gzip level 9)\n');
console.log(table(['file', 'raw bytes', 'gzip bytes'], [...sizes.map((s) => [s.file, s.raw, s.gzip]), ['total', total.raw, total.gzip]]));

const estate = generateEstate({ seed: 1, size: 'medium', now: Date.now() });
const emulator = await startEmulator({ port: 0, estate, stingy: true });
// LOG_LEVEL error: no access line per request, nor a line per child in a location the demo does not serve, between the figures.
const config = loadConfig({ CURSOR_SECRET: 'bench', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'error' });
const gateway = await benchEstateGateway(emulator.url, config, estate);
const served = await serve(gateway, config);
const base = `http://127.0.0.1:${served.port}${EXPLORER_PATH}`;
const home = estate.locations[0].data;
const largest = home.automationExecutions.reduce((a, b) => ((b.StepExecutions?.length ?? 0) > (a.StepExecutions?.length ?? 0) ? b : a));
// The global ID the gateway gives a home record (Type:account/region/key).
const homeId = (type: string, key: string) => encodeGlobalId(type, `${estate.home.accountId}/${estate.home.region}/${key}`);

const views = [
  { name: `windows list (${estate.locations.length} locations)`, url: base, ready: 'section[aria-label^="Results"] tbody tr' },
  {
    name: `timeline (${largest.StepExecutions!.length} steps, deep link)`,
    url: `${base}?id=${homeId('AutomationExecution', largest.AutomationExecutionId!)}`,
    ready: '.timeline ol.steps > li.step',
  },
  {
    name: 'multi-account run timeline (children in 3 other locations, deep link)',
    url: `${base}?id=${homeId('AutomationExecution', estate.crossAccount.parentIds[0])}`,
    ready: '.timeline ol.steps > li.step',
  },
];

const browser = await launchChromium();
const rows: (string | number)[][] = [];
try {
  for (const view of views) {
    const samples: number[] = [];
    const phases: Phases[] = [];
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      // Runs before the page's own scripts; performance.now() counts from navigation start.
      await page.addInitScript((selector: string) => {
        const w = window as unknown as { __rendered?: number };
        new MutationObserver((_, obs) => {
          if (document.querySelector(selector)) (w.__rendered = performance.now()), obs.disconnect();
        }).observe(document, { childList: true, subtree: true });
      }, view.ready);
      await page.goto(view.url);
      samples.push(await page.waitForFunction(() => (window as unknown as { __rendered?: number }).__rendered).then((h) => h.jsonValue() as Promise<number>));
      phases.push(await page.evaluate(phasesOf, samples[i]));
      await context.close();
    }
    const warm = samples.slice(1);
    const warmPhases = phases.slice(1);
    const median = (f: (p: Phases) => number) => percentile(warmPhases.map(f), 50);
    rows.push([
      view.name,
      fmt(samples[0], 1),
      fmt(percentile(warm, 50), 1),
      fmt(percentile(warm, 90), 1),
      fmt(Math.min(...warm), 1),
      fmt(Math.max(...warm), 1),
      fmt(median((p) => p.script), 1),
      `${fmt(median((p) => p.data), 1)} (${phases[1].queries})`,
      fmt(median((p) => p.rendered / p.data), 2),
    ]);
  }
} finally {
  await browser.close();
  await served.close();
  gateway.locations.close();
  await emulator.close();
}
console.log(`\n## First render on the demo data (ms from navigation start; ${runs} runs, fresh browser context each)\n`);
console.log(
  table(['view', 'run 1 (cold gateway cache)', 'median (warm)', 'p90 (warm)', 'min', 'max', 'bundle loaded (median)', 'data answered (median; queries)', 'render ÷ data (median)'], rows),
);

interface Phases {
  rendered: number;
  /** When the page's script had loaded (responseEnd), ms from navigation start. */
  script: number;
  /** When the last query answered before the render (responseEnd), and how many answered by then. */
  data: number;
  queries: number;
}

/** Runs in the page: its resource timings up to the render. */
function phasesOf(rendered: number): Phases {
  const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
  const gql = entries.filter((e) => new URL(e.name).pathname.endsWith('/graphql') && e.responseEnd > 0 && e.responseEnd <= rendered);
  const script = entries.find((e) => e.name.endsWith('.js'));
  return { rendered, script: script?.responseEnd ?? Number.NaN, data: Math.max(...gql.map((e) => e.responseEnd)), queries: gql.length };
}
