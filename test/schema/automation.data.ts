/**
 * The stack the automation tests share: the emulator's small fleet, stingy
 * pages, a cleared cache before each test, and `big`, the execution with the
 * most steps (loops included).
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { AutomationExecutionRecord } from '../../src/emulator/dataset.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

export let stack: Stack;
export let big: AutomationExecutionRecord;

export function useAutomationStack() {
  beforeAll(async () => {
    stack = await startStack();
    big = [...stack.data.automationExecutions].sort((a, b) => b.StepExecutions!.length - a.StepExecutions!.length)[0];
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.gateway.cache.clear());
}

export { globalId } from '../helpers/stack.ts';
