/**
 * `npm run build:explorer`: builds the explorer page (src/explorer/) with Vite
 * into EXPLORER_DIST, where the gateway serves it from (src/server/explorer.ts).
 * Everything the page needs is bundled: it loads nothing from elsewhere.
 */
import { fileURLToPath } from 'node:url';
import { build, type Rolldown } from 'vite';
import { EXPLORER_DIST, EXPLORER_PATH } from '../server/explorer.ts';

export const EXPLORER_SOURCE = fileURLToPath(new URL('../explorer/', import.meta.url));

/** Builds the page into `outDir` (EXPLORER_DIST by default) and returns what it wrote. */
export async function buildExplorer(outDir = EXPLORER_DIST, logLevel: 'info' | 'warn' | 'silent' = 'warn') {
  const result = await build({
    configFile: false,
    // A production bundle whatever NODE_ENV the caller runs under (vitest sets `test`).
    mode: 'production',
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    root: EXPLORER_SOURCE,
    base: `${EXPLORER_PATH}/`,
    logLevel,
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact', development: false } },
    build: { outDir, emptyOutDir: true, target: 'es2022', minify: true, sourcemap: false, reportCompressedSize: false },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  return outputs.flatMap((o) => o.output);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = performance.now();
  const files = await buildExplorer();
  console.log(`explorer built into ${EXPLORER_DIST} (${files.length} files, ${Math.round(performance.now() - started)} ms)`);
}
