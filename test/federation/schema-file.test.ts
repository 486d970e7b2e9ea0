/** schema.subgraph.graphql is what a supergraph composes: it must be the SDL the subgraph serves. */
import { readFileSync } from 'node:fs';
import { printSubgraphSchema } from '@apollo/subgraph';
import { expect, it } from 'vitest';
import { subgraphSchema } from '../../src/schema/index.ts';

it('schema.subgraph.graphql equals the printed subgraph SDL (run `npm run schema:print` after a schema change)', () => {
  const committed = readFileSync(new URL('../../schema.subgraph.graphql', import.meta.url), 'utf8');
  expect(committed).toBe(`${printSubgraphSchema(subgraphSchema)}\n`);
});
