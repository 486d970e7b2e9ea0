/**
 * Rewrites the configuration tables from the settings' declarations
 * (`npm run docs:config`): every setting in README.md, those tagged
 * `production` in docs/production.md. A test keeps both in sync.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { SETTINGS } from '../server/settings.ts';
import { settingsOf } from '../server/settings-loader.ts';
import type { Setting } from '../server/setting-kinds.ts';

export function configTable(filter: (s: Setting<unknown>) => boolean = () => true): string {
  const rows = settingsOf(SETTINGS)
    .filter(filter)
    .map((s) => `| \`${s.env}\` | ${s.defaultDoc} | ${s.doc} |`);
  return ['| Variable | Default | Meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

/** `doc` with the text between `<!-- name:start -->` and `<!-- name:end -->` replaced by `table`. */
function withTable(doc: string, name: string, table: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  if (from < 0 || to < from) throw new Error(`the document needs ${start} and ${end} around the table`);
  return `${doc.slice(0, from + start.length)}\n${table}\n${doc.slice(to)}`;
}

export const withConfigTable = (readme: string) => withTable(readme, 'config', configTable());
export const withProductionTable = (doc: string) => withTable(doc, 'production-settings', configTable((s) => !!s.production));

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [file, rewrite] of [['../../README.md', withConfigTable], ['../../docs/production.md', withProductionTable]] as const) {
    const path = new URL(file, import.meta.url);
    writeFileSync(path, rewrite(readFileSync(path, 'utf8')));
    console.log(`${file.slice(6)}: configuration table updated`);
  }
}
