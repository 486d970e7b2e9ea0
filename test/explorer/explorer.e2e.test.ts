/**
 * The explorer end to end on one location: Debian's headless Chromium
 * (playwright-core) on the gateway's real port over the emulator, one browser
 * for the file. It walks a window → execution → task → invocation → automation
 * timeline → child automation, opens deep links by global ID, checks what each
 * view shows against the dataset, runs axe-core, and saves screenshots at 1280
 * and 390 px to test-artifacts/ (checked by decoding them, not by size).
 * estate.e2e.test.ts covers several accounts and regions.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { Dataset } from '../../src/emulator/index.ts';
import { EXPLORER_SOURCE } from '../../src/scripts/build-explorer.ts';
import { encodeGlobalId } from '../../src/schema/global-id.ts';
import { EXPLORER_PATH } from '../../src/server/explorer.ts';
import { globalId, type Stack } from '../helpers/stack.ts';
import { pngStats } from './browser.ts';
import { artifact, axeViolations, cssId, describeInChromium, openExplorer, scrollWidth, type ExplorerSession } from './e2e.ts';

describeInChromium('explorer in headless Chromium', e2e);

/** The dataset's walk: a window execution whose AUTOMATION task ran an automation that started a child. */
function pickWalk(d: Dataset) {
  for (const task of d.maintenanceWindowExecutionTasks.filter((t) => t.Type === 'AUTOMATION')) {
    for (const inv of d.maintenanceWindowExecutionTaskInvocations.filter((i) => i.TaskExecutionId === task.TaskExecutionId)) {
      const automation = d.automationExecutions.find((a) => a.AutomationExecutionId === inv.ExecutionId);
      const parentStep = automation?.StepExecutions?.find((s) => s.Action === 'aws:executeAutomation' && s.Outputs?.ExecutionId);
      const execution = d.maintenanceWindowExecutions.find((e) => e.WindowExecutionId === task.WindowExecutionId)!;
      const newer = d.maintenanceWindowExecutions.filter((e) => e.WindowId === execution.WindowId && e.StartTime! > execution.StartTime!);
      if (!automation || !parentStep || newer.length >= 25) continue;
      const child = d.automationExecutions.find((a) => a.AutomationExecutionId === parentStep.Outputs!.ExecutionId[0])!;
      const window = d.maintenanceWindows.find((w) => w.WindowId === execution.WindowId)!;
      return { window, execution, task, inv, automation, parentStep, child };
    }
  }
  throw new Error('the dataset has no window execution that ran an automation with a child');
}

