/**
 * Run Command: the per-instance invocations of a command (ListCommandInvocations),
 * reached from the maintenance window task invocations that sent the command.
 */
import type { CommandInvocationRecord } from '../ssm/commands.ts';
import { builder } from './builder.ts';
import { modelFields } from './model-fields.ts';
import { connectionOf } from './ssm-connection.ts';

export const CommandInvocation = builder.objectRef<CommandInvocationRecord>('CommandInvocation');

CommandInvocation.implement({
  description: 'A command on one managed node (ListCommandInvocations, with Details: the plugins\' output).',
  fields: (t) => ({
    ...(modelFields<CommandInvocationRecord>(t, 'CommandInvocation') as {}),
  }),
});

export const CommandInvocationConnection = connectionOf(CommandInvocation);
