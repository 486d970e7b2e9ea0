/**
 * `npm run bench:live [-- --seconds S] [-- --interval MS] [-- --counts 1,10,100]`:
 * upstream SSM calls per minute for N clients watching one running automation,
 * three ways, at the same interval:
 *   - subscribe: N gateway subscriptions (shared polling, LIVE_POLL_MS = interval,
 *     backing off to LIVE_POLL_MAX_MS while nothing changes: the defaults);
 *   - subscribe, no backoff: the same with LIVE_POLL_MAX_MS = LIVE_POLL_MS;
 *   - poll SSM: N clients each polling SSM itself through the SDK (the console,
 *     one tab each): GetAutomationExecution and every page of its steps;
 *   - poll gateway: N clients each POSTing the equivalent query to the gateway
 *     (its cross-request cache and response cache on, defaults).
 * Each run gets a fresh emulator (live mode on the wall clock, data generated
 * at its start, so every run watches the same execution from the same point)
 * and a fresh gateway. Calls are counted from the emulator's call log over the
 * measured window, after every client got its first answer. Also printed: the
 * changes each client saw, and how long after the upstream change it saw it
 * (the change times are the emulator's plan for that execution).
 */
import { SSMClient, GetAutomationExecutionCommand, DescribeAutomationStepExecutionsCommand } from '@aws-sdk/client-ssm';
import { createClient } from 'graphql-sse';
import { parseArgs } from 'node:util';
import { generateDataset } from '../src/emulator/generate.ts';
import { startEmulator } from '../src/emulator/index.ts';
import type { LivePlans } from '../src/emulator/live/plan.ts';
import { loadConfig } from '../src/server/config.ts';
import { createGatewayEstate } from '../src/server/estate.ts';
import { createGateway } from '../src/server/gateway.ts';
import { serve } from '../src/server/serve.ts';
import { fmt, percentile, sleep, table } from './lib.ts';

const { values: flags } = parseArgs({ options: { seconds: { type: 'string', default: '60' }, interval: { type: 'string', default: '2000' }, counts: { type: 'string', default: '1,10,100' } } });
const seconds = Number(flags.seconds);
const interval = Number(flags.interval);
const counts = flags.counts.split(',').map(Number);
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const SELECTION = `automationExecution(automationExecutionId: $id) {
  automationExecutionStatus currentStepName
  steps(first: 100) { edges { node { stepName stepStatus iteration } } }
}`;
const MODES = ['subscribe', 'subscribe, no backoff', 'poll SSM', 'poll gateway'] as const;
type Mode = (typeof MODES)[number];

/** One client's view: when it saw each new state. */
interface Seen { states: string[]; at: number[] }
const note = (seen: Seen, state: string) => {
  if (state !== seen.states.at(-1)) (seen.states.push(state), seen.at.push(Date.now()));
};

