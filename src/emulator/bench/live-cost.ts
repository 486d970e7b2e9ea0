/**
 * What a call costs in live mode, against static mode, at each size: the same
 * mix of SSM calls through the real SDK, the manual clock moving 2 s before
 * each live call (so every call applies the plan events that passed). Prints
 * the time per call (mean, p50, p95) and the time to build the emulator.
 *
 *   npx tsx src/emulator/bench/live-cost.ts [calls per case, default 400]
 */
import { SSMClient } from '@aws-sdk/client-ssm';
import * as ssm from '@aws-sdk/client-ssm';
import { createManualClock } from '../clock.ts';
import { ANCHOR_MS, generateDataset, type DatasetSize } from '../generate.ts';
import { startEmulator } from '../server.ts';

const N = Number(process.argv[2] ?? 400);
type Cmd = Parameters<SSMClient['send']>[0];
const cmd = (op: string, input: Record<string, unknown>): Cmd => new (ssm as unknown as Record<string, new (i: unknown) => Cmd>)[`${op}Command`](input);

async function run(size: DatasetSize, live: boolean): Promise<{ setupMs: number; perCall: number[] }> {
  const data = generateDataset({ seed: 1, size, live });
  const clock = createManualClock(ANCHOR_MS);
  const t0 = performance.now();
  const emu = await startEmulator({ data, live, clock });
  const setupMs = performance.now() - t0;
  const c = new SSMClient({ endpoint: emu.url, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' }, maxAttempts: 1 });
  const running = data.automationExecutions.filter((a) => a.AutomationExecutionStatus === 'InProgress').map((a) => a.AutomationExecutionId!);
  const windowId = data.maintenanceWindows[0].WindowId!;
  const mix: Cmd[] = [
    cmd('DescribeAutomationExecutions', { MaxResults: 50 }),
    cmd('GetAutomationExecution', { AutomationExecutionId: running[0] }),
    cmd('DescribeAutomationStepExecutions', { AutomationExecutionId: running[running.length - 1] }),
    cmd('DescribeMaintenanceWindowExecutions', { WindowId: windowId }),
    cmd('ListCommands', { MaxResults: 50 }),
  ];
  for (let i = 0; i < 50; i++) await c.send(mix[i % mix.length]); // warm-up
  const perCall: number[] = [];
  for (let i = 0; i < N; i++) {
    if (live) clock.advance(2_000);
    const t = performance.now();
    await c.send(mix[i % mix.length]);
    perCall.push(performance.now() - t);
  }
  c.destroy();
  await emu.close();
  return { setupMs, perCall };
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
console.log(`calls per case: ${N} (clock +2 s per live call; ${N * 2} s of simulated time)`);
console.log('size    mode    setup ms  mean ms  p50 ms  p95 ms');
for (const size of ['small', 'large'] as DatasetSize[]) {
  for (const live of [false, true]) {
    const r = await run(size, live);
    const mean = r.perCall.reduce((a, b) => a + b, 0) / r.perCall.length;
    console.log(`${size.padEnd(7)} ${(live ? 'live' : 'static').padEnd(7)} ${r.setupMs.toFixed(0).padStart(8)} ${mean.toFixed(2).padStart(8)} ${pct(r.perCall, 50).toFixed(2).padStart(7)} ${pct(r.perCall, 95).toFixed(2).padStart(7)}`);
  }
}
