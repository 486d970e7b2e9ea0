/**
 * Run Command history: ListCommands, ListCommandInvocations.
 *
 * - CommandId narrows to that command; a 36-character ID that is not a UUID →
 *   InvalidCommandId; an unknown well-formed one lists nothing.
 * - InstanceId narrows to commands that ran on that node (listed in InstanceIds
 *   or having an invocation there) / to its invocations; unknown → empty list.
 * - CommandFilter `key`/`value` (values of one key OR-ed, keys AND-ed):
 *   InvokedAfter (>= value) / InvokedBefore (< value) on RequestedDateTime;
 *   Status matches Status, or StatusDetails without spaces (so "DeliveryTimedOut"
 *   matches details "Delivery Timed Out"), unknown statuses match nothing;
 *   ExecutionStage (ListCommands only, else InvalidFilterKey): Executing =
 *   Pending/InProgress/Delayed/Cancelling, Complete = the rest; DocumentName.
 * - ListCommandInvocations returns CommandPlugins only with `Details: true`.
 */
import type { Command, CommandInvocation } from '@aws-sdk/client-ssm';
import { ServiceError, invalidFilterKey, invalidFilterValue } from '../errors.ts';
import { epochMs } from '../serialize.ts';
import { EMPTY, allOf, filterTime, groupFilters, type Handler, type OpContext, type Predicate } from './handler.ts';

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const EXECUTING = new Set(['Pending', 'InProgress', 'Delayed', 'Cancelling']);

type Filter = { key: string; value: string };
type Row = { RequestedDateTime?: Date; Status?: string; StatusDetails?: string; DocumentName?: string };

function checkCommandId(id: unknown): void {
  if (typeof id === 'string' && !UUID.test(id)) throw new ServiceError('InvalidCommandId', `Command ID ${id} is not valid.`);
}

function filterPredicate<T extends Row>(op: string, filters: Filter[] | undefined): Predicate<T> | undefined {
  const preds: Predicate<T>[] = [];
  for (const [key, values] of groupFilters(filters, (f) => f.key, (f) => [f.value])) {
    switch (key) {
      case 'InvokedAfter':
      case 'InvokedBefore': {
        const ts = values.map((v) => filterTime(op, key, v));
        preds.push(
          key === 'InvokedAfter'
            ? (r) => ts.some((t) => epochMs(r.RequestedDateTime) >= t)
            : (r) => ts.some((t) => epochMs(r.RequestedDateTime) < t),
        );
        break;
      }
      case 'Status': {
        const set = new Set(values);
        preds.push((r) => set.has(r.Status ?? '') || set.has((r.StatusDetails ?? '').replace(/\s+/g, '')));
        break;
      }
      case 'ExecutionStage': {
        if (op !== 'ListCommands') throw invalidFilterKey(op, key);
        for (const v of values) if (v !== 'Executing' && v !== 'Complete') throw invalidFilterValue(op, key, v);
        preds.push((r) => values.includes(EXECUTING.has(r.Status ?? '') ? 'Executing' : 'Complete'));
        break;
      }
      case 'DocumentName': {
        const set = new Set(values);
        preds.push((r) => set.has(r.DocumentName ?? ''));
        break;
      }
    }
  }
  return allOf(preds);
}

// Per-store memo of the commands each instance ran: built on first use.
const commandsByInstance = new WeakMap<OpContext['store'], Map<string, Command[]>>();

function commandsOnInstance(store: OpContext['store'], instanceId: string): readonly Command[] {
  let m = commandsByInstance.get(store);
  if (!m) commandsByInstance.set(store, (m = new Map()));
  let list = m.get(instanceId);
  if (!list) {
    const ids = new Set((store.invocationsByInstance.get(instanceId) ?? []).map((i) => i.CommandId));
    list = store.commands.filter((c) => ids.has(c.CommandId) || (c.InstanceIds ?? []).includes(instanceId));
    m.set(instanceId, list);
  }
  return list;
}

const ListCommands: Handler = (input, { store, pager }) => {
  const op = 'ListCommands';
  checkCommandId(input.CommandId);
  const match = filterPredicate<Command>(op, input.Filters);
  let base: readonly Command[] = input.InstanceId ? commandsOnInstance(store, input.InstanceId) : store.commands;
  if (input.CommandId) base = base.filter((c) => c.CommandId === input.CommandId);
  const page = pager.page(op, input, base, match);
  return { Commands: page.items, NextToken: page.nextToken };
};

const ListCommandInvocations: Handler = (input, { store, pager }) => {
  const op = 'ListCommandInvocations';
  checkCommandId(input.CommandId);
  const match = filterPredicate<CommandInvocation>(op, input.Filters);
  let base: readonly CommandInvocation[];
  if (input.CommandId) {
    base = store.invocationsByCommand.get(input.CommandId) ?? EMPTY;
    if (input.InstanceId) base = base.filter((i) => i.InstanceId === input.InstanceId);
  } else if (input.InstanceId) {
    base = store.invocationsByInstance.get(input.InstanceId) ?? EMPTY;
  } else {
    base = store.commandInvocations;
  }
  const page = pager.page(op, input, base, match);
  const items = input.Details === true ? page.items : page.items.map(({ CommandPlugins: _p, ...rest }) => rest);
  return { CommandInvocations: items, NextToken: page.nextToken };
};

export const commandHandlers: Record<string, Handler> = { ListCommands, ListCommandInvocations };
