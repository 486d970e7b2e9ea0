/** The explorer's generated GraphQL types are schema.graphql's: regenerate them with `npm run explorer:types`. */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { explorerGraphqlEnv, GRAPHQL_ENV_FILE, SCHEMA_FILE } from '../../src/scripts/explorer-types.ts';

it('src/explorer/graphql-env.d.ts is generated from schema.graphql (run `npm run explorer:types` after a schema change)', () => {
  const committed = readFileSync(GRAPHQL_ENV_FILE, 'utf8');
  expect(committed).toBe(explorerGraphqlEnv(readFileSync(SCHEMA_FILE, 'utf8')));
  // It describes the schema's types (a sanity check that the comparison is not of two empty files).
  expect(committed).toContain("'AutomationStepExecution': { kind: 'OBJECT'");
});
