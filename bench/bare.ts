/**
 * The bare server: graphql-yoga over the same schema subset, answering from
 * memory with the JSON the gateway returned (default resolvers walk it). Under
 * load, the gateway's throughput against this one is its own overhead: loaders,
 * cache lookups, cursors, model-driven fields.
 */
import { buildSchema } from 'graphql';
import { createYoga } from 'graphql-yoga';
import { SUBSET_SDL } from './naive.ts';

/** `data` is a GraphQL answer's `data`: each root field returns its member. */
export function createBareServer(data: Record<string, unknown>) {
  const schema = buildSchema(SUBSET_SDL);
  for (const [name, field] of Object.entries(schema.getQueryType()!.getFields())) field.resolve = () => data[name] ?? null;
  return createYoga({ schema, graphqlEndpoint: '/graphql', landingPage: false, graphiql: false });
}
