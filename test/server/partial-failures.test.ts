/**
 * A failed page costs only its own connection (#10, item 2): every connection
 * and every reference to another record is nullable, so an upstream failure at
 * any level of the window and automation trees nulls that field alone, with a
 * typed error at its path; its parent, its siblings and the rest of the tree
 * keep their data. Each case fails one SSM operation (the emulator's faults)
 * and compares the answer with the fault-free one.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FaultRule } from '../../src/emulator/index.ts';
import { startStack, type GraphQLResponse, type Stack } from '../helpers/stack.ts';

const WINDOW_TREE = /* GraphQL */ `query($id: ID!) {
  maintenanceWindow(windowId: $id) { windowId name
    executions(first: 3) { edges { node { windowExecutionId status
      tasks(first: 5) { edges { node { taskExecutionId taskType
        invocations(first: 5) { edges { node { invocationId status
          automationExecution { automationExecutionId documentName steps(first: 5) { edges { node { stepName } } } }
        } } }
      } } }
    } } }
  }
  automationExecutions(first: 3) { edges { node { automationExecutionId } } }
}`;

const AUTOMATION_TREE = /* GraphQL */ `{
  automationExecutions(first: 6) { edges { node { automationExecutionId documentName
    steps(first: 20) { edges { node { stepName iteration parentStep { stepName }
      childAutomationExecution { automationExecutionId } } } }
  } } }
  maintenanceWindows(first: 2) { edges { node { windowId } } }
}`;

type Path = (string | number)[];
const isPrefix = (p: Path, of: Path) => p.length <= of.length && p.every((k, i) => of[i] === k);

/**
 * Where `actual` differs from `expected`: only at an error's own path (a null
 * field, or a merged root list that answers without the failing location's
 * items), nowhere else.
 */
function differences(expected: unknown, actual: unknown, errorPaths: Path[], path: Path = []): string[] {
  if (errorPaths.some((p) => p.length === path.length && isPrefix(path, p))) return [];
  if (actual === null && expected !== null) return [`${path.join('.')}: null with no error there`];
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return [`${path.join('.')}: list differs`];
    return expected.flatMap((e, i) => differences(e, actual[i], errorPaths, [...path, i]));
  }
  if (expected && typeof expected === 'object') {
    if (!actual || typeof actual !== 'object') return [`${path.join('.')}: object differs`];
    return Object.keys(expected).flatMap((k) => differences((expected as never)[k], (actual as never)[k], errorPaths, [...path, k]));
  }
  return expected === actual ? [] : [`${path.join('.')}: ${JSON.stringify(actual)} instead of ${JSON.stringify(expected)}`];
}

let stack: Stack;
let windowId: string;
let silence: ReturnType<typeof vi.spyOn>[];
beforeAll(async () => {
  silence = (['warn', 'error'] as const).map((m) => vi.spyOn(console, m).mockImplementation(() => {}));
  stack = await startStack({ env: { MAX_QUERY_COST: '0', RESPONSE_CACHE: 'false' } });
  // The window whose executions ran AUTOMATION tasks: every level of the tree has data.
  windowId = stack.data.maintenanceWindows[0].WindowId!;
});
afterAll(async () => {
  await stack.close();
  for (const s of silence) s.mockRestore();
});

async function answer(query: string, faults: FaultRule[], variables?: Record<string, unknown>) {
  stack.emulator.setFaults(faults);
  stack.gateway.cache.clear();
  try {
    return (await stack.query(query, variables)) as GraphQLResponse & { status: number };
  } finally {
    stack.emulator.setFaults([]);
  }
}

const LEVELS: [string, string, string[]][] = [
  ['window tree', WINDOW_TREE, ['DescribeMaintenanceWindowExecutions', 'DescribeMaintenanceWindowExecutionTasks', 'DescribeMaintenanceWindowExecutionTaskInvocations', 'GetAutomationExecution', 'DescribeAutomationStepExecutions', 'DescribeAutomationExecutions']],
  ['automation tree', AUTOMATION_TREE, ['DescribeAutomationStepExecutions', 'DescribeAutomationExecutions', 'GetAutomationExecution', 'DescribeMaintenanceWindows']],
];

describe.each(LEVELS)('the %s with one SSM operation failing', (_name, query, operations) => {
  let expected: unknown;
  beforeAll(async () => {
    const clean = await answer(query, [], { id: windowId });
    expect(clean.errors).toBeUndefined();
    expected = clean.data;
  });

  it.each(operations)('%s: only its fields are null, each with a typed error; everything else stands', async (operation) => {
    const res = await answer(query, [{ operations: [operation], errorRate: 1 }], { id: windowId });
    expect(res.status).toBe(200);
    expect(res.data).not.toBeNull();
    const errors = res.errors ?? [];
    for (const e of errors) expect(e.extensions?.code, JSON.stringify(e)).toBe('UPSTREAM_UNAVAILABLE');
    // Errors sit at connections and references, never at a parent that had its own data.
    for (const e of errors) expect(typeof e.path!.at(-1), JSON.stringify(e.path)).toBe('string');
    expect(differences(expected, res.data, errors.map((e) => e.path!))).toEqual([]);
    // The fault was hit (the tree uses the operation), unless the cache or a listing spared it.
    if (errors.length === 0) expect(res.data).toEqual(expected);
  });
});
