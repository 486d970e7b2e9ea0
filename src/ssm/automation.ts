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
import { isoSeconds, keyValues } from './filters.ts';
import type { Page, SsmSession } from './session.ts';
import { chunks, findInListing, groupBy } from './collections.ts';

export type AutomationExecutionRecord = Partial<AutomationExecution> &
  Partial<AutomationExecutionMetadata> & {
    AutomationExecutionId: string;
    /** True for GetAutomationExecution's full shape, false for a listed summary. */
    $detail: boolean;
  };
export type StepRecord = StepExecution & { AutomationExecutionId: string; StepExecutionId: string };
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

export interface AutomationExecutionFilter {
  documentNamePrefix?: string;
  status?: string[];
  executionIds?: string[];
  parentExecutionId?: string;
  currentAction?: string;
  startTimeBefore?: Date;
  startTimeAfter?: Date;
  automationType?: string;
  automationSubtype?: string;
  opsItemId?: string;
}

export interface StepFilter {
  stepExecutionIds?: string[];
  stepName?: string[];
  action?: string[];
  status?: string[];
  startTimeBefore?: Date;
  startTimeAfter?: Date;
  parentStepExecutionId?: string;
  parentStepIteration?: number;
  parentStepIteratorValue?: string;
}

function automationFilters(f: AutomationExecutionFilter = {}) {
  return keyValues([
    ['DocumentNamePrefix', f.documentNamePrefix],
    ['ExecutionStatus', f.status],
    ['ExecutionId', f.executionIds],
    ['ParentExecutionId', f.parentExecutionId],
    ['CurrentAction', f.currentAction],
    ['StartTimeBefore', f.startTimeBefore && isoSeconds(f.startTimeBefore)],
    ['StartTimeAfter', f.startTimeAfter && isoSeconds(f.startTimeAfter)],
    ['AutomationType', f.automationType],
    ['AutomationSubtype', f.automationSubtype],
    ['OpsItemId', f.opsItemId],
  ]);
}

function stepFilters(f: StepFilter = {}) {
  return keyValues([
    ['StepExecutionId', f.stepExecutionIds],
    ['StepName', f.stepName],
    ['Action', f.action],
    ['StepExecutionStatus', f.status],
    ['StartTimeBefore', f.startTimeBefore && isoSeconds(f.startTimeBefore)],
    ['StartTimeAfter', f.startTimeAfter && isoSeconds(f.startTimeAfter)],
    ['ParentStepExecutionId', f.parentStepExecutionId],
    ['ParentStepIteration', f.parentStepIteration],
    ['ParentStepIteratorValue', f.parentStepIteratorValue],
  ]);
}

const summary = (m: AutomationExecutionMetadata): AutomationExecutionRecord => ({
  ...m,
  AutomationExecutionId: m.AutomationExecutionId!,
  $detail: false,
});
const stepRecord = (automationExecutionId: string, s: StepExecution): StepRecord => ({
  ...s,
  AutomationExecutionId: automationExecutionId,
  StepExecutionId: s.StepExecutionId!,
});

export function createAutomationApi(session: SsmSession) {
  const detail = createEntityLoader<'AutomationExecution', AutomationExecutionRecord>(session, {
    entity: 'AutomationExecution',
    variant: 'detail',
    stable: (e) => isTerminalAutomationStatus(e.AutomationExecutionStatus),
    batch: eachKey(async ({ AutomationExecutionId: id }) => {
      const out = await session.call('GetAutomationExecution', { AutomationExecutionId: id }, (o) =>
        isTerminalAutomationStatus(o.AutomationExecution?.AutomationExecutionStatus),
      );
      return { ...out.AutomationExecution!, AutomationExecutionId: id, $detail: true } as AutomationExecutionRecord;
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
        (t) => listExecutionsPage({ executionIds: ids }, t),
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
                (t) => listStepsPage(execId, filter, false, t, false),
                part.map(stepKeyString),
                stepKeyString,
              );
              steps.forEach((s, key) => found.set(key, s));
            } catch (e) {
              part.forEach((k) => found.set(stepKeyString(k), e as Error));
            }
          }),
        ),
      );
      return keys.map((k) => found.get(stepKeyString(k)) ?? new SsmError('NOT_FOUND', 'DescribeAutomationStepExecutions'));
    },
  });

  async function listExecutionsPage(filter: AutomationExecutionFilter, token?: string): Promise<Page<AutomationExecutionRecord>> {
    const page = await session.page<'DescribeAutomationExecutions', AutomationExecutionMetadata, AutomationExecutionRecord>(
      'DescribeAutomationExecutions',
      { Filters: automationFilters(filter) as never },
      token,
      false,
      summary,
    );
    execution.primePage(page.items, page.fresh);
    return page;
  }

  async function listStepsPage(
    automationExecutionId: string,
    filter: StepFilter,
    reverseOrder: boolean,
    token: string | undefined,
    parentTerminal: boolean | Promise<boolean>,
  ): Promise<Page<StepRecord>> {
    const page = await session.page<'DescribeAutomationStepExecutions', StepExecution, StepRecord>(
      'DescribeAutomationStepExecutions',
      {
        AutomationExecutionId: automationExecutionId,
        Filters: stepFilters(filter) as never,
        ...(reverseOrder ? { ReverseOrder: true } : {}),
      },
      token,
      parentTerminal,
      (s) => stepRecord(automationExecutionId, s),
    );
    step.primePage(page.items, page.fresh);
    return page;
  }

  return {
    /** By-key loaders of this domain's entities (src/ssm/entities.ts). */
    entities: { AutomationExecution: execution, AutomationStepExecution: step },
    /** A listed summary (batched); fields only the full shape has come from `detail`. */
    execution,
    detail,
    step,
    listExecutionsPage,
    listStepsPage,
  };
}

export type AutomationApi = ReturnType<typeof createAutomationApi>;
