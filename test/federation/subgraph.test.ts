/**
 * The subgraph face of ssm-graph, queried directly over `yoga.fetch` as a router
 * would: `_service { sdl }`, `_entities` with valid, unknown and malformed keys,
 * invalid representations (refused per item, the process unharmed), batching of
 * references, federated tracing, and the SUBGRAPH/RELAY_NODE_FIELDS switch.
 */
import { printSubgraphSchema } from '@apollo/subgraph';
import { printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ENTITY_KEYS } from '../../src/schema/federation.ts';
import { schema, subgraphSchema } from '../../src/schema/index.ts';
import { loadConfig } from '../../src/server/config.ts';
import { callKeys, startStack } from '../helpers/stack.ts';
import { ENTITIES, entities, stack, useSubgraphStack } from './subgraph-stack.ts';

useSubgraphStack();

describe('_service', () => {
  it('answers the printed subgraph SDL: entities keyed on raw SSM IDs, PageInfo shareable, no node/nodes', async () => {
    const res = await stack.query('{ _service { sdl } }');
    expect(res.errors).toBeUndefined();
    const sdl: string = res.data._service.sdl;
    expect(sdl).toBe(printSubgraphSchema(subgraphSchema));
    expect(sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.6"');
    for (const [type, parts] of Object.entries(ENTITY_KEYS)) {
      expect(sdl).toMatch(new RegExp(`type ${type} implements Node\\s+@key\\(fields: "${parts.map(([f]) => f).join(' ')}"\\)`));
    }
    expect(sdl).toMatch(/type PageInfo\s+@shareable/);
    const query = /type Query \{[^}]*\}/.exec(sdl)![0];
    expect(query).not.toMatch(/^\s+nodes?\(/m);
    expect(stack.calls()).toEqual([]);
  });

  it('the standalone schema keeps node/nodes and carries no federation directives or fields', () => {
    const sdl = printSchema(schema);
    expect(schema.getQueryType()!.getFields()).toHaveProperty('node');
    expect(schema.getQueryType()!.getFields()).toHaveProperty('nodes');
    expect(sdl).not.toMatch(/@key|@shareable|@link|_service|_entities|_Any/);
  });
});

describe('_entities', () => {
  it('resolves every entity type from its raw SSM key', async () => {
    const d = stack.data;
    const assoc = d.associations[0];
    const assocExec = d.associationExecutions[0];
    const auto = d.automationExecutions[0];
    const step = auto.StepExecutions![0];
    const win = d.maintenanceWindows[0];
    const winExec = d.maintenanceWindowExecutions[0];
    const task = d.maintenanceWindowExecutionTasks[0];
    const res = await entities([
      { __typename: 'Association', associationId: assoc.AssociationId },
      { __typename: 'AssociationExecution', associationId: assocExec.AssociationId, executionId: assocExec.ExecutionId },
      { __typename: 'AutomationExecution', automationExecutionId: auto.AutomationExecutionId },
      { __typename: 'AutomationStepExecution', automationExecutionId: auto.AutomationExecutionId, stepExecutionId: step.StepExecutionId },
      { __typename: 'MaintenanceWindow', windowId: win.WindowId },
      { __typename: 'MaintenanceWindowExecution', windowExecutionId: winExec.WindowExecutionId },
      { __typename: 'MaintenanceWindowExecutionTask', windowExecutionId: task.WindowExecutionId, taskExecutionId: task.TaskExecutionId },
    ]);
    expect(res.errors).toBeUndefined();
    expect(res.data._entities).toEqual([
      { __typename: 'Association', associationId: assoc.AssociationId, name: assoc.Name, id: expect.any(String) },
      { __typename: 'AssociationExecution', associationId: assocExec.AssociationId, executionId: assocExec.ExecutionId, associationStatus: assocExec.Status },
      {
        __typename: 'AutomationExecution',
        automationExecutionId: auto.AutomationExecutionId,
        documentName: auto.DocumentName,
        automationExecutionStatus: auto.AutomationExecutionStatus,
      },
      { __typename: 'AutomationStepExecution', automationExecutionId: auto.AutomationExecutionId, stepExecutionId: step.StepExecutionId, stepName: step.StepName },
      { __typename: 'MaintenanceWindow', windowId: win.WindowId, name: win.Name },
      { __typename: 'MaintenanceWindowExecution', windowExecutionId: winExec.WindowExecutionId, status: winExec.Status },
      { __typename: 'MaintenanceWindowExecutionTask', windowExecutionId: task.WindowExecutionId, taskExecutionId: task.TaskExecutionId, status: task.Status },
    ]);
    // The `id` is this API's Relay global ID, not the key: a node lookup would take it back.
    expect(res.data._entities[0].id).not.toBe(assoc.AssociationId);
  });

  it('gives null with NOT_FOUND for unknown keys', async () => {
    const auto = stack.data.automationExecutions[0];
    const res = await entities([
      { __typename: 'MaintenanceWindow', windowId: 'mw-0123456789abcdef0' },
      { __typename: 'AutomationExecution', automationExecutionId: '00000000-0000-4000-8000-000000000000' },
      { __typename: 'AutomationStepExecution', automationExecutionId: auto.AutomationExecutionId, stepExecutionId: '00000000-0000-4000-8000-000000000001' },
      { __typename: 'Association', associationId: '00000000-0000-4000-8000-000000000002' },
    ]);
    expect(res.data._entities).toEqual([null, null, null, null]);
    expect(res.errors!.map((e) => [e.path, e.extensions!.code]).sort()).toEqual(
      [0, 1, 2, 3].map((i) => [['_entities', i], 'NOT_FOUND']),
    );
  });

  it('refuses malformed keys with BAD_USER_INPUT before any upstream call', async () => {
    const res = await entities([
      { __typename: 'MaintenanceWindow', windowId: 'bad' },
      { __typename: 'AutomationExecution', automationExecutionId: 'not-an-execution-id' },
      { __typename: 'AutomationStepExecution', automationExecutionId: stack.data.automationExecutions[0].AutomationExecutionId },
      { __typename: 'MaintenanceWindowExecutionTask', windowExecutionId: 42, taskExecutionId: 'x' },
    ]);
    expect(res.data._entities).toEqual([null, null, null, null]);
    expect(res.errors).toHaveLength(4);
    for (const e of res.errors!) {
      expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'MALFORMED_ID' });
    }
    expect(res.errors![0].message).toContain('windowId');
    expect(stack.calls()).toEqual([]);
  });

  it('batches and de-duplicates references: twelve automation executions ten per filtered lookup', async () => {
    const autos = stack.data.automationExecutions.slice(0, 12);
    expect(autos).toHaveLength(12);
    const reps = [...autos, autos[0], autos[1]].map((a) => ({ __typename: 'AutomationExecution', automationExecutionId: a.AutomationExecutionId }));
    const res = await entities(reps);
    expect(res.errors).toBeUndefined();
    expect(res.data._entities.map((e: any) => e.automationExecutionId)).toEqual(reps.map((r) => r.automationExecutionId));
    const calls = stack.calls();
    const lookups = calls.filter((c) => c.operation === 'DescribeAutomationExecutions');
    const fetched = calls.filter((c) => c.operation === 'GetAutomationExecution');
    expect(lookups.length + fetched.length).toBe(calls.length);
    // One filtered page per batch; IDs a short (stingy) page has not reached are fetched one by one.
    const batches = new Set(lookups.map((c) => JSON.stringify(c.input.Filters)));
    expect(batches.size).toBeLessThanOrEqual(2);
    for (const b of batches) expect(JSON.parse(b)[0].Values.length).toBeLessThanOrEqual(10);
    for (const b of batches) expect(lookups.filter((c) => JSON.stringify(c.input.Filters) === b).length).toBe(1);
    expect(calls.length).toBeLessThanOrEqual(batches.size + autos.length);
    expect(new Set(callKeys(calls)).size).toBe(calls.length);

    // The same references again: served from the cross-request cache.
    stack.resetCalls();
    const again = await entities(reps);
    expect(again.data).toEqual(res.data);
    expect(stack.calls()).toEqual([]);
  });

  it('batches the steps of one execution through the StepExecutionId filter', async () => {
    const auto = [...stack.data.automationExecutions].sort((a, b) => b.StepExecutions!.length - a.StepExecutions!.length)[0];
    const steps = auto.StepExecutions!.slice(0, 10);
    expect(steps.length).toBeGreaterThan(2);
    const reps = steps.map((s) => ({
      __typename: 'AutomationStepExecution',
      automationExecutionId: auto.AutomationExecutionId,
      stepExecutionId: s.StepExecutionId,
    }));
    const res = await entities(reps);
    expect(res.errors).toBeUndefined();
    expect(res.data._entities.map((e: any) => e.stepName)).toEqual(steps.map((s) => s.StepName));
    const calls = stack.calls();
    expect(calls.every((c) => c.operation === 'DescribeAutomationStepExecutions')).toBe(true);
    const batches = new Set(calls.map((c) => JSON.stringify(c.input.Filters)));
    expect(batches.size).toBe(1);
  });
});

