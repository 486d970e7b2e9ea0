/**
 * The federated subgraph schema, built from the same builder as the standalone one.
 *
 * The Relay `node`/`nodes` root fields are builder-wide in Pothos, so the subgraph
 * variant drops them afterwards when asked: another subgraph of the supergraph
 * usually has its own `node`, and two `Query.node` fields do not compose. The SDL
 * `_service { sdl }` returns is printed from the final schema, so routers see
 * exactly what is served.
 */
import { printSubgraphSchema } from '@apollo/subgraph';
import { MapperKind, mapSchema } from '@graphql-tools/utils';
import type { GraphQLSchema } from 'graphql';
import { builder } from './builder.ts';

export interface SubgraphSchemaOptions {
  /** Keep `Query.node` and `Query.nodes` (only when no other subgraph of the supergraph has them). */
  relayNodeFields: boolean;
}

export const FEDERATION_LINK = 'https://specs.apollo.dev/federation/v2.6';
const RELAY_ROOT_FIELDS = new Set(['node', 'nodes']);

export function buildSubgraphSchema({ relayNodeFields }: SubgraphSchemaOptions): GraphQLSchema {
  const built = builder.toSubGraphSchema({ linkUrl: FEDERATION_LINK });
  let sdl = '';
  const schema = mapSchema(built, {
    [MapperKind.QUERY_ROOT_FIELD]: (field, name) => {
      if (!relayNodeFields && RELAY_ROOT_FIELDS.has(name)) return null;
      if (name === '_service') return { ...field, resolve: () => ({ sdl }) };
      return field;
    },
  });
  sdl = printSubgraphSchema(schema);
  return schema;
}

/** The standalone schema without `node`/`nodes` (RELAY_NODE_FIELDS=false outside subgraph mode). */
export function withoutRelayNodeFields(schema: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.QUERY_ROOT_FIELD]: (field, name) => (RELAY_ROOT_FIELDS.has(name) ? null : field),
  });
}
