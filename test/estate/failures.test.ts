/**
 * A location that fails inside a query costs only its own part: a refused
 * role (its AssumeRole denied), a failing region (SSM errors there), a region
 * not enabled for the account. The rest of the answer stands; each failing
 * location gets one typed error naming it; `Query.locations` reports its state.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { locKey, startEstateStack, type EstateStack } from './estate-stack.ts';

let stack: EstateStack;
let silence: ReturnType<typeof vi.spyOn>[];
beforeAll(async () => {
  // Upstream failures are logged (warn) by design.
  silence = (['warn', 'error'] as const).map((m) => vi.spyOn(console, m).mockImplementation(() => {}));
  const failing = theFailingRegion();
  stack = await startEstateStack({
    refused: true,
    faults: [{ operations: ['DescribeMaintenanceWindows', 'DescribeAutomationExecutions'], errorRate: 1, ...failing }],
  });
});
afterAll(async () => {
  await stack.close();
  for (const s of silence) s.mockRestore();
});

/** The second account's second region: SSM fails there (the emulator's faults, by location). */
function theFailingRegion() {
  return { accountId: '222222222222', region: 'eu-west-1' };
}
/** The refused role's account, served (as every account) in both regions. */
const REFUSED = { accountId: '333333333333', region: 'us-east-1' };
const REFUSED_TOO = { accountId: '333333333333', region: 'eu-west-1' };

describe('failing locations', () => {
  it('a refused role and a failing region leave the rest of a list intact, one typed error each', async () => {
    const res = await stack.query('{ maintenanceWindows(first: 500) { edges { node { accountId region windowId } } pageInfo { hasNextPage } } }');
    const served = stack.estate.locations.filter((l) => locKey(l) !== locKey(theFailingRegion()));
    const expected = served.flatMap((l) => l.data.maintenanceWindows.map((w) => `${locKey(l)}/${w.WindowId}`));
    const got = res.data.maintenanceWindows.edges.map((e: { node: any }) => `${locKey(e.node)}/${e.node.windowId}`);
    expect(got.sort()).toEqual(expected.sort());
    // The connection may go on: the failed locations are retried from where they stopped.
    expect(res.data.maintenanceWindows.pageInfo.hasNextPage).toBe(true);
    const byLocation = Object.fromEntries((res.errors ?? []).map((e) => [locKey(e.extensions!.location), e]));
    expect(Object.keys(byLocation).sort()).toEqual([locKey(REFUSED), locKey(REFUSED_TOO), locKey(theFailingRegion())].sort());
    expect(byLocation[locKey(REFUSED)]).toMatchObject({ path: ['maintenanceWindows'], extensions: { code: 'UPSTREAM_FORBIDDEN', location: REFUSED } });
    expect(byLocation[locKey(theFailingRegion())]).toMatchObject({ path: ['maintenanceWindows'], extensions: { code: 'UPSTREAM_UNAVAILABLE', location: theFailingRegion() } });
    for (const e of res.errors!) expect(JSON.stringify(e)).not.toMatch(/arn:aws|injected|not authorized|User:/); // (upstreamCode is shown outside production only)
  });

  it('Query.locations reports each location and its last known state', async () => {
    const res = await stack.query('{ locations { accountId region home state errorCode } }');
    const states = Object.fromEntries(res.data.locations.map((l: any) => [locKey(l), [l.home, l.state, l.errorCode]]));
    expect(states[locKey(stack.estate.home)]).toEqual([true, 'OK', null]);
    expect(states[locKey(REFUSED)]).toEqual([false, 'FORBIDDEN', 'UPSTREAM_FORBIDDEN']);
    expect(states[locKey(theFailingRegion())]).toEqual([false, 'UNAVAILABLE', 'UPSTREAM_UNAVAILABLE']);
    expect(res.data.locations[0]).toMatchObject({ ...stack.estate.home, home: true });
  });

  it('a record in a refused location is null with its typed error; records elsewhere in the same query stand', async () => {
    const home = stack.estate.locations[0].data.maintenanceWindows[0];
    const res = await stack.query(`{
      h: maintenanceWindow(windowId: "${home.WindowId}") { windowId }
      r: maintenanceWindow(windowId: "${home.WindowId}", accountId: "${REFUSED.accountId}", region: "${REFUSED.region}") { windowId }
    }`);
    expect(res.data).toEqual({ h: { windowId: home.WindowId }, r: null });
    expect(res.errors).toEqual([expect.objectContaining({ path: ['r'], extensions: expect.objectContaining({ code: 'UPSTREAM_FORBIDDEN', location: REFUSED }) })]);
  });
});