describe('federated tracing', () => {
  it('adds ftv1 only when the router asks for it', async () => {
    const id = stack.data.maintenanceWindows[0].WindowId;
    const body = JSON.stringify({ query: ENTITIES, variables: { r: [{ __typename: 'MaintenanceWindow', windowId: id }] } });
    const post = async (headers: Record<string, string>) => {
      const res = await stack.gateway.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
      return res.json();
    };
    const traced = await post({ 'apollo-federation-include-trace': 'ftv1' });
    expect(traced.data._entities[0].windowId).toBe(id);
    expect(typeof traced.extensions?.ftv1).toBe('string');
    expect(Buffer.from(traced.extensions.ftv1, 'base64').length).toBeGreaterThan(10);
    const plain = await post({});
    expect(plain.extensions?.ftv1).toBeUndefined();
  });
});

describe('configuration', () => {
  it('SUBGRAPH=true serves the subgraph schema without node/nodes unless RELAY_NODE_FIELDS=true', () => {
    expect(loadConfig({}).federation).toEqual({ subgraph: false, relayNodeFields: true });
    expect(loadConfig({ SUBGRAPH: 'true' }).federation).toEqual({ subgraph: true, relayNodeFields: false });
    expect(loadConfig({ SUBGRAPH: 'true', RELAY_NODE_FIELDS: 'true' }).federation).toEqual({ subgraph: true, relayNodeFields: true });
    expect(loadConfig({ RELAY_NODE_FIELDS: 'false' }).federation).toEqual({ subgraph: false, relayNodeFields: false });
  });

  it('production mode (no introspection, CSRF prevention) still answers a router', async () => {
    const prod = await startStack({ env: { SUBGRAPH: 'true', PRODUCTION: 'true' }, data: stack.data });
    try {
      const introspection = await prod.query('{ __schema { queryType { name } } }');
      expect(introspection.errors).toBeDefined();
      const sdl = await prod.query('{ _service { sdl } }');
      expect(sdl.errors).toBeUndefined();
      expect(sdl.data._service.sdl).toBe(printSubgraphSchema(subgraphSchema));
      const id = stack.data.maintenanceWindows[0].WindowId;
      const res = await prod.query(ENTITIES, { r: [{ __typename: 'MaintenanceWindow', windowId: id }, { __typename: 'MaintenanceWindow', windowId: 'bad' }] });
      expect(res.data._entities[0]).toMatchObject({ windowId: id });
      expect(res.data._entities[1]).toBeNull();
      expect(res.errors!.map((e) => e.extensions!.code)).toEqual(['BAD_USER_INPUT']);
    } finally {
      await prod.close();
    }
  });

  it('the served schema follows the switch', async () => {
    const fields = async (env: Record<string, string>) => {
      const s = await startStack({ env, data: stack.data });
      try {
        const res = await s.query('{ __schema { queryType { fields { name } } } }');
        return res.data.__schema.queryType.fields.map((f: { name: string }) => f.name) as string[];
      } finally {
        await s.close();
      }
    };
    expect(await fields({})).toEqual(expect.arrayContaining(['node', 'nodes']));
    expect(await fields({})).not.toContain('_service');
    const sub = await fields({ SUBGRAPH: 'true' });
    expect(sub).toEqual(expect.arrayContaining(['_service', '_entities']));
    expect(sub).not.toContain('node');
    expect(await fields({ SUBGRAPH: 'true', RELAY_NODE_FIELDS: 'true' })).toEqual(expect.arrayContaining(['_entities', 'node', 'nodes']));
    expect(await fields({ RELAY_NODE_FIELDS: 'false' })).not.toContain('node');
  });
});
