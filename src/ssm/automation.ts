/**
 * Automation executions and their steps.
 *
 * Records carry the keys needed to fetch them again: a step knows its
 * `AutomationExecutionId`, which SSM's StepExecution shape leaves out.
 */
import type { AutomationExecution, AutomationExecutionMetadata, StepExecution } from '@aws-sdk/client-ssm';
import { createEntityLoader, eachKey } from './entity-loader.ts';
import { keyString, maxBatchSize, type EntityKey } from './entities.ts';
import { SsmError } from './errors.ts';
import { defineFilter, ssmFilters, type FilterValues } from './filters.ts';
import type { Located } from './locations.ts';
import type { Page, PageRequest, SsmSession } from './session.ts';
import { chunks, findInListing, groupBy } from './collections.ts';

export type AutomationExecutionRecord = Partial<AutomationExecution> &
  Partial<AutomationExecutionMetadata> &
  Located & {
    AutomationExecutionId: string;
    /** True for GetAutomationExecution's full shape, false for a listed summary. */
    $detail: boolean;
  };
export type StepRecord = StepExecution & Located & { AutomationExecutionId: string; StepExecutionId: string };
export type AutomationExecutionKey = EntityKey<'AutomationExecution'>;
export type StepKey = EntityKey<'AutomationStepExecution'>;

/** Statuses after which an execution, and every step of it, can no longer change. */
const TERMINAL = new Set([
  'Success',
  'TimedOut',
  'Cancelled',
  'Failed',
  'Rejected',
  'ChangeCalendarOverrideRejected',
  'CompletedWithSuccess',
  'CompletedWithFailure',
  'Exited',
]);
/**
 * Pages of a filtered scan read before missing executions are fetched one by one:
 * one, so a batch of n IDs costs at most n + 1 calls and two round trips, however
 * short SSM's filtered pages are.
 */
const FILTERED_SCAN_PAGES = 1;

export const isTerminalAutomationStatus = (s: string | undefined) => !!s && TERMINAL.has(s);

/** DescribeAutomationExecutions' filters. */
export const AUTOMATION_EXECUTION_FILTER = defineFilter({
  style: 'KeyValues',
  shape: 'AutomationExecutionFilter',
  members: {
    documentNamePrefix: { key: 'DocumentNamePrefix', type: 'String', description: 'Executions of runbooks whose name starts with this (DocumentNamePrefix).' },
    status: { key: 'ExecutionStatus', type: { enum: 'AutomationExecutionStatus' }, list: true, description: 'Executions in any of these statuses (ExecutionStatus).' },
    executionIds: { key: 'ExecutionId', type: 'ID', list: true, shape: 'AutomationExecutionId', description: 'These executions (ExecutionId): at most 10.' },
    parentExecutionId: { key: 'ParentExecutionId', type: 'ID', shape: 'AutomationExecutionId', description: 'Executions started by this one (ParentExecutionId).' },
    currentAction: { key: 'CurrentAction', type: 'String', description: 'Executions whose current step runs this action, e.g. aws:runCommand (CurrentAction).' },
    startTimeBefore: { key: 'StartTimeBefore', type: 'DateTime', description: 'Executions that started before this time (StartTimeBefore; to the second).' },
    startTimeAfter: { key: 'StartTimeAfter', type: 'DateTime', description: 'Executions that started at or after this time (StartTimeAfter; to the second).' },
    automationType: { key: 'AutomationType', type: { enum: 'AutomationType' }, description: 'Local or CrossAccount (multi-account and multi-Region) executions (AutomationType).' },
    automationSubtype: { key: 'AutomationSubtype', type: { enum: 'AutomationSubtype' }, description: 'Executions of this subtype, e.g. ChangeRequest (AutomationSubtype).' },
    opsItemId: { key: 'OpsItemId', type: 'String', description: 'Executions started for this OpsItem (OpsItemId).' },
  },
});
export type AutomationExecutionFilter = FilterValues<typeof AUTOMATION_EXECUTION_FILTER>;

