/**
 * Imports every domain, which registers its types on the builder, and builds the schemas:
 * `schema` for the standalone gateway, `subgraphSchema` for an Apollo Federation supergraph.
 */
import { lexicographicSortSchema, type GraphQLSchema } from 'graphql';
import { builder } from './builder.ts';
import './associations.ts';
import './automation.ts';
import './commands.ts';
import './maintenance-windows.ts';
import './live.ts';
import './federation.ts';
import { buildSubgraphSchema, withoutRelayNodeFields, type SubgraphSchemaOptions } from './subgraph.ts';

/** The standalone schema (with the Relay `node`/`nodes` root fields): schema.graphql. */
export const schema = lexicographicSortSchema(builder.toSchema());
/** The federated subgraph schema (`_service`, `_entities`), without `node`/`nodes`: schema.subgraph.graphql. */
export const subgraphSchema = buildSubgraphSchema({ relayNodeFields: false });

export interface SchemaChoice extends SubgraphSchemaOptions {
  /** Serve the federated subgraph schema. */
  subgraph: boolean;
}

const variants = new Map<string, GraphQLSchema>();
/** The schema a gateway serves for its configuration (SUBGRAPH, RELAY_NODE_FIELDS); each variant is built once. */
export function selectSchema({ subgraph, relayNodeFields }: SchemaChoice): GraphQLSchema {
  if (!subgraph && relayNodeFields) return schema;
  if (subgraph && !relayNodeFields) return subgraphSchema;
  const key = `${subgraph}:${relayNodeFields}`;
  if (!variants.has(key)) {
    variants.set(key, subgraph ? buildSubgraphSchema({ relayNodeFields }) : withoutRelayNodeFields(schema));
  }
  return variants.get(key)!;
}

export { buildSubgraphSchema, type SubgraphSchemaOptions };
export type { SchemaContext } from './context.ts';
