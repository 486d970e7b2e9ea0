/**
 * The package as a user gets it: `npm pack` (whose prepack runs `npm run
 * build`) in a copy of this checkout, the tarball installed in an empty folder
 * (its dependencies from the registry, dev dependencies left out, so no tsx
 * and no TypeScript), and its two bins run with plain `node`: `ssm-emulator`
 * serves a generated account, `ssm-graph` answers a query over it and serves
 * the explorer page. Then `npm start` in the built copy runs dist/main.js and
 * stops on SIGTERM. The copy keeps this checkout's dist/ untouched (other
 * tests build the explorer there).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { isolatedEnv, listening, ROOT, run } from '../server/processes.ts';

const PACKED = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'README.md', 'schema.graphql', 'schema.subgraph.graphql', 'src', 'examples', 'docs'];
const work = mkdtempSync(join(tmpdir(), 'ssm-graph-pack-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', env: isolatedEnv({ npm_config_update_notifier: 'false' }), stdio: ['ignore', 'pipe', 'pipe'] });
const ask = (url: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ automationExecutions(first: 2) { edges { node { automationExecutionId executionStartTime } } } }' }) }).then(
    async (r) => ({ status: r.status, body: await r.json() }),
  );

it('packs, installs in an empty folder and serves a query with node; npm start runs the build', { timeout: 400_000 }, async () => {
  const checkout = join(work, 'checkout');
  mkdirSync(checkout);
  for (const f of PACKED) cpSync(join(ROOT, f), join(checkout, f), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(checkout, 'node_modules'));

  // Its prepack's output (the build) comes first on stdout, then pack's JSON.
  const out = npm(['pack', '--json', '--pack-destination', work], checkout);
  const [packed] = JSON.parse(out.slice(out.search(/^\[/m))) as { filename: string; files: { path: string }[] }[];
  const files = packed.files.map((f) => f.path);
  expect(files).toEqual(expect.arrayContaining(['dist/main.js', 'dist/emulator/cli.js', 'dist/ssm-api-model.json', 'dist/explorer/index.html', 'package.json', 'README.md']));
  expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);

  const app = join(work, 'app');
  mkdirSync(app);
  npm(['install', join(work, packed.filename), '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'], app);
  expect(existsSync(join(app, 'node_modules/tsx'))).toBe(false);
  expect(existsSync(join(app, 'node_modules/typescript'))).toBe(false);

  const bin = (name: string) => join(app, 'node_modules/.bin', name);
  const emulator = run(bin('ssm-emulator'), ['--port', '0', '--size', 'small'], isolatedEnv());
  const [, emulatorUrl] = await emulator.waitFor(/listening on (http:\/\/[\d.:]+)/);
  const env = isolatedEnv({ SSM_ENDPOINT: emulatorUrl, AWS_ENDPOINT_URL_STS: emulatorUrl, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', LOG_LEVEL: 'warn' });
  const gateway = run(bin('ssm-graph'), [], env);
  const { url, port } = await listening(gateway);
  const answer = await ask(url);
  expect(answer.status).toBe(200);
  expect(answer.body.errors).toBeUndefined();
  expect(answer.body.data.automationExecutions.edges).toHaveLength(2);
  expect(answer.body.data.automationExecutions.edges[0].node.executionStartTime).toMatch(/^\d{4}-\d\d-\d\dT/);
  const page = await fetch(`http://127.0.0.1:${port}/explorer`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<meta name="graphql-endpoint" content="/graphql"');
  gateway.child.kill('SIGTERM');
  expect(await gateway.exited).toEqual({ code: 0, signal: null });
  expect(gateway.stderr()).toBe('');

  // `npm start` in the built checkout: node dist/main.js, exec'd, so SIGTERM reaches it.
  const started = run('npm', ['start', '--silent'], env, checkout);
  const served = await listening(started);
  expect((await ask(served.url)).body.data.automationExecutions.edges).toHaveLength(2);
  started.child.kill('SIGTERM');
  expect(await started.exited).toEqual({ code: 0, signal: null });
  emulator.child.kill('SIGTERM');
});
