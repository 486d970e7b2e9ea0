/**
 * Automation: DescribeAutomationExecutions, GetAutomationExecution,
 * DescribeAutomationStepExecutions.
 *
 * Filter semantics (values of one key OR-ed, keys AND-ed):
 * - AutomationExecutionFilter: DocumentNamePrefix (prefix of DocumentName),
 *   ExecutionStatus, ExecutionId, ParentExecutionId, CurrentAction, OpsItemId,
 *   AutomationType, AutomationSubtype (equality; status/type/subtype values
 *   outside the model's enums → InvalidFilterValue), StartTimeBefore (< value),
 *   StartTimeAfter (>= value) on ExecutionStartTime. Approximations: TagKey
 *   matches executions targeting `tag:<value>` or `tag-key` = value (records hold
 *   no tags); TargetResourceGroup matches a `ResourceGroup` target.
 * - StepExecutionFilter: StartTimeBefore/After as above; StepExecutionStatus
 *   (case-insensitive, must be an AutomationExecutionStatus); StepExecutionId,
 *   StepName, Action; ParentStepExecutionId, ParentStepIteration (integer),
 *   ParentStepIteratorValue against ParentStepDetails.
 * - GetAutomationExecution returns at most STEP_EXECUTIONS_INLINE_CAP steps
 *   inline and sets StepExecutionsTruncated when it cut the list.
 */
import type { StepExecution } from '@aws-sdk/client-ssm';
import type { AutomationExecutionRecord } from '../dataset.ts';
import { ServiceError, invalidFilterValue } from '../errors.ts';
import { shape } from '../model.ts';
import { epochMs } from '../serialize.ts';
import { allOf, filterTime, groupFilters, type Handler, type Predicate } from './handler.ts';

/** How many step executions GetAutomationExecution returns inline. */
export const STEP_EXECUTIONS_INLINE_CAP = 100;

const STATUSES = shape('AutomationExecutionStatus').enum ?? [];
const STATUSES_LOWER = new Set(STATUSES.map((s) => s.toLowerCase()));

type Filter = { Key: string; Values: string[] };

function checkEnum(op: string, key: string, values: string[], allowed: readonly string[]): Set<string> {
  for (const v of values) if (!allowed.includes(v)) throw invalidFilterValue(op, key, v);
  return new Set(values);
}

function timePredicate<T>(op: string, key: string, values: string[], time: (t: T) => unknown): Predicate<T> {
  const ts = values.map((v) => filterTime(op, key, v));
  return key.endsWith('Before')
    ? (x) => ts.some((t) => epochMs(time(x)) < t)
    : (x) => ts.some((t) => epochMs(time(x)) >= t);
}

const DescribeAutomationExecutions: Handler = (input, { store, pager }) => {
  const op = 'DescribeAutomationExecutions';
  type R = AutomationExecutionRecord;
  const preds: Predicate<R>[] = [];
  for (const [key, values] of groupFilters(input.Filters as Filter[] | undefined, (f) => f.Key, (f) => f.Values)) {
    const set = new Set(values);
    const eq = (get: (r: R) => unknown): Predicate<R> => (r) => set.has(String(get(r) ?? ''));
    switch (key) {
      case 'DocumentNamePrefix':
        preds.push((r) => values.some((v) => (r.DocumentName ?? '').startsWith(v)));
        break;
      case 'ExecutionStatus':
        checkEnum(op, key, values, STATUSES);
        preds.push(eq((r) => r.AutomationExecutionStatus));
        break;
      case 'ExecutionId':
        preds.push(eq((r) => r.AutomationExecutionId));
        break;
      case 'ParentExecutionId':
        preds.push(eq((r) => r.ParentAutomationExecutionId));
        break;
      case 'CurrentAction':
        preds.push(eq((r) => r.CurrentAction));
        break;
      case 'OpsItemId':
        preds.push(eq((r) => r.OpsItemId));
        break;
      case 'AutomationType':
        checkEnum(op, key, values, shape('AutomationType').enum ?? []);
        preds.push(eq((r) => r.AutomationType ?? 'Local'));
        break;
      case 'AutomationSubtype':
        checkEnum(op, key, values, shape('AutomationSubtype').enum ?? []);
        preds.push(eq((r) => r.AutomationSubtype));
        break;
      case 'StartTimeBefore':
      case 'StartTimeAfter':
        preds.push(timePredicate<R>(op, key, values, (r) => r.ExecutionStartTime));
        break;
      case 'TagKey':
        preds.push((r) =>
          (r.Targets ?? []).some(
            (t) =>
              (t.Key?.startsWith('tag:') && set.has(t.Key.slice(4))) ||
              (t.Key === 'tag-key' && (t.Values ?? []).some((v) => set.has(v))),
          ),
        );
        break;
      case 'TargetResourceGroup':
        preds.push((r) => (r.Targets ?? []).some((t) => t.Key === 'ResourceGroup' && (t.Values ?? []).some((v) => set.has(v))));
        break;
    }
  }
  const page = pager.page(op, input, store.automations, allOf(preds));
  return { AutomationExecutionMetadataList: page.items, NextToken: page.nextToken };
};