async function run(mode: Mode, n: number) {
  const now = Date.now();
  const data = generateDataset({ seed: 1, size: 'small', live: true, now });
  const plan = (data.live as LivePlans).plans.filter((p) => p.kind === 'automation' && p.atNow && !p.full.ParentAutomationExecutionId).sort((a, b) => b.events.length - a.events.length)[0];
  const id = String(plan.full.AutomationExecutionId);
  const emulator = await startEmulator({ data, live: true });
  // Defaults but for the interval and the limits; SDK retries on, as in production (a keep-alive
  // socket the emulator closes as it is reused is retried, not an error).
  const config = loadConfig({ LOG_LEVEL: 'error', SSM_REGIONS: 'us-east-1', LIVE_POLL_MS: String(interval), ...(mode === 'subscribe, no backoff' ? { LIVE_POLL_MAX_MS: String(interval) } : {}), LIVE_MAX_SUBSCRIPTIONS_PER_CLIENT: '0', LIVE_MAX_SUBSCRIPTIONS: '0' });
  const locations = await createGatewayEstate(config, { endpoint: emulator.url, stsEndpoint: emulator.url, credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
  await locations.list();
  const gateway = createGateway({ locations, config });
  const served = await serve(gateway, { ...config, port: 0, host: '127.0.0.1' });
  const views: Seen[] = Array.from({ length: n }, () => ({ states: [], at: [] }));
  const stops: (() => void)[] = [];
  const loops: Promise<void>[] = [];
  const sse = createClient({ url: served.url, retryAttempts: 0 });
  const ssm = new SSMClient({ endpoint: emulator.url, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
  const state = (e: { automationExecution: unknown }) => JSON.stringify(e.automationExecution);
  const pollSsm = async () => {
    const { AutomationExecution: e } = await ssm.send(new GetAutomationExecutionCommand({ AutomationExecutionId: id }));
    const steps = [];
    let token: string | undefined;
    do {
      const page = await ssm.send(new DescribeAutomationStepExecutionsCommand({ AutomationExecutionId: id, NextToken: token }));
      steps.push(...(page.StepExecutions ?? []));
      token = page.NextToken;
    } while (token && steps.length < 100);
    return JSON.stringify({ automationExecutionStatus: e!.AutomationExecutionStatus, currentStepName: e!.CurrentStepName ?? null, steps: { edges: steps.slice(0, 100).map((s) => ({ node: { stepName: s.StepName, stepStatus: s.StepStatus, iteration: s.ParentStepDetails?.Iteration ?? null } })) } });
  };
  const query = JSON.stringify({ query: `query Q($id: ID!) { ${SELECTION} }`, variables: { id } });
  let failed = 0;
  const pollGateway = async () => {
    const res = await fetch(served.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: query });
    const body = (await res.json()) as { data: { automationExecution: unknown }; errors?: unknown[] };
    if (body.errors) failed++;
    return state(body.data);
  };
  for (const view of views) {
    if (mode.startsWith('subscribe')) {
      stops.push(sse.subscribe({ query: `subscription S($id: ID!) { ${SELECTION} }`, variables: { id } }, { next: (e) => note(view, state(e.data as never)), error: (e) => console.error(e), complete: () => {} }));
    } else {
      let on = true;
      stops.push(() => (on = false));
      loops.push((async () => {
        // Clients start spread over one interval, as independent tabs would.
        await sleep(Math.random() * interval);
        while (on) {
          const started = Date.now();
          note(view, await (mode === 'poll SSM' ? pollSsm() : pollGateway()));
          await sleep(Math.max(0, interval - (Date.now() - started)));
        }
      })());
    }
  }
  while (views.some((v) => !v.states.length)) await sleep(20);
  emulator.reset();
  const from = Date.now();
  await sleep(seconds * 1000);
  const calls = emulator.calls().filter((c) => c.service === 'ssm').length;
  const to = Date.now();
  for (const stop of stops) stop();
  await Promise.all(loops);
  // For each upstream change inside the window: how long until each client showed a new state.
  const changes = plan.events.filter((t) => t > from && t < to);
  const lags = views.flatMap((v) => changes.flatMap((t) => v.at.filter((a) => a >= t).slice(0, 1).map((a) => a - t)));
  const seen = views.map((v) => v.at.filter((a) => a >= from && a <= to).length);
  sse.dispose();
  ssm.destroy();
  await served.close();
  locations.close();
  await emulator.close();
  return { failed, calls: (calls * 60_000) / (to - from), changes: changes.length, seen: percentile(seen, 50), lag50: percentile(lags, 50), lag95: percentile(lags, 95) };
}

console.log(`## Live: upstream calls per minute, N clients watching one running automation (interval ${interval} ms, ${seconds} s measured per run)\n`);
const rows: (string | number)[][] = [];
for (const n of counts) {
  for (const mode of MODES) {
    const r = await run(mode, n);
    rows.push([n, mode, fmt(r.calls), r.changes, r.seen, fmt(r.lag50), fmt(r.lag95), r.failed]);
    console.error(`  ${n} × ${mode}: ${fmt(r.calls)} calls/min`);
  }
}
console.log(table(['clients', 'how', 'SSM calls/min', 'upstream changes', 'changes seen (median client)', 'lag p50 ms', 'lag p95 ms', 'answers with errors'], rows));
