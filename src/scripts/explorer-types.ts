/**
 * The explorer's GraphQL types: gql.tada reads schema.graphql's introspection
 * from src/explorer/graphql-env.d.ts (committed, so editors and `tsc` need no
 * build step). `npm run explorer:types` rewrites it; a test fails when it is
 * out of sync with schema.graphql.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { outputIntrospectionFile } from '@gql.tada/internal';
import { buildSchema, introspectionFromSchema } from 'graphql';

export const SCHEMA_FILE = new URL('../../schema.graphql', import.meta.url);
export const GRAPHQL_ENV_FILE = new URL('../explorer/graphql-env.d.ts', import.meta.url);

const PREAMBLE =
  '/* eslint-disable */\n/* prettier-ignore */\n/* Generated from schema.graphql by `npm run explorer:types` (src/scripts/explorer-types.ts): do not edit. */\n\n';

export function explorerGraphqlEnv(sdl: string): string {
  const introspection = introspectionFromSchema(buildSchema(sdl), { descriptions: false });
  return outputIntrospectionFile(introspection, { fileType: '.d.ts', shouldPreprocess: true, preamble: PREAMBLE });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(GRAPHQL_ENV_FILE, explorerGraphqlEnv(readFileSync(SCHEMA_FILE, 'utf8')));
  console.log('src/explorer/graphql-env.d.ts updated from schema.graphql');
}
