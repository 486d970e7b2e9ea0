/** The Pothos builder: configuration only (context, plugins, scalars, Relay options). */
import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import DirectivesPlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import RelayPlugin from '@pothos/plugin-relay';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import type { SchemaContext } from './context.ts';
import { decodeGlobalId, encodeGlobalId } from './global-id.ts';

export const builder = new SchemaBuilder<{
  Context: SchemaContext;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
  };
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
}>({
  // Order matters: federation last (see docs/federation.md). Federation directives live in type
  // extensions and are printed only by the subgraph schema's SDL, never by schema.graphql.
  plugins: [RelayPlugin, DataloaderPlugin, DirectivesPlugin, FederationPlugin],
  relay: {
    cursorType: 'String',
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
    encodeGlobalID: encodeGlobalId,
    decodeGlobalID: decodeGlobalId,
    // Other subgraphs of a supergraph have their own PageInfo.
    pageInfoTypeOptions: { shareable: true },
  },
});

/** The builder's schema types, for helpers that build fields generically. */
export type Types = typeof builder.$inferSchemaTypes;

builder.addScalarType('DateTime', DateTimeResolver);
builder.addScalarType('JSON', JSONResolver);
builder.queryType({});
