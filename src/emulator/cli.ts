#!/usr/bin/env node
/**
 * `npm run emulator -- [flags]`: serve a generated or loaded SSM account or
 * estate (flags in `cli-args.ts`). Prints what it serves and how to point the
 * AWS CLI/SDK at it, then serves until SIGINT/SIGTERM. A bad flag prints the
 * usage and exits 2; a bad data or fault file exits 2 naming the problem; a port
 * in use exits 1 naming --port.
 */
import { readFileSync } from 'node:fs';
import { banner } from './cli-banner.ts';
import { USAGE, UsageError, parseCliArgs, type CliSettings } from './cli-args.ts';
import { createManualClock } from './clock.ts';
import type { Dataset } from './dataset.ts';
import type { Estate } from './estate.ts';
import { checkFaultRules, type FaultRule } from './faults.ts';
import { generateDataset } from './generate.ts';
import { generateEstate } from './generate-estate.ts';
import { loadDataFile } from './load-estate.ts';
import { startEmulator } from './server.ts';

function fail(message: string, code = 2, usage = false): never {
  console.error(`ssm-emulator: ${message}`);
  if (usage) console.error(USAGE);
  process.exit(code);
}

let args: CliSettings;
try {
  const parsed = parseCliArgs(process.argv.slice(2));
  if (parsed.help) {
    console.log(USAGE);
    process.exit(0);
  }
  args = parsed;
} catch (e) {
  if (e instanceof UsageError) fail(e.message, 2, true);
  throw e;
}

/** `--faults`: inline JSON when it looks like JSON, else a file. */
function ruleFile(arg: string | undefined): FaultRule[] {
  if (arg === undefined) return [];
  try {
    const text = /^\s*[[{]/.test(arg) ? arg : readFileSync(arg, 'utf8');
    const body = JSON.parse(text) as unknown;
    return checkFaultRules(Array.isArray(body) ? body : (body as { faults?: unknown } | null)?.faults);
  } catch (e) {
    return fail(`--faults: ${e instanceof Error ? e.message : String(e)}`);
  }
}

const flagRule: FaultRule = { latencyMs: args.latencyMs, jitterMs: args.jitterMs, throttleRps: args.throttleRps, errorRate: args.errorRate };
const faults = [...(Object.values(flagRule).some((v) => v !== undefined) ? [flagRule] : []), ...ruleFile(args.faults)];

let served: { data: Dataset } | { estate: Estate };
try {
  const gen = { seed: args.seed, size: args.size, now: args.now, live: args.live };
  served = args.data ? loadDataFile(args.data) : args.estate ? { estate: generateEstate(gen) } : { data: generateDataset(gen) };
} catch (e) {
  fail(e instanceof Error ? e.message : String(e));
}

const clock = args.manualClock ? createManualClock(args.now) : undefined;
let emu: Awaited<ReturnType<typeof startEmulator>>;
try {
  emu = await startEmulator({ ...served, port: args.port, host: args.host, faults, stingy: args.stingy, tokenTtlMs: args.tokenTtlMs, seed: args.seed, live: args.live, clock });
} catch (e) {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') fail(`port ${args.port} is already in use on ${args.host}; choose another with --port N (--port 0 picks a free one)`, 1);
  if (code === 'EACCES' || code === 'EADDRNOTAVAIL') fail(`cannot listen on ${args.host}:${args.port} (${code}); choose another --port or --host`, 1);
  throw e;
}

const what = args.data ? `data file: ${args.data}` : `generated ${args.estate ? 'estate' : 'account'}: size=${args.size} seed=${args.seed} now=${new Date(args.now).toISOString()}`;
const extras = [
  ...(args.live ? ['live: executions in progress advance on the clock'] : []),
  ...(clock ? [`clock: manual, at ${new Date(clock()).toISOString()}; move it with POST /_emulator/clock {"advanceMs": n}`] : []),
  ...(args.stingy ? ['stingy pages: on'] : []),
  ...(faults.length ? [`faults: ${JSON.stringify(faults)}`] : []),
];
for (const line of banner(emu.url, served, what, extras)) console.log(line);

const stop = () => {
  void emu.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
