/**
 * Writes schema.graphql (the standalone schema) and schema.subgraph.graphql (the
 * Apollo Federation subgraph SDL a router composes, as `_service { sdl }` answers it)
 * from the code-first schema (`npm run schema:print`).
 */
import { writeFileSync } from 'node:fs';
import { printSubgraphSchema } from '@apollo/subgraph';
import { printSchema } from 'graphql';
import { schema, subgraphSchema } from '../schema/index.ts';

const outputs: [file: string, sdl: string][] = [
  ['schema.graphql', `${printSchema(schema)}\n`],
  ['schema.subgraph.graphql', `${printSubgraphSchema(subgraphSchema)}\n`],
];
for (const [file, sdl] of outputs) {
  const target = new URL(`../../${file}`, import.meta.url);
  writeFileSync(target, sdl);
  console.log(`wrote ${target.pathname}`);
}
