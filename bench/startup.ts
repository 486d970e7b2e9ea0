/**
 * `npm run bench:startup`: the compiled server (`node dist/main.js`, what `npm
 * start` runs) beside the TypeScript one (`node --import tsx src/main.ts`,
 * `npm run start:source`): start time and base RSS, against the emulator in
 * this process (small generated account).
 *
 *   bench/startup.ts [--runs N] [--no-build]
 *
 * Each run spawns the server with PORT=0 and measures, in order:
 * - start: from spawn to its "listening" line (settings, modules, schema);
 * - first: from spawn to the first answered query (a small list);
 * - RSS: the server process's VmRSS (/proc) one second after 10 queries, and
 *   its peak (VmHWM) by then.
 * Runs alternate between the two, and the table gives medians (min–max).
 * Builds dist/ first (npm run build) unless --no-build.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { startEmulator } from '../src/emulator/index.ts';
import { generateDataset } from '../src/emulator/generate.ts';

const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1] || 0) || 7;
const ROOT = new URL('..', import.meta.url).pathname;
if (!args.includes('--no-build')) {
  const built = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0) process.exit(1);
}

const emulator = await startEmulator({ port: 0, data: generateDataset({ seed: 1, size: 'small' }), stingy: false });
const env = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: process.env.HOME ?? '/root',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  AWS_EC2_METADATA_DISABLED: 'true',
  SSM_ENDPOINT: emulator.url,
  AWS_ENDPOINT_URL_STS: emulator.url,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  HOST: '127.0.0.1',
  PORT: '0',
  LOG_LEVEL: 'warn',
};
const MODES = { compiled: ['dist/main.js'], tsx: ['--import', 'tsx', 'src/main.ts'] } as const;
type Mode = keyof typeof MODES;
interface Sample {
  startMs: number;
  firstMs: number;
  rss: number;
  hwm: number;
}

const status = (pid: number, field: string) => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))![1]) * 1024;
const QUERY = JSON.stringify({ query: '{ automationExecutions(first: 5) { edges { node { automationExecutionId automationExecutionStatus } } } }' });

async function once(mode: Mode): Promise<Sample> {
  const t0 = performance.now();
  const child = spawn(process.execPath, MODES[mode], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (c: string) => {
      out += c;
      const m = out.match(/listening on (http:\/\/[\w.]+:\d+\/graphql)/);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`${mode} exited ${code}: ${out}`)));
  });
  const startMs = performance.now() - t0;
  const ask = () => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: QUERY }).then((r) => r.json());
  await ask();
  const firstMs = performance.now() - t0;
  for (let i = 0; i < 9; i++) await ask();
  await new Promise((r) => setTimeout(r, 1_000));
  const sample = { startMs, firstMs, rss: status(child.pid!, 'VmRSS'), hwm: status(child.pid!, 'VmHWM') };
  await new Promise((r) => (child.once('exit', r), child.kill('SIGTERM')));
  return sample;
}

const samples: Record<Mode, Sample[]> = { compiled: [], tsx: [] };
for (let i = 0; i < RUNS; i++) for (const mode of Object.keys(MODES) as Mode[]) samples[mode].push(await once(mode));
await emulator.close();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cell = (xs: number[], f: (x: number) => string) => `${f(median(xs))} (${f(Math.min(...xs))}–${f(Math.max(...xs))})`;
const ms = (x: number) => String(Math.round(x));
const mib = (x: number) => (x / 2 ** 20).toFixed(1);
console.log(`| server | start ms | first answer ms | RSS MiB | peak RSS MiB |`);
console.log(`|:--|--:|--:|--:|--:|`);
for (const mode of Object.keys(MODES) as Mode[]) {
  const s = samples[mode];
  const cmd = mode === 'compiled' ? '`node dist/main.js`' : '`node --import tsx src/main.ts`';
  console.log(`| ${cmd} | ${cell(s.map((x) => x.startMs), ms)} | ${cell(s.map((x) => x.firstMs), ms)} | ${cell(s.map((x) => x.rss), mib)} | ${cell(s.map((x) => x.hwm), mib)} |`);
}
console.log(`\n${RUNS} runs each, alternating; medians (min–max). Node ${process.version}, nproc ${(await import('node:os')).availableParallelism()}.`);
