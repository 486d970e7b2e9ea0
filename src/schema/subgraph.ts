/**
 * The federated subgraph schema, built from the same builder as the standalone one.
 *
 * The Relay `node`/`nodes` root fields are builder-wide in Pothos, so the subgraph
 * variant drops them afterwards when asked: another subgraph of the supergraph
 * usually has its own `node`, and two `Query.node` fields do not compose. The SDL
 * `_service { sdl }` returns is printed from the final schema, so routers see
 * exactly what is served.
 *
 * `_entities` is guarded: @apollo/subgraph's resolver throws out of the whole list
 * on a representation whose `__typename` is not a type of the schema, after the
 * earlier items' loads have started, so their rejections went unobserved (an
 * unhandled rejection kills the process) and the whole response became null.
 * Each representation is checked here first; an invalid one fails only its own
 * item, with BAD_USER_INPUT, and never reaches the resolver or SSM.
 *
 * The subgraph has no Subscription type: routers serve federated subscriptions
 * over their own protocols (callbacks, multipart HTTP, WebSockets), not the
 * Server-Sent Events this gateway speaks (src/server/live/). Subscribers
 * connect to the gateway itself.
 */
import { printSubgraphSchema } from '@apollo/subgraph';
import { MapperKind, mapSchema } from '@graphql-tools/utils';
import { assertUnionType, type GraphQLFieldConfig, type GraphQLSchema } from 'graphql';
import { builder } from './builder.ts';
import { badInput } from './errors.ts';

export interface SubgraphSchemaOptions {
  /** Keep `Query.node` and `Query.nodes` (only when no other subgraph of the supergraph has them). */
  relayNodeFields: boolean;
}

export const FEDERATION_LINK = 'https://specs.apollo.dev/federation/v2.6';
const RELAY_ROOT_FIELDS = new Set(['node', 'nodes']);

/** The names of the entity types: the members of the `_Entity` union the federation plugin built. */
export function entityTypeNames(schema: GraphQLSchema): Set<string> {
  return new Set(assertUnionType(schema.getType('_Entity')).getTypes().map((t) => t.name));
}

/** Why a representation cannot be resolved, or undefined when it names an entity type. */
function invalidReference(ref: unknown, entities: Set<string>): string | undefined {
  if (typeof ref !== 'object' || ref === null || Array.isArray(ref)) return 'a representation must be an object';
  const { __typename } = ref as { __typename?: unknown };
  if (typeof __typename !== 'string') return 'a representation must have a string `__typename`';
  if (!entities.has(__typename)) return `\`__typename\` must name an entity type (${[...entities].join(', ')})`;
  return undefined;
}

/**
 * `_entities` answering every item: an invalid representation becomes a BAD_USER_INPUT error
 * at its own index (graphql-js turns an Error in a list into that item's null plus an error);
 * the valid ones go to the original resolver in one call, so batching is unchanged, and
 * their results are put back in order.
 */
function guardEntities(field: GraphQLFieldConfig<unknown, unknown>, entities: Set<string>): GraphQLFieldConfig<unknown, unknown> {
  const resolve = field.resolve!;
  return {
    ...field,
    resolve: (source, args: { representations: unknown[] }, ctx, info) => {
      const out: unknown[] = new Array(args.representations.length);
      const valid: unknown[] = [];
      const at: number[] = [];
      args.representations.forEach((ref, i) => {
        const reason = invalidReference(ref, entities);
        if (reason === undefined) {
          valid.push(ref);
          at.push(i);
        } else {
          out[i] = badInput(`Malformed reference at representations[${i}]: ${reason}.`, {
            argument: 'representations',
            reason: 'MALFORMED_REFERENCE',
          });
        }
      });
      if (valid.length === 0) return out;
      const merge = (resolved: unknown[]) => {
        resolved.forEach((r, j) => (out[at[j]] = r));
        return out;
      };
      const resolved = resolve(source, { ...args, representations: valid }, ctx, info) as unknown[] | Promise<unknown[]>;
      return resolved instanceof Promise ? resolved.then(merge) : merge(resolved);
    },
  };
}

export function buildSubgraphSchema({ relayNodeFields }: SubgraphSchemaOptions): GraphQLSchema {
  const built = builder.toSubGraphSchema({ linkUrl: FEDERATION_LINK });
  const entities = entityTypeNames(built);
  let sdl = '';
  const schema = mapSchema(built, {
    [MapperKind.SUBSCRIPTION]: () => null,
    [MapperKind.QUERY_ROOT_FIELD]: (field, name) => {
      if (!relayNodeFields && RELAY_ROOT_FIELDS.has(name)) return null;
      if (name === '_service') return { ...field, resolve: () => ({ sdl }) };
      if (name === '_entities') return guardEntities(field, entities);
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
