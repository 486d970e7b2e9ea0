/**
 * The root lists' search form, translated into each list's filter input (which
 * the gateway pushes down to SSM's own filters: nothing is filtered here).
 * What each field can match is what SSM matches, so the labels say it.
 */
import type { AssociationList, AutomationList, WindowList } from './documents/roots.ts';
import type { AssociationStatus, AutomationStatus, VariablesOf } from './graphql.ts';
import type { ListRoute, RootKind } from './route.ts';

export interface ListForm {
  /** Label of the search box: what SSM matches it against. */
  search: string;
  statusLabel: string;
  /** [value, label]; '' is "any". */
  statuses: readonly (readonly [string, string])[];
  /** Label of the time range, or null when SSM offers no time filter for the list. */
  time: string | null;
}

// Records, not lists: adding a status to the schema fails the typecheck until it is listed here.
const AUTOMATION_STATUSES: Record<AutomationStatus, true> = {
  Approved: true, Cancelled: true, Cancelling: true, ChangeCalendarOverrideApproved: true,
  ChangeCalendarOverrideRejected: true, CompletedWithFailure: true, CompletedWithSuccess: true, Exited: true,
  Failed: true, InProgress: true, Pending: true, PendingApproval: true, PendingChangeCalendarOverride: true,
  Rejected: true, RunbookInProgress: true, Scheduled: true, Success: true, TimedOut: true, Waiting: true,
};
const ASSOCIATION_STATUSES: Record<AssociationStatus, true> = { Failed: true, Pending: true, Success: true };

const same = (values: string[]) => values.map((v) => [v, v] as const);

export const LIST_FORMS: Record<RootKind, ListForm> = {
  windows: {
    search: 'Window name (exact)',
    statusLabel: 'Enabled',
    statuses: [['true', 'Enabled'], ['false', 'Disabled']],
    time: null,
  },
  automations: {
    search: 'Runbook name starts with',
    statusLabel: 'Status',
    statuses: same(Object.keys(AUTOMATION_STATUSES)),
    time: 'Started',
  },
  associations: {
    search: 'Association name (exact)',
    statusLabel: 'Status',
    statuses: same(Object.keys(ASSOCIATION_STATUSES)),
    time: 'Last run',
  },
};

type FilterOf<D> = VariablesOf<D> extends { filter?: infer F } ? NonNullable<F> : never;

/** A `datetime-local` value (the browser's zone) as an ISO timestamp; '' for none. */
export function isoOf(local: string): string | undefined {
  if (!local) return undefined;
  const t = new Date(local);
  return Number.isNaN(t.getTime()) ? undefined : t.toISOString();
}

const text = (s: string) => s.trim() || undefined;

export function windowFilter(r: ListRoute): FilterOf<typeof WindowList> {
  return { name: text(r.q), enabled: r.status === '' ? undefined : r.status === 'true' };
}

export function automationFilter(r: ListRoute): FilterOf<typeof AutomationList> {
  return {
    documentNamePrefix: text(r.q),
    status: Object.hasOwn(AUTOMATION_STATUSES, r.status) ? [r.status as AutomationStatus] : undefined,
    startTimeAfter: isoOf(r.from),
    startTimeBefore: isoOf(r.to),
  };
}

/** The locations a root list reads: `accountIds` and `regions` (absent: every served one). */
export function locationArgs(r: Pick<ListRoute, 'accounts' | 'regions'>): { accountIds?: string[]; regions?: string[] } {
  return { accountIds: r.accounts.length ? r.accounts : undefined, regions: r.regions.length ? r.regions : undefined };
}

export function associationFilter(r: ListRoute): FilterOf<typeof AssociationList> {
  return {
    associationName: text(r.q),
    status: Object.hasOwn(ASSOCIATION_STATUSES, r.status) ? (r.status as AssociationStatus) : undefined,
    lastExecutedAfter: isoOf(r.from),
    lastExecutedBefore: isoOf(r.to),
  };
}
