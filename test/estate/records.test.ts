/**
 * Records across locations: global IDs that carry their location and
 * round-trip through `node`; single-record roots with `accountId`/`region`;
 * a multi-account automation walked parent → steps → children in their
 * accounts and regions; the federation key with the location.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { globalId } from '../helpers/stack.ts';
import { locKey, startEstateStack, type EstateStack } from './estate-stack.ts';

let stack: EstateStack;
beforeAll(async () => {
  stack = await startEstateStack();
});
afterAll(() => stack.close());

describe('records in every location', () => {
  it('a global ID from each location round-trips through node, to the right location', async () => {
    for (const l of stack.estate.locations) {
      const w = l.data.maintenanceWindows[0];
      const a = l.data.automationExecutions[0];
      const ids = [globalId('MaintenanceWindow', w.WindowId!, l), globalId('AutomationExecution', a.AutomationExecutionId!, l)];
      stack.gateway.cache.clear();
      stack.resetCalls();
      const res = await stack.query(
        `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on MaintenanceWindow { accountId region name } ... on AutomationExecution { accountId region documentName } } }`,
        { ids },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data.nodes).toEqual([
        { id: ids[0], accountId: l.accountId, region: l.region, name: w.Name },
        { id: ids[1], accountId: l.accountId, region: l.region, documentName: a.DocumentName },
      ]);
      expect(new Set(stack.calls().map((c) => `${c.accountId}/${c.region}`))).toEqual(new Set([`${l.accountId}/${l.region}`]));
    }
  });

  it('single-record roots read the home location unless accountId/region say otherwise', async () => {
    const other = stack.estate.locations[3];
    const w = other.data.maintenanceWindows[0];
    const q = `query($id: ID!, $a: ID, $r: String) { maintenanceWindow(windowId: $id, accountId: $a, region: $r) { id accountId region name } }`;
    const there = await stack.query(q, { id: w.WindowId, a: other.accountId, r: other.region });
    expect(there.data.maintenanceWindow).toEqual({ id: globalId('MaintenanceWindow', w.WindowId!, other), accountId: other.accountId, region: other.region, name: w.Name });
    // The same window is not in the home location.
    const home = await stack.query(q, { id: w.WindowId });
    expect(home.data.maintenanceWindow).toBeNull();
    expect(home.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', location: stack.estate.home });
  });

  it('walks a multi-account run: parent → its steps → each child in its target account and region', async () => {
    const [parentId] = stack.estate.crossAccount.parentIds;
    const res = await stack.query(`query($id: ID!) { automationExecution(automationExecutionId: $id) {
      accountId region automationType targetLocations { accounts regions }
      steps(first: 50) { edges { node { stepName targetLocation { accounts regions }
        childAutomationExecution { accountId region automationExecutionId documentName parentAutomationExecution { automationExecutionId accountId } } } } }
    } }`, { id: parentId });
    const parent = res.data.automationExecution;
    expect(parent).toMatchObject({ ...{ accountId: stack.estate.home.accountId, region: stack.estate.home.region }, automationType: 'CrossAccount' });
    const steps = parent.steps.edges.map((e: { node: any }) => e.node);
    for (const target of stack.estate.crossAccount.served) {
      const step = steps.find((s: any) => s.targetLocation?.accounts[0] === target.accountId && s.targetLocation?.regions[0] === target.region);
      expect(step, locKey(target)).toBeDefined();
      const child = step.childAutomationExecution;
      expect(locKey(child)).toBe(locKey(target));
      const held = stack.estate.locations.find((l) => locKey(l) === locKey(target))!.data.automationExecutions.find((a) => a.AutomationExecutionId === child.automationExecutionId)!;
      expect(held.ParentAutomationExecutionId).toBe(parentId);
      // The child's parent is found back in the home location.
      expect(child.parentAutomationExecution).toEqual({ automationExecutionId: parentId, accountId: stack.estate.home.accountId });
    }
    // Targets the gateway does not serve: null children, each with one typed error naming the location.
    const missing = (res.errors ?? []).filter((e) => e.extensions?.code === 'LOCATION_NOT_CONFIGURED');
    const unserved = stack.estate.crossAccount.unserved.filter((u) => steps.some((s: any) => s.targetLocation?.accounts[0] === u.accountId && s.targetLocation?.regions[0] === u.region));
    expect(missing.map((e) => locKey(e.extensions!.location)).sort()).toEqual(unserved.map(locKey).sort());
    expect(res.errors?.every((e) => e.extensions?.code === 'LOCATION_NOT_CONFIGURED')).toBe(true);
  });

  it('federation: an entity is referenced by its raw SSM ID (home) or with its location', async () => {
    const sub = await (await import('../helpers/stack.ts')).startStack({
      estate: stack.estate,
      accessKeyId: stack.estate.accessKeyOf[stack.estate.home.accountId],
      env: { SUBGRAPH: 'true', SSM_REGIONS: 'us-east-1,eu-west-1', SSM_ACCOUNT_ROLES: Object.values(stack.estate.roleOf).join(',') },
    });
    try {
      const other = stack.estate.locations[2];
      const w = other.data.maintenanceWindows[0];
      const home = stack.estate.locations[0].data.maintenanceWindows[0];
      const res = await sub.query(`query($r: [_Any!]!) { _entities(representations: $r) { ... on MaintenanceWindow { accountId region windowId name } } }`, {
        r: [
          { __typename: 'MaintenanceWindow', windowId: home.WindowId },
          { __typename: 'MaintenanceWindow', accountId: other.accountId, region: other.region, windowId: w.WindowId },
        ],
      });
      expect(res.errors).toBeUndefined();
      expect(res.data._entities).toEqual([
        { ...{ accountId: stack.estate.home.accountId, region: stack.estate.home.region }, windowId: home.WindowId, name: home.Name },
        { accountId: other.accountId, region: other.region, windowId: w.WindowId, name: w.Name },
      ]);
      const sdl = (await sub.query('{ _service { sdl } }')).data._service.sdl as string;
      expect(sdl).toMatch(/type MaintenanceWindow implements Node\s+@key\(fields: "windowId"\)\s+@key\(fields: "accountId region windowId"\)/);
    } finally {
      await sub.close();
    }
  });
});