/** DescribeAutomationStepExecutions' filters. */
export const STEP_EXECUTION_FILTER = defineFilter({
  style: 'KeyValues',
  shape: 'StepExecutionFilter',
  members: {
    stepExecutionIds: { key: 'StepExecutionId', type: 'String', list: true, description: 'These step executions (StepExecutionId): at most 10.' },
    stepName: { key: 'StepName', type: 'String', list: true, description: 'Steps with any of these names (StepName).' },
    action: { key: 'Action', type: 'String', list: true, description: 'Steps running any of these actions, e.g. aws:loop (Action).' },
    status: { key: 'StepExecutionStatus', type: { enum: 'AutomationExecutionStatus' }, list: true, description: 'Steps in any of these statuses (StepExecutionStatus).' },
    startTimeBefore: { key: 'StartTimeBefore', type: 'DateTime', description: 'Steps that started before this time (StartTimeBefore; to the second).' },
    startTimeAfter: { key: 'StartTimeAfter', type: 'DateTime', description: 'Steps that started at or after this time (StartTimeAfter; to the second).' },
    parentStepExecutionId: { key: 'ParentStepExecutionId', type: 'String', description: 'Steps that ran under this step, e.g. the iterations of an aws:loop (ParentStepExecutionId).' },
    parentStepIteration: { key: 'ParentStepIteration', type: 'Int', min: 0, description: 'Steps of this iteration of their parent loop, from 0 (ParentStepIteration).' },
    parentStepIteratorValue: { key: 'ParentStepIteratorValue', type: 'String', description: 'Steps of the loop iteration over this value (ParentStepIteratorValue).' },
  },
});
export type StepFilter = FilterValues<typeof STEP_EXECUTION_FILTER>;

