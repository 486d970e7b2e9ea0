/**
 * Replacing one record of a Store in place, for live mode: the record leaves
 * every index it is in and its new view enters them at its sorted position
 * (`ORDER`), by binary search. Cost: O(log n) plus moving the array's tail,
 * never a rebuild.
 */
import type { CollectionKey } from '../dataset.ts';
import { ORDER, Store, compositeKey } from '../store.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Rec = any;
type Order = (a: Rec, b: Rec) => number;

function lowerBound(arr: readonly Rec[], item: Rec, order: Order): number {
  let [lo, hi] = [0, arr.length];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (order(arr[mid], item) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function remove(arr: Rec[] | undefined, item: Rec, order: Order): void {
  if (!arr) return;
  for (let i = lowerBound(arr, item, order); i < arr.length && order(arr[i], item) === 0; i++) {
    if (arr[i] === item) return void arr.splice(i, 1);
  }
  const i = arr.indexOf(item); // not where its order says: a record that changed its key outside these helpers
  if (i >= 0) arr.splice(i, 1);
}

function insert(arr: Rec[], item: Rec, order: Order): void {
  let i = lowerBound(arr, item, order);
  while (i < arr.length && order(arr[i], item) === 0) i++;
  arr.splice(i, 0, item);
}

/** `list` indexes of a collection: the array (or group of a map) each record sits in. */
function lists(store: Store, collection: CollectionKey, r: Rec): Rec[][] {
  const inGroup = (m: Map<string, Rec[]>, key: string) => {
    let g = m.get(key);
    if (!g) m.set(key, (g = []));
    return g;
  };
  switch (collection) {
    case 'automationExecutions':
      return [store.automations];
    case 'maintenanceWindows':
      return [store.windows];
    case 'maintenanceWindowExecutions':
      return [inGroup(store.windowExecutionsByWindow, r.WindowId)];
    case 'maintenanceWindowExecutionTasks':
      return [inGroup(store.tasksByWindowExecution, r.WindowExecutionId)];
    case 'maintenanceWindowExecutionTaskInvocations':
      return [inGroup(store.invocationsByTask, compositeKey(r.WindowExecutionId, r.TaskExecutionId))];
    case 'commands':
      return [store.commands];
    case 'commandInvocations':
      return [store.commandInvocations, inGroup(store.invocationsByCommand, r.CommandId), inGroup(store.invocationsByInstance, r.InstanceId)];
    default:
      throw new Error(`live records of ${collection} are not supported`);
  }
}

/** By-ID maps of a collection, with the key of `r` in each. */
function maps(store: Store, collection: CollectionKey, r: Rec): [Map<string, Rec>, string][] {
  switch (collection) {
    case 'automationExecutions':
      return [[store.automationById, r.AutomationExecutionId]];
    case 'maintenanceWindows':
      return [[store.windowById, r.WindowId]];
    case 'maintenanceWindowExecutions':
      return [[store.windowExecutionById, r.WindowExecutionId]];
    case 'maintenanceWindowExecutionTasks':
      return [[store.taskById, compositeKey(r.WindowExecutionId, r.TaskExecutionId)]];
    case 'commands':
      return [[store.commandById, r.CommandId]];
    default:
      return [];
  }
}

/** Replaces `old` (undefined: not listed yet) by `next` (undefined: no longer listed) in every index. */
export function replaceRecord(store: Store, collection: CollectionKey, old: Rec | undefined, next: Rec | undefined): void {
  const order = ORDER[collection as keyof typeof ORDER] as Order;
  if (old) {
    for (const arr of lists(store, collection, old)) remove(arr, old, order);
    for (const [m, key] of maps(store, collection, old)) m.delete(key);
  }
  if (next) {
    for (const arr of lists(store, collection, next)) insert(arr, next, order);
    for (const [m, key] of maps(store, collection, next)) m.set(key, next);
  }
}
