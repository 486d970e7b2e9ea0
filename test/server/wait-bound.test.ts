/**
 * The deadline guard's own contract (src/server/wait-bound.ts); its effect on
 * responses is tested over HTTP in faults.test.ts. A request that has finished
 * waiting leaves no timer and no listener behind: under load, thousands of
 * requests a second would otherwise each keep theirs until the deadline.
 */
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createWaitBound, WaitBoundExceeded } from '../../src/server/wait-bound.ts';

const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
const later = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('createWaitBound', () => {
  it('passes answers through and leaves no timer once nothing is pending', async () => {
    const before = timers();
    const guard = createWaitBound({ timeoutMs: 60_000 })!;
    const answers = await Promise.all([guard(later(5, 'a'), 'GetAutomationExecution'), guard(later(10, 'b'), 'ListCommands')]);
    expect(answers).toEqual(['a', 'b']);
    expect(timers()).toBe(before);
  });

  it('fails what is still pending at the deadline, and every later wait at once', async () => {
    const guard = createWaitBound({ timeoutMs: 50 })!;
    const quick = guard(later(5, 'ok'), 'GetAutomationExecution');
    const slow = guard(later(500, 'late'), 'DescribeAutomationStepExecutions');
    await expect(quick).resolves.toBe('ok');
    await expect(slow).rejects.toBeInstanceOf(WaitBoundExceeded);
    await expect(guard(Promise.resolve('x'), 'ListCommands')).rejects.toBeInstanceOf(WaitBoundExceeded);
  });

  it('listens to the client only while waiting, and fails what is pending when it goes away', async () => {
    const client = new AbortController();
    const guard = createWaitBound({ timeoutMs: 0, signal: client.signal })!;
    const done = guard(later(5, 'done'), 'ListCommands');
    expect(getEventListeners(client.signal, 'abort')).toHaveLength(1);
    await done;
    expect(getEventListeners(client.signal, 'abort')).toHaveLength(0);
    const pending = guard(later(500, 'late'), 'ListCommands');
    client.abort();
    await expect(pending).rejects.toBeInstanceOf(WaitBoundExceeded);
    expect(getEventListeners(client.signal, 'abort')).toHaveLength(0);
  });
});
