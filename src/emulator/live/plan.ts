/**
 * Live plans: how each execution in progress (or yet to start) goes on, decided
 * at generation time, so that the view at any time t is a pure function of the
 * plan and t (`project.ts`).
 *
 * A plan holds the record as it will end (`full`, every time set) and what its
 * view needs beyond it. `events` lists every time at which its view changes:
 * between two events it is constant, which is what lets the emulator update
 * only the records whose events passed (`location.ts`). Plans are plain data
 * (structured-cloneable, deep-equal for equal inputs).
 */
import type { CollectionKey } from '../dataset.ts';

export type PlanKind = 'automation' | 'windowExecution' | 'task' | 'taskInvocation' | 'command' | 'commandInvocation' | 'window';

export interface Plan {
  kind: PlanKind;
  collection: CollectionKey;
  /** The record when it has ended (for a window: as generated). */
  full: Record<string, unknown>;
  /** The view at the generator's `now`, the very object in the dataset's collection; absent when not yet visible then. */
  atNow?: Record<string, unknown>;
  /** From when the record is listed at all (ms). */
  visibleFrom: number;
  /**
   * automation: step ID → when the child it starts appears;
   * taskInvocation: `ExecutionId` → when the command/automation it names appears;
   * command: each invocation's finish time, negative when it failed (|t| is the time).
   * window: the starts of its planned executions.
   */
  times?: Record<string, number> | number[];
  /** Sorted, distinct. */
  events: number[];
}

export interface LivePlans {
  /** The generator's `now`: `atNow` views are the views at this time. */
  now: number;
  /** Nothing new is planned to start after this time. */
  horizon: number;
  plans: Plan[];
}

/** How far past `now` new window executions are planned. */
export const LIVE_HORIZON_MS = 2 * 24 * 3_600_000;