function e2e() {
  let session: ExplorerSession;
  let stack: Stack;
  let page: Page;
  let base: string;
  let walk: ReturnType<typeof pickWalk>;
  let graphqlPosts: string[];

  beforeAll(async () => {
    session = await openExplorer();
    ({ stack, page, base, graphqlPosts } = session);
    walk = pickWalk(stack.data);
  }, 60_000);

  afterAll(() => session?.close());

  const heading = () => page.getByRole('heading', { level: 1 });
  const idParam = () => new URL(page.url()).searchParams.get('id');

  it('is built as a production bundle that references no other origin', () => {
    const code = session.built.flatMap((f) => (f.type === 'chunk' ? [f.code] : []));
    expect(code).toHaveLength(1);
    // Under vitest NODE_ENV is `test`: the build must not fall back to development JSX (source positions and paths).
    expect(/lineNumber|fileName:/.test(code[0]), 'development JSX in the bundle').toBe(false);
    expect(code[0].includes(EXPLORER_SOURCE), 'source paths in the bundle').toBe(false);
    expect(code[0].match(/https?:\/\/[^\s"'`)]+/g)?.filter((u) => !u.startsWith('http://www.w3.org/')) ?? []).toEqual([]);
  });

  it('lists the windows and finds one by its exact name (pushed down to SSM)', async () => {
    await page.goto(`${base}${EXPLORER_PATH}`);
    await expect.poll(() => page.locator('main tbody tr').count()).toBe(stack.data.maintenanceWindows.length);
    stack.resetCalls();
    await page.getByLabel('Window name (exact)').fill(walk.window.Name!);
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.locator('main tbody tr').count()).toBe(1);
    expect(new URL(page.url()).searchParams.get('q')).toBe(walk.window.Name);
    expect(stack.calls().find((c) => c.operation === 'DescribeMaintenanceWindows')!.input.Filters).toEqual([{ Key: 'Name', Values: [walk.window.Name] }]);
    // Back and Forward move between the applied filters, inputs included.
    await page.goBack();
    await expect.poll(() => page.locator('main tbody tr').count()).toBe(stack.data.maintenanceWindows.length);
    expect(await page.getByLabel('Window name (exact)').inputValue()).toBe('');
    await page.goForward();
    await expect.poll(() => page.locator('main tbody tr').count()).toBe(1);
    expect(await page.getByLabel('Window name (exact)').inputValue()).toBe(walk.window.Name);
  });

  it('opens the window, one of its executions, and expands its AUTOMATION task', async () => {
    await page.getByRole('link', { name: walk.window.Name! }).click();
    await expect.poll(() => heading().textContent()).toBe(walk.window.Name);
    await page.getByRole('link', { name: walk.execution.WindowExecutionId! }).click();
    await expect.poll(() => heading().textContent()).toBe(walk.execution.WindowExecutionId);
    expect(idParam()).toBe(globalId('MaintenanceWindowExecution', walk.execution.WindowExecutionId!));
    const tasks = stack.data.maintenanceWindowExecutionTasks.filter((t) => t.WindowExecutionId === walk.execution.WindowExecutionId);
    await expect.poll(() => page.locator('ul.tree > li.task').count()).toBe(tasks.length);
    const toggle = page.getByRole('button', { name: walk.task.TaskArn!, exact: true });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await expect.poll(() => page.getByText(walk.inv.InvocationId!).count()).toBe(1);
  });

  it('follows the invocation to its automation and shows one bar per step, failed ones highlighted', async () => {
    await page.locator(`#row-${cssId(invocationId(walk.inv))} .ran a`).click();
    await expect.poll(() => heading().textContent()).toBe(walk.automation.DocumentName);
    expect(idParam()).toBe(globalId('AutomationExecution', walk.automation.AutomationExecutionId!));
    const top = walk.automation.StepExecutions!.filter((s) => !s.ParentStepDetails);
    const rows = page.locator('.timeline:not(.nested) > ol.steps > li.step');
    await expect.poll(() => rows.count()).toBe(top.length);
    expect(await rows.locator('.step-name').allTextContents()).toEqual(top.map((s) => s.StepName));
    const failed = top.filter((s) => ['Failed', 'TimedOut', 'Cancelled'].includes(s.StepStatus!)).map((s) => s.StepName);
    expect(await page.locator('.timeline:not(.nested) > ol.steps > li.step.tone-bad .step-name').allTextContents()).toEqual(failed);
    for (const [i, s] of top.entries()) {
      const box = await rows.nth(i).locator('> .step-row .bar').boundingBox();
      if (s.ExecutionStartTime) expect(box!.width, s.StepName).toBeGreaterThan(0);
    }
    await page.screenshot({ path: artifact('timeline-1280.png'), fullPage: true });
  });

  it("shows a step's inputs and outputs on click, and names the step in the URL", async () => {
    const step = walk.parentStep;
    const name = page.getByRole('button', { name: step.StepName!, exact: true });
    await name.click();
    expect(await name.getAttribute('aria-expanded')).toBe('true');
    const details = page.getByRole('region', { name: `Details of step ${step.StepName}` });
    const inputKey = Object.keys(step.Inputs ?? {})[0];
    if (inputKey) expect(await details.locator('pre').first().textContent()).toContain(inputKey);
    expect(await details.textContent()).toContain('ExecutionId');
    expect(idParam()).toBe(globalId('AutomationStepExecution', `${walk.automation.AutomationExecutionId}/${step.StepExecutionId}`));
  });

  it('expands the child automation inline, then follows the link to it', async () => {
    const parent = walk.parentStep.StepName!;
    await page.getByRole('button', { name: `Show child automation steps of ${parent}` }).click();
    const nested = page.locator(`#step-${cssId(stepId(walk.automation.AutomationExecutionId!, walk.parentStep.StepExecutionId!))} .timeline.nested li.step`);
    await expect.poll(() => nested.count()).toBe(walk.child.StepExecutions!.length);
    await page.getByRole('link', { name: `Open child automation ${walk.child.DocumentName}` }).click();
    await expect.poll(() => heading().textContent()).toBe(walk.child.DocumentName);
    expect(idParam()).toBe(globalId('AutomationExecution', walk.child.AutomationExecutionId!));
    expect(await page.locator('.kind a').textContent()).toBe(walk.automation.DocumentName);
    await page.goBack();
    await expect.poll(() => heading().textContent()).toBe(walk.automation.DocumentName);
  });

  it('opens deep links by global ID: a step (its details open), a task (expanded), an unknown ID (a clear error)', async () => {
    const step = walk.parentStep;
    // As a shared link opens: a new history entry, with no state the page left (a reload would keep it).
    await page.goto('about:blank');
    const before = graphqlPosts.length;
    await page.goto(`${base}${EXPLORER_PATH}?id=${stepId(walk.automation.AutomationExecutionId!, step.StepExecutionId!)}`);
    await expect.poll(() => heading().textContent()).toBe(walk.automation.DocumentName);
    await expect.poll(() => page.getByRole('region', { name: `Details of step ${step.StepName}` }).count()).toBe(1);
    expect(graphqlPosts.slice(before)).toEqual(['ResolveNode', 'AutomationExecutionView']);

    const taskId = globalId('MaintenanceWindowExecutionTask', `${walk.task.WindowExecutionId}/${walk.task.TaskExecutionId}`);
    await page.goto(`${base}${EXPLORER_PATH}?id=${taskId}`);
    await expect.poll(() => heading().textContent()).toBe(walk.execution.WindowExecutionId);
    await expect.poll(() => page.getByRole('button', { name: walk.task.TaskArn!, exact: true }).getAttribute('aria-expanded')).toBe('true');

    // A link made before IDs carried their location (`Type:ssmKey`) still opens: it names the home location.
    const shortTaskId = encodeGlobalId('MaintenanceWindowExecutionTask', `${walk.task.WindowExecutionId}/${walk.task.TaskExecutionId}`);
    await page.goto(`${base}${EXPLORER_PATH}?id=${shortTaskId}`);
    await expect.poll(() => page.getByRole('button', { name: walk.task.TaskArn!, exact: true }).getAttribute('aria-expanded')).toBe('true');
    expect(await heading().textContent()).toBe(walk.execution.WindowExecutionId);

    // An unknown ID is the client's doing: the gateway does not log it as an upstream failure (spied, so a regression stays quiet and fails).
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await page.goto(`${base}${EXPLORER_PATH}?id=${globalId('AutomationExecution', '00000000-0000-0000-0000-000000000000')}`);
    await expect.poll(() => heading().textContent()).toBe('Nothing has this ID');
    expect(await page.getByRole('alert').textContent()).toContain('NOT_FOUND');
    expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([]);
    warn.mockRestore();
    await page.goto(`${base}${EXPLORER_PATH}?id=not-an-id!`);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('BAD_USER_INPUT');
  });

  it('counts the queries it made in the cost panel, and says the gateway reports no SSM calls yet', async () => {
    await page.goto(`${base}${EXPLORER_PATH}?id=${globalId('AutomationExecution', walk.automation.AutomationExecutionId!)}`);
    await expect.poll(() => heading().textContent()).toBe(walk.automation.DocumentName);
    const posts = graphqlPosts.length;
    const summary = page.locator('#cost-panel summary');
    // One page load here: ResolveNode, then the execution and its steps.
    expect(await summary.textContent()).toContain('Queries: 2');
    expect(await summary.textContent()).toContain('not reported by this gateway');
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => summary.textContent()).toContain('Queries: 3');
    expect(graphqlPosts.length).toBe(posts + 1);
  });

  it('works from the keyboard: skip link first, visible focus, Enter follows a link, Space opens a task', async () => {
    await page.goto(`${base}${EXPLORER_PATH}?list=windows&q=${encodeURIComponent(walk.window.Name!)}`);
    await expect.poll(() => page.locator('main tbody tr').count()).toBe(1);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    const focusedLink = () => page.evaluate(() => document.activeElement?.textContent);
    for (let i = 0; i < 30 && (await focusedLink()) !== walk.window.Name; i++) await page.keyboard.press('Tab');
    expect(await focusedLink()).toBe(walk.window.Name);
    const ring = await page.evaluate(() => {
      const s = getComputedStyle(document.activeElement!);
      return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
    });
    expect(ring.style).toBe('solid');
    expect(ring.width).toBeGreaterThanOrEqual(2);
    await page.keyboard.press('Enter');
    await expect.poll(() => heading().textContent()).toBe(walk.window.Name);
    await page.goto(`${base}${EXPLORER_PATH}?id=${globalId('MaintenanceWindowExecution', walk.execution.WindowExecutionId!)}`);
    const toggle = page.getByRole('button', { name: walk.task.TaskArn!, exact: true });
    await toggle.focus();
    await page.keyboard.press('Space');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
  });

  it('has no serious or critical axe-core violations, nor sideways scrolling, on the list, the tree and the timeline', async () => {
    const views = [
      `${EXPLORER_PATH}?list=automations`,
      `${EXPLORER_PATH}?id=${globalId('MaintenanceWindowExecutionTask', `${walk.task.WindowExecutionId}/${walk.task.TaskExecutionId}`)}`,
      `${EXPLORER_PATH}?id=${stepId(walk.automation.AutomationExecutionId!, walk.parentStep.StepExecutionId!)}`,
    ];
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      for (const path of views) {
        await page.goto(`${base}${path}`);
        await page.waitForSelector('#view-title');
        await page.waitForLoadState('networkidle');
        expect(await axeViolations(page), `${path} at ${width}px`).toEqual([]);
        expect(await scrollWidth(page), `${path} scrolls sideways at ${width}px`).toBeLessThanOrEqual(width);
      }
    }
  });

  it('fits and renders at 1280 and 390 px (screenshots decoded: not blank, no horizontal scroll)', async () => {
    const timeline = `${base}${EXPLORER_PATH}?id=${stepId(walk.automation.AutomationExecutionId!, walk.parentStep.StepExecutionId!)}`;
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      for (const [name, url] of [['list', `${base}${EXPLORER_PATH}`], ['timeline', timeline]]) {
        await page.goto(url);
        await page.waitForSelector('#view-title');
        await page.waitForLoadState('networkidle');
        expect(await scrollWidth(page), `${name} at ${width}px`).toBeLessThanOrEqual(width);
        const stats = pngStats(await page.screenshot({ path: artifact(`${name}-${width}.png`) }));
        expect(stats.width).toBe(width);
        expect(stats.lumaStdDev, `${name} at ${width}px`).toBeGreaterThan(15);
        expect(stats.colours, `${name} at ${width}px`).toBeGreaterThan(50);
      }
    }
  });

  it('loaded nothing from elsewhere and logged no error (CSP included)', () => {
    expect(session.problems).toEqual([]);
  });
}

const stepId = (automationId: string, stepExecutionId: string) => globalId('AutomationStepExecution', `${automationId}/${stepExecutionId}`);
const invocationId = (i: { WindowExecutionId?: string; TaskExecutionId?: string; InvocationId?: string }) =>
  globalId('MaintenanceWindowExecutionTaskInvocation', `${i.WindowExecutionId}/${i.TaskExecutionId}/${i.InvocationId}`);
