/**
 * The explorer's live updates end to end: the emulator in live mode on the
 * wall clock (executions in progress advance as in `npm run demo`), the
 * gateway polling for its subscriptions every 250 ms, headless Chromium. A
 * running automation's timeline grows while the test watches, through its
 * subscription alone (no query after the first load, no click); one that
 * finishes says so and offers Refresh again; a stream that cannot be opened
 * falls back to Refresh. What the page shows is checked against the plan the
 * emulator follows (src/emulator/live/project.ts), which the call log confirms
 * the gateway read.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateDataset } from '../../src/emulator/generate.ts';
import type { LivePlans, Plan } from '../../src/emulator/live/plan.ts';
import { project } from '../../src/emulator/live/project.ts';
import { EXPLORER_PATH } from '../../src/server/explorer.ts';
import { globalId } from '../helpers/stack.ts';
import { pngStats } from './browser.ts';
import { artifact, axeViolations, cssId, describeInChromium, openExplorer, scrollWidth, type ExplorerSession } from './e2e.ts';

// Generated at the wall clock's now, so the emulator's default clock (Date.now) plays its plans in real time.
const data = generateDataset({ seed: 1, size: 'medium', live: true, now: Date.now() });
const plans = (data.live as LivePlans).plans.filter((p: Plan) => p.kind === 'automation' && p.atNow && !p.full.ParentAutomationExecutionId);

type Rec = Record<string, any>;
const stepsAt = (p: Plan, t: number): Rec[] => project(p, t)!.StepExecutions;
const startedAt = (p: Plan, t: number) => stepsAt(p, t).filter((s) => s.ExecutionStartTime).length;
const ms = (v: unknown) => (v instanceof Date ? v.getTime() : Infinity);

/**
 * The running automation whose steps grow soonest after `from` (a step begins: the timeline lists one more),
 * with the top-level step that runs from before `from` until well after that (its bar keeps growing).
 */
function soonestGrowth(from: number) {
  const found = plans.flatMap((p) => {
    const grows = p.events.find((t) => t > from && startedAt(p, t) > startedAt(p, from));
    const running = stepsAt(p, from).find((s) => !s.ParentStepDetails && s.StepStatus === 'InProgress');
    const full = running && (p.full.StepExecutions as Rec[]).find((s) => s.StepExecutionId === running.StepExecutionId);
    return grows && full && ms(full.ExecutionEndTime) > grows + 15_000 ? [{ plan: p, grows, step: running }] : [];
  });
  const soonest = found.sort((a, b) => a.grows - b.grows)[0];
  if (!soonest || soonest.grows - from > 45_000) throw new Error('the live data has no automation whose steps grow within 45 s');
  return soonest;
}

const automationId = (p: Plan) => String(p.full.AutomationExecutionId);
const nodeUrl = (base: string, id: string) => `${base}${EXPLORER_PATH}?id=${id}`;

