/**
 * A second subgraph for the federation tests: a small CMDB that owns `Host`, has its
 * own Relay `node` field and connections (and so its own `Node` and `PageInfo`), and
 * references ssm-graph's entities by their raw SSM IDs through unresolvable stubs.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { createYoga } from 'graphql-yoga';

export interface Host {
  id: string;
  hostname: string;
  lastMaintenanceWindowId?: string;
  lastAutomationId?: string;
}

export const CMDB_SDL = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key", "@shareable"])

  interface Node {
    id: ID!
  }

  type Host implements Node @key(fields: "id") {
    id: ID!
    hostname: String!
    lastMaintenanceWindow: MaintenanceWindow
    lastAutomation: AutomationExecution
  }

  type MaintenanceWindow @key(fields: "windowId", resolvable: false) {
    windowId: ID!
  }

  type AutomationExecution @key(fields: "automationExecutionId", resolvable: false) {
    automationExecutionId: ID!
  }

  type PageInfo @shareable {
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
    startCursor: String
    endCursor: String
  }

  type HostEdge {
    cursor: String!
    node: Host!
  }

  type HostConnection {
    edges: [HostEdge!]!
    pageInfo: PageInfo!
  }

  type Query {
    node(id: ID!): Node
    nodes(ids: [ID!]!): [Node]!
    hosts: [Host!]!
    hostConnection(first: Int, after: String): HostConnection!
  }
`;

export function cmdbSchema(hosts: Host[]) {
  const byId = new Map(hosts.map((h) => [h.id, h]));
  const host = (id: string) => byId.get(id) ?? null;
  return buildSubgraphSchema({
    typeDefs: parse(CMDB_SDL),
    resolvers: {
      Node: { __resolveType: () => 'Host' },
      Host: {
        __resolveReference: (ref: { id: string }) => host(ref.id),
        lastMaintenanceWindow: (h: Host) => (h.lastMaintenanceWindowId ? { windowId: h.lastMaintenanceWindowId } : null),
        lastAutomation: (h: Host) => (h.lastAutomationId ? { automationExecutionId: h.lastAutomationId } : null),
      },
      Query: {
        node: (_: unknown, { id }: { id: string }) => host(id),
        nodes: (_: unknown, { ids }: { ids: string[] }) => ids.map(host),
        hosts: () => hosts,
        hostConnection: (_: unknown, { first, after }: { first?: number; after?: string }) => {
          const start = after ? hosts.findIndex((h) => h.id === after) + 1 : 0;
          const page = hosts.slice(start, start + (first ?? hosts.length));
          return {
            edges: page.map((h) => ({ cursor: h.id, node: h })),
            pageInfo: {
              hasNextPage: start + page.length < hosts.length,
              hasPreviousPage: start > 0,
              startCursor: page[0]?.id ?? null,
              endCursor: page.at(-1)?.id ?? null,
            },
          };
        },
      },
    } as never,
  });
}

/** Serves `handler` (a Yoga instance or any fetch-API handler) on 127.0.0.1 and a free port. */
export async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

export async function startCmdb(hosts: Host[]) {
  const yoga = createYoga({ schema: cmdbSchema(hosts), graphqlEndpoint: '/graphql', logging: false, landingPage: false });
  return listen(yoga);
}
