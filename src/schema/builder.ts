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
    encodeGlobalID: encodeGlobalId,
    decodeGlobalID: decodeGlobalId,
    // Every field and argument the plugin builds is documented here; a test fails on an undocumented one.
    edgesFieldOptions: { nullable: false, description: 'The items of this page, in the connection\'s order, each with its cursor.' },
    nodeFieldOptions: { nullable: false, description: 'The item.' },
    cursorFieldOptions: { description: 'Where this item is in the connection: pass it as `after` (or `before`) to page on from here. Opaque, signed, and expires (CURSOR_TTL_MS).' },
    pageInfoFieldOptions: { description: 'Where this page is in the connection.' },
    hasNextPageFieldOptions: { description: 'True when items follow this page (asked of SSM only when selected, at a page boundary).' },
    hasPreviousPageFieldOptions: { description: 'True when items precede this page (this page was asked for with a cursor).' },
    startCursorFieldOptions: { description: "The first item's cursor; null for an empty page." },
    endCursorFieldOptions: { description: "The last item's cursor (or where an early-ended page resumes); null for an empty page." },
    firstArgOptions: { description: 'How many items to return from the start (or after `after`): 0 to PAGE_MAX_FIRST, default PAGE_DEFAULT_FIRST.' },
    afterArgOptions: { description: 'A cursor this connection returned: the page starts after its item.' },
    lastArgOptions: { description: 'How many items to return from the end (or before `before`); only where SSM lists in reverse.' },
    beforeArgOptions: { description: 'A cursor this connection returned: the page ends before its item.' },
    nodeTypeOptions: { description: 'A record that can be fetched again by its global `id` (`Query.node`).' },
    idFieldOptions: { description: 'The Relay global ID: base64url of `Type:accountId/region/SSM key`. Pass it to `node(id:)` to fetch the record again.' },
    pageInfoTypeOptions: {
      // Other subgraphs of a supergraph have their own PageInfo.
      shareable: true,
      description: 'Where a page is in its connection (Relay).',
    },
    nodeQueryOptions: {
      description: 'The record a global `id` names, from the account and region it carries.',
      args: { id: { description: 'A global `id` exactly as this API returned it.' } },
    },
    nodesQueryOptions: {
      description: 'The records global `ids` name, in order (at most MAX_NODE_IDS); an unknown or malformed one is null with its error.',
      args: { ids: { description: 'Global `id`s exactly as this API returned them.' } },
    },
  },
});

/** The builder's schema types, for helpers that build fields generically. */
export type Types = typeof builder.$inferSchemaTypes;

builder.addScalarType('DateTime', DateTimeResolver);
builder.addScalarType('JSON', JSONResolver);
builder.queryType({ description: 'SSM execution history across the served accounts and regions.' });
