/** schema.graphql is what frontends and codegen read: it must be the schema the code builds. */
import { readFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { expect, it } from 'vitest';
import { schema } from '../../src/schema/index.ts';

it('schema.graphql equals the printed schema (run `npm run schema:print` after a schema change)', () => {
  const committed = readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8');
  expect(committed).toBe(`${printSchema(schema)}\n`);
});
