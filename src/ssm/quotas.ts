/**
 * Bounds on how many items an SSM listing can hold, where AWS documents one.
 * The cost estimate (src/server/preflight/cost.ts) prices a connection at the
 * smaller of `first` and this bound. Only documented facts go here, each with
 * where it is written; a bound AWS does not publish is not guessed.
 *
 * Source: AWS General Reference, "AWS Systems Manager endpoints and quotas",
 * Service quotas for Maintenance Windows: "Tasks per maintenance window: 20".
 * A window execution runs each of its window's registered tasks once, so it
 * has at most that many task executions. (A default quota: an account that had
 * it raised may see more; the runtime cap, SSM_MAX_CALLS_PER_REQUEST, still
 * bounds what runs.)
 *
 * Looked up and not bounded, for want of a documented figure: invocations per
 * task execution (one per target; "Targets per task: 10" counts target
 * entries, and one entry, a tag, can name any number of nodes), steps per
 * automation (loops add steps at run time), executions per window or
 * association, command invocations.
 */
import type { OperationName } from './client.ts';

export const LISTING_BOUNDS: Partial<Record<OperationName, number>> = {
  DescribeMaintenanceWindowExecutionTasks: 20,
};

/** The most items `operation` can list for one parent; Infinity when AWS documents no bound. */
export const listingBound = (operation: OperationName): number => LISTING_BOUNDS[operation] ?? Infinity;
