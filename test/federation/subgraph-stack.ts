/**
 * The stack the subgraph tests share: the gateway in subgraph mode (SUBGRAPH=true)
 * on the emulator, a fresh cache and call log before each test, and an
 * `_entities` query selecting every entity type.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.ts';

export let stack: Stack;

export function useSubgraphStack() {
  beforeAll(async () => {
    stack = await startStack({ env: { SUBGRAPH: 'true' } });
  });
  afterAll(() => stack.close());
  beforeEach(() => {
    stack.gateway.cache.clear();
    stack.resetCalls();
  });
}

export const ENTITIES = /* GraphQL */ `
  query Entities($r: [_Any!]!) {
    _entities(representations: $r) {
      __typename
      ... on Association { associationId name id }
      ... on AssociationExecution { associationId executionId associationStatus: status }
      ... on AutomationExecution { automationExecutionId documentName automationExecutionStatus }
      ... on AutomationStepExecution { automationExecutionId stepExecutionId stepName }
      ... on MaintenanceWindow { windowId name }
      ... on MaintenanceWindowExecution { windowExecutionId status }
      ... on MaintenanceWindowExecutionTask { windowExecutionId taskExecutionId status }
    }
  }`;

export const entities = (r: Record<string, unknown>[]) => stack.query(ENTITIES, { r });
