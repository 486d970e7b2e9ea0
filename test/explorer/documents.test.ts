/**
 * The explorer's GraphQL documents: valid against schema.graphql, accepted by
 * the gateway's pre-execution checks (cost, depth, tokens), and answering with
 * the dataset's data over HTTP → SDK → emulator; the list filters the page
 * builds reach SSM as its own filters, and its location filter only the
 * locations chosen; over an estate, the located answers the page reads.
 */
import { buildSchema, print, validate, type DocumentNode } from 'graphql';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateEstate, REFUSED_ACCOUNT_ID, UNSERVED_REGION } from '../../src/emulator/generate-estate.ts';
import * as executions from '../../src/explorer/documents/executions.ts';
import * as live from '../../src/explorer/documents/live.ts';
import * as roots from '../../src/explorer/documents/roots.ts';
import { STEP_PAGE } from '../../src/explorer/execution-data.ts';
import { associationFilter, automationFilter, locationArgs, windowFilter } from '../../src/explorer/filters.ts';
import { PAGE_SIZE } from '../../src/explorer/use-paged.ts';
import { listRoute } from '../../src/explorer/route.ts';
import { callKeys, globalId, startStack, type Stack } from '../helpers/stack.ts';

const schema = buildSchema(readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8'));
const documents = Object.entries({ ...roots, ...executions, ...live }) as [string, DocumentNode][];
const operations = documents.filter(([, d]) => d.definitions.some((x) => x.kind === 'OperationDefinition'));

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

/** Runs a document as the page sends it (printed, with its operation name). */
async function run(doc: DocumentNode, variables: Record<string, unknown>) {
  stack.resetCalls();
  const res = await stack.query(print(doc), variables);
  expect(res.errors).toBeUndefined();
  expect(callKeys(stack.calls()).length).toBe(new Set(callKeys(stack.calls())).size);
  return res.data;
}

it('every document is valid against schema.graphql', () => {
  expect(operations.length).toBeGreaterThanOrEqual(12);
  for (const [name, doc] of operations) expect(validate(schema, doc).map((e) => e.message), name).toEqual([]);
});

/** A subscription as the page opens it (GraphQL over SSE): its first event, then the stream is dropped. */
async function firstEvent(doc: DocumentNode, variables: Record<string, unknown>) {
  const res = await stack.gateway.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query: print(doc), variables }),
  });
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (let match = null; !match; match = text.match(/event: next\ndata: (.*)\n\n/)) {
    const chunk = await reader.read();
    if (chunk.done) throw new Error(`the stream ended before an event: ${text}`);
    text += decoder.decode(chunk.value, { stream: true });
  }
  await reader.cancel();
  return JSON.parse(text.match(/event: next\ndata: (.*)\n\n/)![1]);
}

describe('live', () => {
  it("each subscription's first event is its view query's answer (the same fragment; the steps' cursor left out)", async () => {
    const d = stack.data;
    const a = d.automationExecutions.find((x) => x.StepExecutions!.some((s) => s.ParentStepDetails))!;
    const view = await run(executions.AutomationExecutionView, { id: globalId('AutomationExecution', a.AutomationExecutionId!), first: STEP_PAGE });
    const event = await firstEvent(live.AutomationExecutionLive, { automationExecutionId: a.AutomationExecutionId, first: STEP_PAGE });
    expect(event.errors).toBeUndefined();
    const { endCursor, ...pageInfo } = view.node.steps.pageInfo;
    expect(endCursor).toEqual(expect.any(String));
    expect(event.data.automationExecution).toEqual({ ...view.node, steps: { ...view.node.steps, pageInfo } });

    const x = d.maintenanceWindowExecutions.find((e) => d.maintenanceWindowExecutionTasks.some((t) => t.WindowExecutionId === e.WindowExecutionId))!;
    const tree = await run(executions.WindowExecutionTree, { id: globalId('MaintenanceWindowExecution', x.WindowExecutionId!) });
    const windowEvent = await firstEvent(live.WindowExecutionLive, { windowExecutionId: x.WindowExecutionId });
    expect(windowEvent.errors).toBeUndefined();
    expect(windowEvent.data.maintenanceWindowExecution).toEqual(tree.node);
  });
});

