/**
 * ssm-graph in a supergraph: composed with @apollo/composition beside a CMDB
 * subgraph that has its own Relay `node`, connections and `PageInfo`, then run
 * behind a real @apollo/gateway over both subgraphs on real ports. Data must equal
 * the emulator's dataset, and the emulator's call log must show references
 * resolved in batches.
 */
import { readFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { ApolloGateway, IntrospectAndCompose } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { printSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSubgraphSchema } from '../../src/schema/index.ts';
import { callKeys, startStack, type Stack } from '../helpers/stack.ts';
import { ordered } from '../schema/maintenance-windows.data.ts';
import { CMDB_SDL, listen, startCmdb, type Host } from './cmdb.ts';

const SSM_SDL = readFileSync(new URL('../../schema.subgraph.graphql', import.meta.url), 'utf8');

const compose = (ssmSdl: string) =>
  composeServices([
    { name: 'ssm', url: 'http://ssm.test/graphql', typeDefs: parse(ssmSdl) },
    { name: 'cmdb', url: 'http://cmdb.test/graphql', typeDefs: parse(CMDB_SDL) },
  ]);

describe('composition', () => {
  it('composes schema.subgraph.graphql with a subgraph that has its own node, nodes, PageInfo and connections', () => {
    const result = compose(SSM_SDL);
    expect(result.errors?.map((e) => e.message)).toBeUndefined();
    const supergraph = result.supergraphSdl!;
    // Host (from cmdb) reaches ssm-graph's entities, whose keys both subgraphs join on.
    expect(supergraph).toMatch(/type MaintenanceWindow implements Node\s+@join__implements\(graph: SSM, interface: "Node"\)\s+@join__type\(graph: CMDB, key: "windowId", resolvable: false\)\s+@join__type\(graph: SSM, key: "windowId"\)/);
    expect(supergraph).toMatch(/@join__type\(graph: SSM, key: "automationExecutionId"\)/);
    expect(supergraph).toMatch(/node\(id: ID!\): Node @join__field\(graph: CMDB\)/);
  });

  it('would not compose with ssm-graph keeping node/nodes: why subgraph mode drops them', () => {
    const result = compose(printSubgraphSchema(buildSubgraphSchema({ relayNodeFields: true })));
    expect(result.errors?.length).toBeGreaterThan(0);
    expect(result.errors!.map((e) => e.message).join('\n')).toMatch(/Query\.node/);
  });
});

describe('gateway over both subgraphs', () => {
  let stack: Stack;
  let hosts: Host[];
  const closers: (() => Promise<unknown>)[] = [];
  let server: ApolloServer;

  beforeAll(async () => {
    stack = await startStack({ env: { SUBGRAPH: 'true' } });
    closers.push(() => stack.close());
    const { automationExecutions, maintenanceWindows } = stack.data;
    expect(automationExecutions.length).toBeGreaterThanOrEqual(12);
    // Twelve hosts: each its own automation, windows shared (several hosts per window).
    hosts = automationExecutions.slice(0, 12).map((a, i) => ({
      id: `host-${i}`,
      hostname: `host-${i}.example.internal`,
      lastAutomationId: a.AutomationExecutionId,
      lastMaintenanceWindowId: maintenanceWindows[i % Math.min(4, maintenanceWindows.length)].WindowId,
    }));
    const ssm = await listen(stack.gateway);
    closers.push(ssm.close);
    const cmdb = await startCmdb(hosts);
    closers.push(cmdb.close);
    const gateway = new ApolloGateway({
      supergraphSdl: new IntrospectAndCompose({
        subgraphs: [
          { name: 'ssm', url: ssm.url },
          { name: 'cmdb', url: cmdb.url },
        ],
      }),
      logger: { debug() {}, info() {}, warn() {}, error: console.error },
    });
    server = new ApolloServer({ gateway });
    await server.start();
    closers.push(() => server.stop());
  });
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
  });

  async function run(query: string, variables?: Record<string, unknown>) {
    const res = await server.executeOperation({ query, variables });
    if (res.body.kind !== 'single') throw new Error('expected a single result');
    return res.body.singleResult as { data?: any; errors?: { message: string; extensions?: any }[] };
  }

  it('answers a query that starts in the CMDB with ssm-graph data, references resolved in batches', async () => {
    stack.gateway.cache.clear();
    stack.resetCalls();
    const res = await run(/* GraphQL */ `
      {
        hosts {
          id
          lastAutomation {
            automationExecutionId
            documentName
            steps(first: 5) { edges { node { stepName } } }
          }
          lastMaintenanceWindow {
            windowId
            name
            executions(first: 2) { edges { node { windowExecutionId status } } }
          }
        }
      }`);
    expect(res.errors).toBeUndefined();

    const order = ordered(stack.data);
    const want = hosts.map((h) => {
      const a = order.automation(h.lastAutomationId!)!;
      const w = stack.data.maintenanceWindows.find((x) => x.WindowId === h.lastMaintenanceWindowId)!;
      return {
        id: h.id,
        lastAutomation: {
          automationExecutionId: a.AutomationExecutionId,
          documentName: a.DocumentName,
          steps: { edges: a.StepExecutions!.slice(0, 5).map((s) => ({ node: { stepName: s.StepName } })) },
        },
        lastMaintenanceWindow: {
          windowId: w.WindowId,
          name: w.Name,
          executions: {
            edges: order
              .executions(w.WindowId!)
              .slice(0, 2)
              .map((e) => ({ node: { windowExecutionId: e.WindowExecutionId, status: e.Status } })),
          },
        },
      };
    });
    expect(res.data.hosts).toEqual(want);

    const calls = stack.calls();
    expect(new Set(callKeys(calls)).size).toBe(calls.length);
    const byOp = (op: string) => calls.filter((c) => c.operation === op);
    // Twelve automation references: ID lookups ten per DescribeAutomationExecutions (pages of a batch share its filter).
    const lookups = byOp('DescribeAutomationExecutions');
    const batches = new Set(lookups.map((c) => JSON.stringify(c.input.Filters)));
    expect(batches.size).toBeLessThanOrEqual(2);
    for (const b of batches) expect(JSON.parse(b)).toEqual([{ Key: 'ExecutionId', Values: expect.any(Array) }]);
    expect([...batches].flatMap((b) => JSON.parse(b)[0].Values).sort()).toEqual(hosts.map((h) => h.lastAutomationId).sort());
    // A batch's filtered scan reads one (stingy) page; an ID it has not reached there is fetched
    // by itself, once.
    for (const b of batches) expect(lookups.filter((c) => JSON.stringify(c.input.Filters) === b).length).toBe(1);
    const fetched = byOp('GetAutomationExecution').map((c) => c.input.AutomationExecutionId);
    expect(hosts.map((h) => h.lastAutomationId)).toEqual(expect.arrayContaining(fetched));
    // Four distinct windows among twelve references: one GetMaintenanceWindow each, never one per host.
    const windows = new Set(hosts.map((h) => h.lastMaintenanceWindowId));
    expect(byOp('GetMaintenanceWindow').map((c) => c.input.WindowId).sort()).toEqual([...windows].sort());
    expect(new Set(byOp('DescribeMaintenanceWindowExecutions').map((c) => c.input.WindowId))).toEqual(windows);
  });

  it('resolves ssm-graph entities for the CMDB connection too, and CMDB node lookups stay with the CMDB', async () => {
    const res = await run(/* GraphQL */ `
      {
        hostConnection(first: 3) {
          pageInfo { hasNextPage endCursor }
          edges { node { hostname lastMaintenanceWindow { windowId enabled } } }
        }
        node(id: "host-1") { id ... on Host { lastAutomation { automationExecutionStatus } } }
      }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.hostConnection.pageInfo).toEqual({ hasNextPage: true, endCursor: 'host-2' });
    expect(res.data.hostConnection.edges.map((e: any) => e.node.lastMaintenanceWindow.windowId)).toEqual(
      hosts.slice(0, 3).map((h) => h.lastMaintenanceWindowId),
    );
    const auto = stack.data.automationExecutions.find((a) => a.AutomationExecutionId === hosts[1].lastAutomationId)!;
    expect(res.data.node).toEqual({ id: 'host-1', lastAutomation: { automationExecutionStatus: auto.AutomationExecutionStatus } });
  });
});
