/**
 * `npm run build`: the package as plain JavaScript, run with `node` alone
 * (`npm start`, the `ssm-graph` and `ssm-emulator` bins, the Dockerfile).
 *
 * 1. dist/ is emptied;
 * 2. the explorer page is built into dist/explorer (Vite; where the server
 *    serves it from, src/server/explorer.ts, from source and from dist alike);
 * 3. tsc -p tsconfig.build.json compiles src/ (but the page and these scripts)
 *    into dist/, `.ts` import specifiers rewritten to `.js`;
 * 4. the SSM model is copied to dist/ssm-api-model.json, where
 *    dist/ssm/model.js and dist/emulator/model.js read it (relative to
 *    themselves, as in src/).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { buildExplorer } from './build-explorer.ts';

const root = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

const started = performance.now();
rmSync(root('dist'), { recursive: true, force: true });
await buildExplorer();
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', root('tsconfig.build.json')], { stdio: 'inherit' });
if (compiled.status !== 0) process.exit(compiled.status ?? 1);
copyFileSync(root('src/ssm-api-model.json'), root('dist/ssm-api-model.json'));
console.log(`built dist/ in ${Math.round(performance.now() - started)} ms: npm start (node dist/main.js), dist/emulator/cli.js`);