describe('views', () => {
  it('WindowExecutionTree returns the execution down to each invocation and what it ran, without repeating a call', async () => {
    const d = stack.data;
    const task = d.maintenanceWindowExecutionTasks.find((t) => t.Type === 'AUTOMATION')!;
    const id = globalId('MaintenanceWindowExecution', task.WindowExecutionId!);
    const data = await run(executions.WindowExecutionTree, { id });
    const tasks = data.node.tasks.edges.map((e: any) => e.node);
    expect(tasks.map((t: any) => t.taskExecutionId).sort()).toEqual(
      d.maintenanceWindowExecutionTasks.filter((t) => t.WindowExecutionId === task.WindowExecutionId).map((t) => t.TaskExecutionId).sort(),
    );
    const invocations = tasks.find((t: any) => t.taskExecutionId === task.TaskExecutionId).invocations.edges.map((e: any) => e.node);
    const expected = d.maintenanceWindowExecutionTaskInvocations.filter((i) => i.TaskExecutionId === task.TaskExecutionId);
    expect(invocations.map((i: any) => i.automationExecution?.automationExecutionId).sort()).toEqual(expected.map((i) => i.ExecutionId).sort());
  });

  it('AutomationExecutionView returns every step, loop iterations with their parent, and child automations', async () => {
    const a = stack.data.automationExecutions.find((x) => x.StepExecutions!.some((s) => s.ParentStepDetails) && x.StepExecutions!.some((s) => s.Action === 'aws:executeAutomation'))!;
    const data = await run(executions.AutomationExecutionView, { id: globalId('AutomationExecution', a.AutomationExecutionId!), first: STEP_PAGE });
    const steps = data.node.steps.edges.map((e: any) => e.node);
    expect(steps.map((s: any) => s.stepExecutionId)).toEqual(a.StepExecutions!.map((s) => s.StepExecutionId));
    const looped = a.StepExecutions!.find((s) => s.ParentStepDetails)!;
    const got = steps.find((s: any) => s.stepExecutionId === looped.StepExecutionId);
    expect(got.parentStep.id).toBe(globalId('AutomationStepExecution', `${a.AutomationExecutionId}/${looped.ParentStepDetails!.StepExecutionId}`));
    expect(got.iteration).toBe(looped.ParentStepDetails!.Iteration);
    const child = a.StepExecutions!.find((s) => s.Action === 'aws:executeAutomation')!;
    expect(steps.find((s: any) => s.stepExecutionId === child.StepExecutionId).childAutomationExecution.automationExecutionId).toBe(child.Outputs!.ExecutionId[0]);
  });

  it('ResolveNode finds the view of a step, an invocation and an association run', async () => {
    const d = stack.data;
    const a = d.automationExecutions[0];
    const step = a.StepExecutions![0];
    const stepNode = (await run(executions.ResolveNode, { id: globalId('AutomationStepExecution', `${a.AutomationExecutionId}/${step.StepExecutionId}`) })).node;
    expect(stepNode).toMatchObject({ __typename: 'AutomationStepExecution', automationExecution: { id: globalId('AutomationExecution', a.AutomationExecutionId!) } });
    const inv = d.maintenanceWindowExecutionTaskInvocations[0];
    const invNode = (await run(executions.ResolveNode, { id: globalId('MaintenanceWindowExecutionTaskInvocation', `${inv.WindowExecutionId}/${inv.TaskExecutionId}/${inv.InvocationId}`) })).node;
    expect(invNode).toMatchObject({
      __typename: 'MaintenanceWindowExecutionTaskInvocation',
      task: {
        id: globalId('MaintenanceWindowExecutionTask', `${inv.WindowExecutionId}/${inv.TaskExecutionId}`),
        execution: { id: globalId('MaintenanceWindowExecution', inv.WindowExecutionId!) },
      },
    });
    const run0 = d.associationExecutions[0];
    const runNode = (await run(executions.ResolveNode, { id: globalId('AssociationExecution', `${run0.AssociationId}/${run0.ExecutionId}`) })).node;
    expect(runNode).toMatchObject({ __typename: 'AssociationExecution', association: { id: globalId('Association', run0.AssociationId!) } });
  });

  it('WindowView, AssociationView and AssociationTargets answer with their records', async () => {
    const w = stack.data.maintenanceWindows[0];
    const win = (await run(roots.WindowView, { id: globalId('MaintenanceWindow', w.WindowId!), first: PAGE_SIZE })).node;
    expect(win.name).toBe(w.Name);
    expect(win.executions.edges.length).toBe(Math.min(PAGE_SIZE, stack.data.maintenanceWindowExecutions.filter((e) => e.WindowId === w.WindowId).length));
    const assoc = stack.data.associations.find((a) => stack.data.associationExecutions.some((e) => e.AssociationId === a.AssociationId))!;
    const view = (await run(roots.AssociationView, { id: globalId('Association', assoc.AssociationId!), first: PAGE_SIZE })).node;
    expect(view.associationId).toBe(assoc.AssociationId);
    const first = view.executions.edges[0].node;
    const targets = (await run(roots.AssociationTargets, { id: first.id })).node.targets.edges;
    expect(targets.length).toBe(Math.min(50, stack.data.associationExecutionTargets.filter((t) => t.ExecutionId === first.executionId).length));
  });
});

