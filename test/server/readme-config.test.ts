/**
 * The configuration tables are the settings' declarations (`npm run docs:config` rewrites them):
 * every setting in the README, the production ones in docs/production.md.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { withConfigTable, withProductionTable } from '../../src/scripts/print-config-table.ts';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

it('README.md documents every setting, with its default', () => {
  const readme = read('README.md');
  expect(readme).toBe(withConfigTable(readme));
});

it('docs/production.md documents every production setting, with its default', () => {
  const doc = read('docs/production.md');
  expect(doc).toBe(withProductionTable(doc));
  expect(doc).toMatch(/\| `CORS_ORIGINS` \|/);
});