function findExecution(store: Parameters<Handler>[1]['store'], id: string): AutomationExecutionRecord {
  const rec = store.automationById.get(id);
  if (!rec) throw new ServiceError('AutomationExecutionNotFoundException', `Automation execution ${id} not found.`);
  return rec;
}

const GetAutomationExecution: Handler = (input, { store }) => {
  const rec = findExecution(store, input.AutomationExecutionId);
  const steps = rec.StepExecutions ?? [];
  const truncated = steps.length > STEP_EXECUTIONS_INLINE_CAP;
  return {
    AutomationExecution: {
      ...rec,
      StepExecutions: truncated ? steps.slice(0, STEP_EXECUTIONS_INLINE_CAP) : steps,
      StepExecutionsTruncated: truncated,
    },
  };
};

const reversedSteps = new WeakMap<AutomationExecutionRecord, StepExecution[]>();

const DescribeAutomationStepExecutions: Handler = (input, { store, pager }) => {
  const op = 'DescribeAutomationStepExecutions';
  const rec = findExecution(store, input.AutomationExecutionId);
  let steps = rec.StepExecutions ?? [];
  if (input.ReverseOrder === true) {
    let rev = reversedSteps.get(rec);
    if (!rev) reversedSteps.set(rec, (rev = [...steps].reverse()));
    steps = rev;
  }
  type S = StepExecution;
  const preds: Predicate<S>[] = [];
  for (const [key, values] of groupFilters(input.Filters as Filter[] | undefined, (f) => f.Key, (f) => f.Values)) {
    const set = new Set(values);
    const eq = (get: (s: S) => unknown): Predicate<S> => (s) => set.has(String(get(s) ?? ''));
    switch (key) {
      case 'StartTimeBefore':
      case 'StartTimeAfter':
        preds.push(timePredicate<S>(op, key, values, (s) => s.ExecutionStartTime));
        break;
      case 'StepExecutionStatus': {
        for (const v of values) if (!STATUSES_LOWER.has(v.toLowerCase())) throw invalidFilterValue(op, key, v);
        const lower = new Set(values.map((v) => v.toLowerCase()));
        preds.push((s) => lower.has((s.StepStatus ?? '').toLowerCase()));
        break;
      }
      case 'StepExecutionId':
        preds.push(eq((s) => s.StepExecutionId));
        break;
      case 'StepName':
        preds.push(eq((s) => s.StepName));
        break;
      case 'Action':
        preds.push(eq((s) => s.Action));
        break;
      case 'ParentStepExecutionId':
        preds.push((s) => s.ParentStepDetails !== undefined && set.has(s.ParentStepDetails.StepExecutionId ?? ''));
        break;
      case 'ParentStepIteration': {
        for (const v of values) if (!/^\d+$/.test(v)) throw invalidFilterValue(op, key, v, 'is not a non-negative integer');
        const nums = new Set(values.map(Number));
        preds.push((s) => s.ParentStepDetails?.Iteration !== undefined && nums.has(s.ParentStepDetails.Iteration));
        break;
      }
      case 'ParentStepIteratorValue':
        preds.push((s) => s.ParentStepDetails !== undefined && set.has(s.ParentStepDetails.IteratorValue ?? ''));
        break;
    }
  }
  const page = pager.page(op, input, steps, allOf(preds));
  return { StepExecutions: page.items, NextToken: page.nextToken };
};

export const automationHandlers: Record<string, Handler> = {
  DescribeAutomationExecutions,
  GetAutomationExecution,
  DescribeAutomationStepExecutions,
};