describeInChromium('explorer live updates in headless Chromium', () => {
  let session: ExplorerSession;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    session = await openExplorer({ data, live: true, env: { LIVE_POLL_MS: '250', LIVE_POLL_MAX_MS: '1000' } });
    ({ page, base } = session);
  }, 60_000);

  afterAll(() => session?.close());

  const stepsCount = async (p: Page) => Number((await p.locator('#timeline-title').textContent())?.match(/\((\d+)/)?.[1]);
  const liveState = (p: Page) => p.locator('.refresh [aria-live="polite"]');

  it("grows a running execution's timeline while the test watches: no click, no query after the first load, only its subscription", async () => {
    const from = Date.now() + 3_000;
    const { plan, grows, step } = soonestGrowth(from);
    const id = automationId(plan);
    await page.goto(nodeUrl(base, globalId('AutomationExecution', id)));
    await expect.poll(() => page.locator('.live-badge').textContent()).toBe('Live');
    expect(await liveState(page).textContent()).toBe('Live updates on: this view changes as the execution runs.');
    expect(await page.getByRole('button', { name: 'Refresh' }).count()).toBe(0);

    const row = page.locator(`#${cssId(`step-${globalId('AutomationStepExecution', `${id}/${step.StepExecutionId}`)}`)}`);
    const bar = row.locator('> .step-row .bar.running');
    // A running loop's new steps are its iterations': open, as someone watching would (in place, with no query).
    if (step.Action === 'aws:loop') await row.locator('> .step-row .twisty-btn').click();
    // The steps heading's count and the bar: its share of the track as the page set it (exact, where layout rounds to 1/64 px) and
    // as drawn, read at once (an event rendered between two reads would pair an old count with a new bar).
    const measure = () =>
      row.evaluate((li) => {
        const bar = li.querySelector<HTMLElement>(':scope > .step-row .bar.running')!;
        const steps = Number(document.getElementById('timeline-title')!.textContent!.match(/\((\d+)/)![1]);
        return { steps, share: Number(bar.style.width.match(/([\d.]+)%/)![1]) / 100, px: bar.getBoundingClientRect().width };
      });
    const before = await measure();
    expect(before.steps).toBeLessThanOrEqual(stepsAt(plan, Date.now()).length);
    session.stack.resetCalls();

    await expect.poll(() => stepsCount(page), { timeout: grows - Date.now() + 10_000, interval: 250 }).toBeGreaterThan(before.steps);
    const after = await measure();
    // Never ahead of the emulator, and behind it by at most a poll or two (steps only ever begin).
    expect(after.steps).toBeLessThanOrEqual(stepsAt(plan, Date.now()).length);
    await expect.poll(async () => (await stepsCount(page)) - stepsAt(plan, Date.now() - 2_500).length).toBeGreaterThanOrEqual(0);
    // The step still running spans more of a scale that now ends later.
    expect(after.share).toBeGreaterThan(before.share);
    expect(after.share).toBeLessThan(1);
    expect(before.px).toBeGreaterThan(3);
    expect(await bar.locator('xpath=../..').locator('.step-time').textContent()).toMatch(/so far$/);

    expect(session.graphqlPosts).toEqual(['ResolveNode', 'AutomationExecutionView']);
    expect(session.subscriptions).toEqual(['AutomationExecutionLive']);
    // The gateway's polls read it meanwhile (the page sent nothing).
    const reads = session.stack.calls().filter((c) => c.operation === 'GetAutomationExecution' && c.input.AutomationExecutionId === id);
    expect(reads.length).toBeGreaterThanOrEqual(1);
    const summary = await page.locator('#cost-panel summary').textContent();
    expect(summary).toMatch(/^Queries: 2 · live updates: \d+ ·/);
    await page.locator('#cost-panel summary').click();
    const liveRows = page.locator('#cost-panel tbody tr', { hasText: 'live update' });
    expect(await liveRows.count()).toBeGreaterThanOrEqual(2);
    // A subscription event carries no cost of its own: none is shown, none invented.
    expect(await liveRows.first().locator('td').last().textContent()).toBe('—');
    await page.locator('#cost-panel summary').click();

    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      expect(await scrollWidth(page), `live timeline at ${width}px`).toBeLessThanOrEqual(width);
      const stats = pngStats(await page.screenshot({ path: artifact(`live-timeline-${width}.png`) }));
      expect(stats.lumaStdDev).toBeGreaterThan(15);
      expect(stats.colours).toBeGreaterThan(50);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    // The live indicator and the opened loop included.
    expect(await axeViolations(page)).toEqual([]);
  }, 90_000);

  it('says when the execution finished, with its final state, and offers Refresh again', async () => {
    const from = Date.now() + 3_000;
    const plan = plans.filter((p) => ms(p.full.ExecutionEndTime) > from).sort((a, b) => ms(a.full.ExecutionEndTime) - ms(b.full.ExecutionEndTime))[0];
    const end = ms(plan.full.ExecutionEndTime);
    expect(end - from, 'an automation that ends within 75 s').toBeLessThan(75_000);
    const other = await session.browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await other.goto(nodeUrl(base, globalId('AutomationExecution', automationId(plan))));
      await expect.poll(() => other.locator('.live-badge').count()).toBe(1);
      await expect.poll(() => liveState(other).textContent(), { timeout: end - Date.now() + 10_000, interval: 250 }).toBe('Live updates ended: the execution finished.');
      const facts = other.locator('.facts');
      expect(await facts.locator('.status').first().textContent()).toBe(plan.full.AutomationExecutionStatus);
      expect(await other.locator('.live-badge').count()).toBe(0);
      expect(await other.getByRole('button', { name: 'Refresh' }).isEnabled()).toBe(true);
      expect(await stepsCount(other)).toBe(stepsAt(plan, end).length);
    } finally {
      await other.close();
    }
  }, 100_000);

  it('watches a running window execution through its own subscription', async () => {
    const plan = (data.live as LivePlans).plans.find((p) => p.kind === 'windowExecution' && p.atNow && ms(p.full.EndTime) > Date.now() + 10_000)!;
    const posts = session.graphqlPosts.length;
    const subs = session.subscriptions.length;
    await page.goto(nodeUrl(base, globalId('MaintenanceWindowExecution', String(plan.full.WindowExecutionId))));
    await expect.poll(() => page.locator('.live-badge').textContent()).toBe('Live');
    expect(session.graphqlPosts.slice(posts)).toEqual(['ResolveNode', 'WindowExecutionTree']);
    expect(session.subscriptions.slice(subs)).toEqual(['WindowExecutionLive']);
    const tasks = data.maintenanceWindowExecutionTasks.filter((t) => t.WindowExecutionId === plan.full.WindowExecutionId);
    expect(await page.locator('ul.tree > li.task').count()).toBe(Math.min(tasks.length, 20));
  });

  it('falls back to Refresh when the stream cannot be opened, and Refresh still reads the execution', async () => {
    const plan = plans.find((p) => ms(p.full.ExecutionEndTime) > Date.now() + 60_000)!;
    const other = await session.browser.newPage({ viewport: { width: 1280, height: 900 } });
    // The subscription's POSTs (they ask for text/event-stream) fail as a dropped network would; queries pass.
    await other.route(`${base}/graphql`, (route) => (route.request().headers().accept?.includes('text/event-stream') ? route.abort('connectionreset') : route.continue()));
    try {
      await other.goto(nodeUrl(base, globalId('AutomationExecution', automationId(plan))));
      await expect.poll(() => liveState(other).textContent(), { timeout: 20_000 }).toBe('Live updates unavailable (NETWORK); Refresh for newer data.');
      expect(await other.locator('.refresh').textContent()).toContain('still running');
      const refresh = other.getByRole('button', { name: 'Refresh' });
      const queries = other.locator('#cost-panel summary');
      expect(await queries.textContent()).toMatch(/^Queries: 2 ·/);
      const clicked = Date.now();
      await refresh.click();
      await expect.poll(() => queries.textContent()).toMatch(/^Queries: 3 ·/);
      await expect.poll(() => refresh.isEnabled()).toBe(true);
      expect(await stepsCount(other)).toBeGreaterThanOrEqual(stepsAt(plan, clicked).length);
      expect(await stepsCount(other)).toBeLessThanOrEqual(stepsAt(plan, Date.now()).length);
    } finally {
      await other.close();
    }
  }, 60_000);

  it('loaded nothing from elsewhere and logged no error', () => {
    expect(session.problems).toEqual([]);
  });
});