describe('root lists push the page filters down to SSM', () => {
  it('automations: runbook prefix, status and start time', async () => {
    const route = { ...listRoute('automations'), q: 'AWS-', status: 'Failed', from: '2025-01-01T00:00' };
    const data = await run(roots.AutomationList, { first: PAGE_SIZE, filter: automationFilter(route) });
    const expected = stack.data.automationExecutions.filter((a) => a.DocumentName!.startsWith('AWS-') && a.AutomationExecutionStatus === 'Failed');
    expect(data.automationExecutions.edges.map((e: any) => e.node.automationExecutionId).sort()).toEqual(expected.map((a) => a.AutomationExecutionId).sort());
    const filters = stack.calls().find((c) => c.operation === 'DescribeAutomationExecutions')!.input.Filters;
    expect(filters).toEqual(
      expect.arrayContaining([
        { Key: 'DocumentNamePrefix', Values: ['AWS-'] },
        { Key: 'ExecutionStatus', Values: ['Failed'] },
        expect.objectContaining({ Key: 'StartTimeAfter' }),
      ]),
    );
  });

  it('windows: exact name and enabled', async () => {
    const w = stack.data.maintenanceWindows[1];
    const data = await run(roots.WindowList, { first: PAGE_SIZE, filter: windowFilter({ ...listRoute('windows'), q: ` ${w.Name} `, status: 'true' }) });
    expect(data.maintenanceWindows.edges.map((e: any) => e.node.windowId)).toEqual([w.WindowId]);
    expect(stack.calls()[0].input.Filters).toEqual([{ Key: 'Name', Values: [w.Name] }, { Key: 'Enabled', Values: ['true'] }]);
  });

  it('associations: exact name and status', async () => {
    const a = stack.data.associations.find((x) => x.AssociationName && x.Overview?.Status)!;
    const data = await run(roots.AssociationList, { first: PAGE_SIZE, filter: associationFilter({ ...listRoute('associations'), q: a.AssociationName!, status: a.Overview!.Status! }) });
    expect(data.associations.edges.map((e: any) => e.node.associationId)).toContain(a.AssociationId);
    expect(stack.calls()[0].input.AssociationFilterList).toEqual(
      expect.arrayContaining([{ key: 'AssociationName', value: a.AssociationName }, { key: 'AssociationStatusName', value: a.Overview!.Status }]),
    );
  });
});

