#!/usr/bin/env -S npx tsx
/**
 * `npm run emulator -- [flags]`: serve a generated or loaded SSM account.
 *
 *   --port N          port (default 4566; 0 = random)
 *   --host H          interface (default 127.0.0.1)
 *   --size S          generated dataset size: small | medium | large (default small)
 *   --seed N          generator, stingy-page and fault seed (default 1)
 *   --data FILE       serve this dataset file instead of a generated one
 *   --stingy          short pages and empty filtered pages with a NextToken
 *   --token-ttl MS    NextToken lifetime (default 3600000)
 *   --latency MS      added latency on every call
 *   --jitter MS       extra random latency in [0, MS]
 *   --throttle-rps N  ThrottlingException above N calls/s (all operations together)
 *   --error-rate P    probability 0..1 of InternalServerError
 *   --faults RULES    fault rules as JSON (an array of FaultRule, or `{"faults": [...]}`),
 *                     inline or the path of a JSON file: per-operation rules, hangs,
 *                     per-operation throttling; added to the rule the flags above make
 *
 * Prints the URL and how to point the AWS CLI/SDK at it, then serves until
 * SIGINT/SIGTERM.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Dataset } from './dataset.ts';
import { checkFaultRules, type FaultRule } from './faults.ts';
import { generateDataset, type DatasetSize } from './generate.ts';
import { loadDatasetFile } from './load.ts';
import { startEmulator } from './server.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4566' },
    host: { type: 'string', default: '127.0.0.1' },
    size: { type: 'string', default: 'small' },
    seed: { type: 'string', default: '1' },
    data: { type: 'string' },
    stingy: { type: 'boolean', default: false },
    'token-ttl': { type: 'string' },
    latency: { type: 'string' },
    jitter: { type: 'string' },
    'throttle-rps': { type: 'string' },
    'error-rate': { type: 'string' },
    faults: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log('usage: npm run emulator -- [--port 4566] [--host 127.0.0.1] [--size small|medium|large] [--seed 1] [--data file.json]');
  console.log('         [--stingy] [--token-ttl ms] [--latency ms] [--jitter ms] [--throttle-rps n] [--error-rate p]');
  console.log('         [--faults \'[{"operations":["ListCommands"],"hang":true}]\' | --faults rules.json]');
  process.exit(0);
}

function num(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) {
    console.error(`--${name} must be a non-negative number, got ${v}`);
    process.exit(2);
  }
  return n;
}

function loadData(): Dataset {
  if (values.data) return loadDatasetFile(values.data);
  const size = values.size as DatasetSize;
  if (!['small', 'medium', 'large'].includes(size)) {
    console.error(`--size must be small, medium or large, got ${values.size}`);
    process.exit(2);
  }
  return generateDataset({ seed: num('seed', values.seed), size });
}

const rule: FaultRule = {
  latencyMs: num('latency', values.latency),
  jitterMs: num('jitter', values.jitter),
  throttleRps: num('throttle-rps', values['throttle-rps']),
  errorRate: num('error-rate', values['error-rate']),
};
/** `--faults`: inline JSON when it looks like JSON, else a file; exits with the reason when malformed. */
function ruleFile(arg: string | undefined): FaultRule[] {
  if (arg === undefined) return [];
  try {
    const text = /^\s*[[{]/.test(arg) ? arg : readFileSync(arg, 'utf8');
    const body = JSON.parse(text) as unknown;
    return checkFaultRules(Array.isArray(body) ? body : (body as { faults?: unknown } | null)?.faults);
  } catch (e) {
    console.error(`--faults: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  }
}

const faults = [...(Object.values(rule).some((v) => v !== undefined) ? [rule] : []), ...ruleFile(values.faults)];

let data: Dataset;
try {
  data = loadData();
} catch (e) {
  console.error(`ssm-emulator: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(2);
}
const emu = await startEmulator({
  port: num('port', values.port),
  host: values.host,
  data,
  faults,
  stingy: values.stingy,
  tokenTtlMs: num('token-ttl', values['token-ttl']),
  seed: num('seed', values.seed),
});

const counts = Object.entries(data).map(([k, v]) => `${k}=${(v as unknown[]).length}`).join(' ');
console.log(`SSM emulator listening on ${emu.url}`);
console.log(`  data: ${values.data ?? `generated size=${values.size} seed=${values.seed}`} (${counts})`);
if (values.stingy) console.log('  stingy pages: on');
if (faults.length) console.log(`  faults: ${JSON.stringify(faults)}`);
console.log('Point the AWS CLI / SDK at it:');
console.log(`  export AWS_ENDPOINT_URL_SSM=${emu.url} AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test`);
console.log('  aws ssm describe-maintenance-windows');
console.log(`  new SSMClient({ endpoint: '${emu.url}', region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } })`);
console.log(`Control plane: GET ${emu.url}/_emulator/calls, POST ${emu.url}/_emulator/reset, GET|PUT ${emu.url}/_emulator/faults`);

const stop = () => {
  void emu.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