export function createAutomationApi(session: SsmSession) {
  const { here } = session;
  const summary = (m: AutomationExecutionMetadata): AutomationExecutionRecord => ({
    ...m,
    ...here,
    AutomationExecutionId: m.AutomationExecutionId!,
    $detail: false,
  });
  const stepRecord = (automationExecutionId: string, s: StepExecution): StepRecord => ({
    ...s,
    ...here,
    AutomationExecutionId: automationExecutionId,
    StepExecutionId: s.StepExecutionId!,
  });

  const detail = createEntityLoader<'AutomationExecution', AutomationExecutionRecord>(session, {
    entity: 'AutomationExecution',
    variant: 'detail',
    stable: (e) => isTerminalAutomationStatus(e.AutomationExecutionStatus),
    batch: eachKey(async ({ AutomationExecutionId: id }) => {
      const out = await session.call('GetAutomationExecution', { AutomationExecutionId: id }, (o) =>
        isTerminalAutomationStatus(o.AutomationExecution?.AutomationExecutionStatus),
      );
      return { ...out.AutomationExecution!, ...here, AutomationExecutionId: id, $detail: true } as AutomationExecutionRecord;
    }),
  });

  const execution = createEntityLoader<'AutomationExecution', AutomationExecutionRecord>(session, {
    entity: 'AutomationExecution',
    stable: (e) => isTerminalAutomationStatus(e.AutomationExecutionStatus),
    maxBatchSize: maxBatchSize('AutomationExecution'),
    // Up to ten executions per DescribeAutomationExecutions call, through its ExecutionId filter.
    // A lone ID takes GetAutomationExecution instead: one call, never an empty filtered page,
    // and the full shape.
    batch: async (keys) => {
      if (keys.length === 1) return [await detail.load(keys[0]).catch((e: Error) => e)];
      const ids = keys.map((k) => k.AutomationExecutionId);
      const { found, ended } = await findInListing(
        (token) => listExecutionsPage({ filter: { executionIds: ids }, token }),
        ids,
        (m) => m.AutomationExecutionId,
        FILTERED_SCAN_PAGES,
      );
      // A filtered scan can page through many short or empty pages before it reaches an ID: past
      // its first page, each ID still missing is fetched directly, so none is reported missing wrongly.
      return Promise.all(
        keys.map(async (k) =>
          found.get(k.AutomationExecutionId) ??
          (ended ? new SsmError('NOT_FOUND', 'DescribeAutomationExecutions') : await detail.load(k).catch((e: Error) => e)),
        ),
      );
    },
  });

  /**
   * Always the listed summary (for the members only DescribeAutomationExecutions
   * returns: AutomationType, LogFile, ...), which `execution` does not promise
   * (a lone ID takes GetAutomationExecution): a listed one, else the filtered
   * listing scanned to its end, ten IDs a call, bounded by the call budget.
   */
  const summaryOf = createEntityLoader<'AutomationExecution', AutomationExecutionRecord>(session, {
    entity: 'AutomationExecution',
    variant: 'summary',
    stable: (e) => isTerminalAutomationStatus(e.AutomationExecutionStatus),
    maxBatchSize: maxBatchSize('AutomationExecution'),
    batch: async (keys) => {
      const listed = keys.map((k) => execution.peek(k)).map((e) => (e && !e.$detail ? e : undefined));
      const ids = keys.filter((_, i) => !listed[i]).map((k) => k.AutomationExecutionId);
      const { found } = ids.length
        ? await findInListing((token) => listExecutionsPage({ filter: { executionIds: ids }, token }), ids, (m) => m.AutomationExecutionId)
        : { found: new Map<string, AutomationExecutionRecord>() };
      return keys.map((k, i) => listed[i] ?? found.get(k.AutomationExecutionId) ?? new SsmError('NOT_FOUND', 'DescribeAutomationExecutions'));
    },
  });

  const stepKeyString = (k: StepKey) => keyString('AutomationStepExecution', k);
  const step = createEntityLoader<'AutomationStepExecution', StepRecord>(session, {
    entity: 'AutomationStepExecution',
    stable: (s) => isTerminalAutomationStatus(s.StepStatus),
    // Steps of one execution, up to ten per call through the StepExecutionId filter.
    batch: async (keys) => {
      const byExecution = groupBy(keys, (k) => k.AutomationExecutionId);
      const found = new Map<string, StepRecord | Error>();
      const chunk = maxBatchSize('AutomationStepExecution');
      await Promise.all(
        [...byExecution].flatMap(([execId, ks]) =>
          chunks(ks, chunk).map(async (part) => {
            try {
              const filter = { stepExecutionIds: part.map((k) => k.StepExecutionId) };
              // SSM has no Get for one step: the scan goes on until the IDs are found or the listing
              // ends, bounded by the request's call budget.
              const { found: steps } = await findInListing(
                (token) => listStepsPage(execId, false, { filter, token }),
                part.map(stepKeyString),
                stepKeyString,
              );
              for (const [key, s] of steps) found.set(key, s);
            } catch (e) {
              for (const k of part) found.set(stepKeyString(k), e as Error);
            }
          }),
        ),
      );
      return keys.map((k) => found.get(stepKeyString(k)) ?? new SsmError('NOT_FOUND', 'DescribeAutomationStepExecutions'));
    },
  });

  async function listExecutionsPage({ filter, token }: PageRequest<AutomationExecutionFilter>): Promise<Page<AutomationExecutionRecord>> {
    return session.page('DescribeAutomationExecutions', { Filters: ssmFilters(AUTOMATION_EXECUTION_FILTER, filter) as never }, token, false, summary, execution);
  }

  /** An execution's steps in execution order, or in reverse (`reverse`: SSM's ReverseOrder). */
  async function listStepsPage(automationExecutionId: string, reverse: boolean, { filter, token, stable = false }: PageRequest<StepFilter>): Promise<Page<StepRecord>> {
    const input = { AutomationExecutionId: automationExecutionId, Filters: ssmFilters(STEP_EXECUTION_FILTER, filter) as never, ...(reverse ? { ReverseOrder: true } : {}) };
    return session.page('DescribeAutomationStepExecutions', input, token, stable, (s: StepExecution) => stepRecord(automationExecutionId, s), step);
  }

  return {
    /** By-key loaders of this domain's entities (src/ssm/entities.ts). */
    entities: { AutomationExecution: execution, AutomationStepExecution: step },
    /** A record by ID: a listed summary, or the full shape for a lone ID (batched); fields only the full shape has come from `detail`. */
    execution,
    detail,
    /** Always the listed summary shape. */
    summary: summaryOf,
    step,
    listExecutionsPage,
    listStepsPage,
  };
}

export type AutomationApi = ReturnType<typeof createAutomationApi>;