describe('over an estate (2 accounts × 2 regions, and a refused account)', () => {
  const estate = generateEstate({ seed: 1, size: 'small' });
  const regions = [...new Set(estate.locations.map((l) => l.region))];
  let estateStack: Stack;
  beforeAll(async () => {
    estateStack = await startStack({
      estate,
      env: { SSM_REGIONS: regions.join(','), SSM_ACCOUNT_ROLES: [...Object.values(estate.roleOf), estate.refusedRoleArn].join(',') },
      accessKeyId: estate.accessKeyOf[estate.home.accountId],
    });
  });
  afterAll(() => estateStack.close());
  const query = async (doc: DocumentNode, variables: Record<string, unknown>) => {
    estateStack.resetCalls();
    return estateStack.query(print(doc), variables);
  };
  /** Runs `fn` with the gateway's expected failure lines (the refused account, an unserved location) silenced; returns them. */
  const quietly = async <T>(fn: () => Promise<T>): Promise<[T, string[]]> => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const result = await fn();
      return [result, warn.mock.calls.map((c) => String(c[0]))];
    } finally {
      warn.mockRestore();
    }
  };

  it('Locations lists the served locations, home first, with their state', async () => {
    const res = await query(roots.Locations, {});
    expect(res.errors).toBeUndefined();
    expect(res.data.locations.map((l: any) => `${l.accountId}/${l.region}/${l.home}`)).toEqual([
      ...estate.locations.map((l) => `${l.accountId}/${l.region}/${l.accountId === estate.home.accountId}`),
      ...regions.map((r) => `${REFUSED_ACCOUNT_ID}/${r}/false`),
    ]);
    expect(estateStack.calls()).toEqual([]);
  });

  it("the lists' location filter reaches SSM in the chosen location only, and the rows say where they live", async () => {
    const route = { ...listRoute('automations'), accounts: ['222222222222'], regions: ['eu-west-1'] };
    const res = await query(roots.AutomationList, { first: PAGE_SIZE, filter: automationFilter(route), ...locationArgs(route) });
    expect(res.errors).toBeUndefined();
    const nodes = res.data.automationExecutions.edges.map((e: any) => e.node);
    const there = estate.locations.find((l) => l.accountId === '222222222222' && l.region === 'eu-west-1')!.data.automationExecutions;
    expect(nodes.length).toBe(Math.min(PAGE_SIZE, there.length));
    for (const n of nodes) expect(n).toMatchObject({ accountId: '222222222222', region: 'eu-west-1', id: globalId('AutomationExecution', n.automationExecutionId, { accountId: '222222222222', region: 'eu-west-1' }) });
    expect(new Set(estateStack.calls().map((c) => `${c.operation} ${c.accountId}/${c.region}`))).toEqual(new Set(['DescribeAutomationExecutions 222222222222/eu-west-1']));
  });

  it('a merged list answers with the locations that answered and one error per refused location', async () => {
    const [res, logged] = await quietly(() => query(roots.WindowList, { first: PAGE_SIZE }));
    expect(logged).toEqual(regions.map(() => expect.stringMatching(`DescribeMaintenanceWindows: FORBIDDEN .*${REFUSED_ACCOUNT_ID}`)));
    const names = estate.locations.flatMap((l) => l.data.maintenanceWindows.map((w) => `${l.accountId}/${l.region}/${w.WindowId}`));
    expect(res.data.maintenanceWindows.edges.map((e: any) => `${e.node.accountId}/${e.node.region}/${e.node.windowId}`).sort()).toEqual(names.sort());
    expect(res.errors!.map((e) => [e.extensions!.code, e.extensions!.location])).toEqual(regions.map((region) => ['UPSTREAM_FORBIDDEN', { accountId: REFUSED_ACCOUNT_ID, region }]));
  });

  it("AutomationExecutionView of a multi-account run: each child in its target location, an unserved one's error on its step's childAutomationExecution", async () => {
    const home = estate.locations[0].data;
    const parent = home.automationExecutions.find((a) => a.AutomationExecutionId === estate.crossAccount.parentIds[0])!;
    const id = globalId('AutomationExecution', parent.AutomationExecutionId!, estate.home);
    const [res, logged] = await quietly(() => query(executions.AutomationExecutionView, { id, first: STEP_PAGE }));
    // GetAutomationExecution in the refused account; the unserved location is a fact of the setup, answered, not logged.
    expect(logged).toEqual([expect.stringMatching(`GetAutomationExecution: FORBIDDEN .*${REFUSED_ACCOUNT_ID}`)]);
    const steps = res.data.node.steps.edges.map((e: any) => e.node);
    for (const target of estate.crossAccount.served) {
      const i = parent.StepExecutions!.findIndex((s) => s.TargetLocation?.Accounts?.[0] === target.accountId && s.TargetLocation.Regions?.[0] === target.region);
      expect(steps[i].childAutomationExecution).toMatchObject({ ...target, id: globalId('AutomationExecution', parent.StepExecutions![i].Outputs!.ExecutionId[0], target) });
    }
    // The path the page reads to put each error on its step (execution-data.ts).
    const unserved = parent.StepExecutions!.findIndex((s) => s.TargetLocation?.Regions?.[0] === UNSERVED_REGION);
    const refused = parent.StepExecutions!.findIndex((s) => s.TargetLocation?.Accounts?.[0] === REFUSED_ACCOUNT_ID);
    expect(steps[unserved].childAutomationExecution).toBeNull();
    expect(res.errors!.map((e) => [e.path, e.extensions!.code])).toEqual([
      [['node', 'steps', 'edges', unserved, 'node', 'childAutomationExecution'], 'LOCATION_NOT_CONFIGURED'],
      [['node', 'steps', 'edges', refused, 'node', 'childAutomationExecution'], 'UPSTREAM_FORBIDDEN'],
    ]);
  });
});
