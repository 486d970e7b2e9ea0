/**
 * Run Command history: the per-instance invocations of a command.
 *
 * ListCommandInvocations is asked with `Details: true`, so each invocation
 * carries its `CommandPlugins` (the per-plugin output and status).
 */
import type { CommandFilter, CommandInvocation } from '@aws-sdk/client-ssm';
import { isoSeconds } from './filters.ts';
import type { Page, SsmSession } from './session.ts';

export type CommandInvocationRecord = CommandInvocation & { CommandId: string; InstanceId: string };

export interface CommandInvocationFilter {
  invokedAfter?: Date;
  invokedBefore?: Date;
  /** Invocation statuses (or StatusDetails without spaces), ORed. */
  status?: string[];
  documentName?: string;
}

/** Invocation statuses after which an invocation can no longer change. */
const TERMINAL = new Set(['Success', 'Cancelled', 'TimedOut', 'Failed']);
export const isTerminalCommandInvocationStatus = (s: string | undefined) => !!s && TERMINAL.has(s);

/** CommandFilter is SSM's lowercase `{ key, value }` spelling: one value per filter, repeated keys ORed. */
function commandFilters(f: CommandInvocationFilter = {}): CommandFilter[] | undefined {
  const filters: CommandFilter[] = [];
  if (f.invokedAfter) filters.push({ key: 'InvokedAfter', value: isoSeconds(f.invokedAfter) });
  if (f.invokedBefore) filters.push({ key: 'InvokedBefore', value: isoSeconds(f.invokedBefore) });
  for (const s of f.status ?? []) filters.push({ key: 'Status', value: s });
  if (f.documentName) filters.push({ key: 'DocumentName', value: f.documentName });
  return filters.length ? filters : undefined;
}

export function createCommandsApi(session: SsmSession) {
  /**
   * One page of a command's invocations (one per instance), newest first.
   * `parentTerminal`: the command can no longer change, so neither can the page.
   */
  async function listCommandInvocationsPage(
    commandId: string,
    filter: CommandInvocationFilter,
    token: string | undefined,
    parentTerminal: boolean | Promise<boolean>,
  ): Promise<Page<CommandInvocationRecord>> {
    return session.page<'ListCommandInvocations', CommandInvocation, CommandInvocationRecord>(
      'ListCommandInvocations',
      { CommandId: commandId, Details: true, Filters: commandFilters(filter) },
      token,
      parentTerminal,
      (i) => ({ ...i, CommandId: i.CommandId ?? commandId, InstanceId: i.InstanceId! }),
    );
  }

  return { listCommandInvocationsPage };
}

export type CommandsApi = ReturnType<typeof createCommandsApi>;
