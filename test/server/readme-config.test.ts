/** The README's configuration table is the settings the code reads (`npm run docs:config` rewrites it). */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { withConfigTable } from '../../src/scripts/print-config-table.ts';

it('README.md documents every setting, with its default', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  expect(readme).toBe(withConfigTable(readme));
});
