/**
 * The explorer end to end over an estate: the emulator serving the generated
 * 2 accounts × 2 regions (the demo's shape), the gateway told of them
 * (SSM_REGIONS, SSM_ACCOUNT_ROLES) plus a further account whose role refuses
 * AssumeRole, in headless Chromium. The merged lists name each row's location
 * and show the refused location as a partial error beside the others' rows;
 * the location filter reaches only the chosen location (the emulator's call
 * log says so); a multi-account run leads to its children in other accounts
 * and regions, and says why one it cannot reach is missing.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it, vi, type MockInstance } from 'vitest';
import { generateEstate, REFUSED_ACCOUNT_ID, UNSERVED_REGION } from '../../src/emulator/generate-estate.ts';
import { EXPLORER_PATH } from '../../src/server/explorer.ts';
import { globalId, type Stack } from '../helpers/stack.ts';
import { artifact, axeViolations, cssId, describeInChromium, openExplorer, scrollWidth, type ExplorerSession } from './e2e.ts';

const estate = generateEstate({ seed: 1, size: 'small' });
const REGIONS = [...new Set(estate.locations.map((l) => l.region))];
const where = (l: { accountId: string; region: string }) => `${l.accountId} · ${l.region}`;

describeInChromium('explorer over an estate in headless Chromium', () => {
  let session: ExplorerSession;
  let stack: Stack;
  let page: Page;
  let base: string;
  // The refused account's failures are logged by the gateway (expected here: silenced, and checked at the end).
  let warn: MockInstance<typeof console.warn>;

  beforeAll(async () => {
    warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    session = await openExplorer({
      estate,
      env: {
        SSM_REGIONS: REGIONS.join(','),
        SSM_ACCOUNT_ROLES: [...Object.values(estate.roleOf), estate.refusedRoleArn].join(','),
        // Lists are asked of SSM each time, so the call log shows which locations every list reached.
        CACHE_TTL_MUTABLE_MS: '0',
      },
      accessKeyId: estate.accessKeyOf[estate.home.accountId],
    });
    ({ stack, page, base } = session);
  }, 60_000);

  afterAll(async () => {
    await session?.close();
    warn?.mockRestore();
  });

  const heading = () => page.getByRole('heading', { level: 1 });
  const rows = () => page.locator('section[aria-label^="Results"] tbody tr');
  const windows = estate.locations.flatMap((l) => l.data.maintenanceWindows.map((w) => ({ name: w.Name!, location: where(l) })));

  it("lists every served location's windows, each row naming its location, and the refused account as a partial error", async () => {
    await page.goto(`${base}${EXPLORER_PATH}`);
    await expect.poll(() => rows().count()).toBe(windows.length);
    const shown = await rows().evaluateAll((trs) => trs.map((tr) => ({ name: tr.querySelector('th')!.textContent, location: tr.querySelector('.location')!.textContent })));
    expect(shown.sort(byNameAndLocation)).toEqual([...windows].sort(byNameAndLocation));
    // Both regions of the refused account: its role cannot be assumed; the rest of the list stands.
    const alert = page.getByRole('alert');
    expect(await alert.textContent()).toContain('2 locations did not answer');
    for (const region of REGIONS) expect(await alert.textContent()).toContain(`${REFUSED_ACCOUNT_ID} · ${region}: UPSTREAM_FORBIDDEN`);
    // The locations panel, asked again once the list answered, has their state.
    const panel = page.locator('#locations-panel');
    await expect.poll(() => panel.locator('summary').textContent()).toContain('6 served · 2 not answering (UPSTREAM_FORBIDDEN)');
    await panel.locator('summary').click();
    const states = await panel.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent?.trim()).join(' | ')));
    expect(states).toEqual([
      ...estate.locations.map((l) => `${l.accountId}${l.accountId === estate.home.accountId ? 'home' : ''} | ${l.region} | OK | —`),
      ...REGIONS.map((r) => `${REFUSED_ACCOUNT_ID} | ${r} | FORBIDDEN | UPSTREAM_FORBIDDEN`),
    ]);
  });

  it('filters by account and region: only that location is asked, and the choice stays on the other lists', async () => {
    const [account, region] = ['222222222222', 'eu-west-1'];
    stack.resetCalls();
    await page.getByRole('group', { name: /Accounts/ }).getByLabel(account).check();
    await page.getByRole('group', { name: /Regions/ }).getByLabel(region).check();
    await page.getByRole('button', { name: 'Apply' }).click();
    const only = windows.filter((w) => w.location === where({ accountId: account, region }));
    await expect.poll(() => rows().count()).toBe(only.length);
    expect(new URL(page.url()).searchParams.getAll('account')).toEqual([account]);
    expect(new URL(page.url()).searchParams.getAll('region')).toEqual([region]);
    expect(await rows().locator('.location').allTextContents()).toEqual(only.map((w) => w.location));
    expect(await page.getByRole('alert').count()).toBe(0);
    const calls = stack.calls();
    expect(calls.map((c) => c.operation)).toContain('DescribeMaintenanceWindows');
    expect(new Set(calls.map((c) => `${c.accountId}/${c.region}`))).toEqual(new Set([`${account}/${region}`]));

    stack.resetCalls();
    await page.getByRole('link', { name: 'Automation executions' }).click();
    const automations = estate.locations.find((l) => l.accountId === account && l.region === region)!.data.automationExecutions;
    await expect.poll(() => rows().count()).toBe(Math.min(25, automations.length));
    expect(new Set(await rows().locator('.location').allTextContents())).toEqual(new Set([where({ accountId: account, region })]));
    expect(await page.getByRole('group', { name: /Accounts/ }).getByLabel(account).isChecked()).toBe(true);
    expect(new Set(stack.calls().map((c) => `${c.accountId}/${c.region}`))).toEqual(new Set([`${account}/${region}`]));
  });

  it('refuses a location the gateway does not serve (a hand-edited link) with a clear error and no upstream call, and offers to untick it', async () => {
    stack.resetCalls();
    await page.goto(`${base}${EXPLORER_PATH}?list=windows&account=999999999999`);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('BAD_USER_INPUT');
    expect(await page.getByRole('alert').textContent()).toContain('serves no account "999999999999"');
    expect(await rows().count()).toBe(0);
    expect(stack.calls()).toEqual([]);
    const unknown = page.getByRole('group', { name: /Accounts/ }).getByLabel('999999999999');
    expect(await unknown.isChecked()).toBe(true);
    await unknown.uncheck();
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => rows().count()).toBe(windows.length);
    expect(new URL(page.url()).searchParams.getAll('account')).toEqual([]);
  });

  const home = estate.locations[0].data;
  const parent = home.automationExecutions.find((a) => a.AutomationExecutionId === estate.crossAccount.parentIds[0])!;
  const parentUrl = () => `${base}${EXPLORER_PATH}?id=${globalId('AutomationExecution', parent.AutomationExecutionId!, estate.home)}`;

  it("opens a multi-account run: each step's child in its own account and region, and why the unreachable ones are missing", async () => {
    await page.goto(parentUrl());
    await expect.poll(() => heading().textContent()).toBe(parent.DocumentName);
    await expect.poll(() => page.locator('.timeline:not(.nested) > ol.steps > li.step').count()).toBe(parent.StepExecutions!.length);
    const facts = await page.locator('.facts').textContent();
    expect(facts).toContain(`Target accounts${parent.TargetLocations![0].Accounts!.join(', ')}`);
    expect(facts).toContain(`Target Regions${parent.TargetLocations![0].Regions!.join(', ')}`);
    for (const target of estate.crossAccount.served) {
      const link = page.getByRole('link', { name: `Open child automation ${parent.DocumentName} in ${where(target)}` });
      expect(await link.count(), where(target)).toBe(1);
    }
    // A target location the gateway does not serve, and one that refuses it: said on their steps, not as a page error.
    const problems = page.locator('p.child-problem');
    expect(await problems.count()).toBe(2);
    const unserved = estate.crossAccount.unserved.find((u) => u.region === UNSERVED_REGION)!;
    const stepTo = (l: { accountId: string; region: string }) => parent.StepExecutions!.find((s) => s.TargetLocation?.Accounts?.[0] === l.accountId && s.TargetLocation.Regions?.[0] === l.region)!;
    const notConfigured = await problems.filter({ hasText: 'LOCATION_NOT_CONFIGURED' }).textContent();
    expect(notConfigured).toContain(`${where(unserved)}, which this gateway does not serve`);
    expect(notConfigured).toContain(stepTo(unserved).Outputs!.ExecutionId[0]);
    expect(await problems.filter({ hasText: 'UPSTREAM_FORBIDDEN' }).textContent()).toContain(`${REFUSED_ACCOUNT_ID} · ${estate.home.region}`);
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('expands a child in another account and region inline (read there), then follows it and back to its parent', async () => {
    const target = estate.crossAccount.served.find((l) => l.accountId !== estate.home.accountId && l.region !== estate.home.region)!;
    const step = parent.StepExecutions!.find((s) => s.TargetLocation?.Accounts?.[0] === target.accountId && s.TargetLocation.Regions?.[0] === target.region)!;
    const childId = step.Outputs!.ExecutionId[0];
    const child = estate.locations.find((l) => l.accountId === target.accountId && l.region === target.region)!.data.automationExecutions.find((a) => a.AutomationExecutionId === childId)!;
    stack.resetCalls();
    await page.getByRole('button', { name: `Show child automation steps of ${step.StepName}` }).click();
    const stepRow = `#step-${cssId(globalId('AutomationStepExecution', `${parent.AutomationExecutionId}/${step.StepExecutionId}`, estate.home))}`;
    await expect.poll(() => page.locator(`${stepRow} .timeline.nested li.step`).count()).toBe(child.StepExecutions!.length);
    expect(new Set(stack.calls().map((c) => `${c.accountId}/${c.region}`))).toEqual(new Set([`${target.accountId}/${target.region}`]));

    await page.getByRole('link', { name: `Open child automation ${parent.DocumentName} in ${where(target)}` }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('id')).toBe(globalId('AutomationExecution', childId, target));
    await expect.poll(() => page.locator('.facts').textContent()).toContain(where(target));
    const kind = page.locator('.kind');
    expect(await kind.textContent()).toBe(`Automation execution started by ${parent.DocumentName} in ${where(estate.home)}`);
    await kind.getByRole('link').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('id')).toBe(globalId('AutomationExecution', parent.AutomationExecutionId!, estate.home));
    await expect.poll(() => page.locator('p.child-problem').count()).toBe(2);
  });

  it('has no serious or critical axe-core violations, nor sideways scrolling, on the merged list (partial error, panel open) and the multi-account timeline', async () => {
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      for (const [name, url] of [['estate-list', `${base}${EXPLORER_PATH}?list=automations`], ['estate-timeline', parentUrl()]]) {
        await page.goto(url);
        await page.waitForSelector('#view-title');
        await page.waitForLoadState('networkidle');
        if (name === 'estate-list') await page.locator('#locations-panel summary').click();
        expect(await axeViolations(page), `${name} at ${width}px`).toEqual([]);
        expect(await scrollWidth(page), `${name} scrolls sideways at ${width}px`).toBeLessThanOrEqual(width);
        await page.screenshot({ path: artifact(`${name}-${width}.png`), fullPage: true });
      }
    }
  });

  it('logged only the expected upstream failures, loaded nothing from elsewhere and logged no page error', () => {
    const lines = warn.mock.calls.map((c) => String(c[0]));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(new RegExp(`FORBIDDEN .*${REFUSED_ACCOUNT_ID}|UNSERVED_LOCATION`));
    // The one 400: the hand-edited link's unknown account, refused before execution as the request's
    // whole answer (GraphQL over HTTP); the browser logs every 400 it receives.
    expect(session.problems).toEqual(['console error: Failed to load resource: the server responded with a status of 400 (Bad Request)']);
  });
});

const byNameAndLocation = (a: { name: string | null; location: string | null }, b: { name: string | null; location: string | null }) =>
  `${a.name}|${a.location}`.localeCompare(`${b.name}|${b.location}`);
