/** Rewrites the README's configuration table from `SETTINGS` (`npm run docs:config`); a test keeps them in sync. */
import { readFileSync, writeFileSync } from 'node:fs';
import { SETTINGS } from '../server/config.ts';

export function configTable(): string {
  const rows = Object.entries(SETTINGS).map(([name, [fallback, meaning]]) => `| \`${name}\` | ${fallback} | ${meaning} |`);
  return ['| Variable | Default | Meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

const START = '<!-- config:start -->';
const END = '<!-- config:end -->';

export function withConfigTable(readme: string): string {
  const from = readme.indexOf(START);
  const to = readme.indexOf(END);
  if (from < 0 || to < from) throw new Error(`README.md needs ${START} and ${END} around the configuration table`);
  return `${readme.slice(0, from + START.length)}\n${configTable()}\n${readme.slice(to)}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const path = new URL('../../README.md', import.meta.url);
  writeFileSync(path, withConfigTable(readFileSync(path, 'utf8')));
  console.log('README.md configuration table updated');
}
