/**
 * Run Command history: the per-instance invocations of a command.
 *
 * ListCommandInvocations is asked with `Details: true`, so each invocation
 * carries its `CommandPlugins` (the per-plugin output and status).
 */
import type { CommandInvocation } from '@aws-sdk/client-ssm';
import { defineFilter, ssmFilters, type FilterValues } from './filters.ts';
import type { Located } from './locations.ts';
import type { Page, PageRequest, SsmSession } from './session.ts';

export type CommandInvocationRecord = CommandInvocation & Located & { CommandId: string; InstanceId: string };

/** ListCommandInvocations' filters (CommandFilter). */
export const COMMAND_INVOCATION_FILTER = defineFilter({
  style: 'keyValue',
  shape: 'CommandFilter',
  members: {
    invokedAfter: { key: 'InvokedAfter', type: 'DateTime' },
    invokedBefore: { key: 'InvokedBefore', type: 'DateTime' },
    /** Invocation statuses (or StatusDetails without spaces), ORed. */
    status: { key: 'Status', type: 'String', list: true },
    documentName: { key: 'DocumentName', type: 'String', shape: 'DocumentARN' },
  },
});
export type CommandInvocationFilter = FilterValues<typeof COMMAND_INVOCATION_FILTER>;

/** Invocation statuses after which an invocation can no longer change. */
const TERMINAL = new Set(['Success', 'Cancelled', 'TimedOut', 'Failed']);
export const isTerminalCommandInvocationStatus = (s: string | undefined) => !!s && TERMINAL.has(s);

export function createCommandsApi(session: SsmSession) {
  /**
   * One page of a command's invocations (one per instance), newest first.
   * `parentTerminal`: the command can no longer change, so neither can the page.
   */
  async function listCommandInvocationsPage(commandId: string, { filter, token, size, stable = false }: PageRequest<CommandInvocationFilter>): Promise<Page<CommandInvocationRecord>> {
    const toItem = (i: CommandInvocation): CommandInvocationRecord => ({ ...i, ...session.here, CommandId: i.CommandId ?? commandId, InstanceId: i.InstanceId! });
    return session.page('ListCommandInvocations', { CommandId: commandId, Details: true, Filters: ssmFilters(COMMAND_INVOCATION_FILTER, filter) as never }, { token, size }, stable, toItem);
  }

  return { listCommandInvocationsPage };
}

export type CommandsApi = ReturnType<typeof createCommandsApi>;
