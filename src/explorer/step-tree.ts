/**
 * The timeline's model, from the flat step list SSM returns (execution order,
 * loop iterations included): steps nested under their `parentStep` and grouped
 * by `iteration`, and a time scale on which each step is a bar.
 *
 * Contract: every step appears exactly once; a step whose parent is not in the
 * list (a truncated list) stays at the top level. A step that started and has
 * not ended runs to `now`, capped at the execution's end when it has one.
 */

export interface StepLike {
  id: string;
  parentStep?: { id: string } | null;
  iteration?: number | null;
  iteratorValue?: string | null;
  executionStartTime?: string | null;
  executionEndTime?: string | null;
}

export interface StepNode<S extends StepLike> {
  step: S;
  /** The steps that ran under this one, per iteration, in order of appearance. */
  iterations: { iteration: number | null; iteratorValue: string | null; steps: StepNode<S>[] }[];
}

export function buildStepTree<S extends StepLike>(steps: readonly S[]): StepNode<S>[] {
  const nodes = new Map(steps.map((step) => [step.id, { step, iterations: [] } as StepNode<S>]));
  const roots: StepNode<S>[] = [];
  for (const node of nodes.values()) {
    const parent = node.step.parentStep ? nodes.get(node.step.parentStep.id) : undefined;
    if (!parent || parent === node) {
      roots.push(node);
      continue;
    }
    const iteration = node.step.iteration ?? null;
    let group = parent.iterations.find((g) => g.iteration === iteration);
    if (!group) parent.iterations.push((group = { iteration, iteratorValue: node.step.iteratorValue ?? null, steps: [] }));
    group.steps.push(node);
  }
  return roots;
}

/** The IDs from a root of the tree down to `id` (inclusive), or [] when absent. */
export function pathTo<S extends StepLike>(roots: readonly StepNode<S>[], id: string): string[] {
  for (const node of roots) {
    if (node.step.id === id) return [id];
    for (const group of node.iterations) {
      const below = pathTo(group.steps, id);
      if (below.length) return [node.step.id, ...below];
    }
  }
  return [];
}

export interface TimeScale {
  start: number;
  end: number;
}

/** Spans the execution and every step; `now` stands in for the end of whatever is still running. */
export function timeScale(
  execution: { executionStartTime?: string | null; executionEndTime?: string | null },
  steps: readonly StepLike[],
  now: number,
): TimeScale | null {
  const times: number[] = [];
  const add = (iso: string | null | undefined) => iso && Number.isFinite(Date.parse(iso)) && times.push(Date.parse(iso));
  add(execution.executionStartTime);
  add(execution.executionEndTime);
  for (const s of steps) {
    add(s.executionStartTime);
    add(s.executionEndTime);
    if (s.executionStartTime && !s.executionEndTime) times.push(execution.executionEndTime ? Date.parse(execution.executionEndTime) : now);
  }
  if (!execution.executionEndTime && execution.executionStartTime) times.push(now);
  if (!times.length) return null;
  const start = Math.min(...times);
  return { start, end: Math.max(start + 1, ...times) };
}

export interface Bar {
  /** Fractions of the scale, 0..1. */
  left: number;
  width: number;
  /** The step has not ended: its bar runs to now. */
  running: boolean;
  durationMs: number;
}

export function barOf(step: StepLike, scale: TimeScale, executionEnd: string | null | undefined, now: number): Bar | null {
  if (!step.executionStartTime) return null;
  const from = Date.parse(step.executionStartTime);
  const running = !step.executionEndTime;
  const to = step.executionEndTime ? Date.parse(step.executionEndTime) : executionEnd ? Date.parse(executionEnd) : now;
  const total = scale.end - scale.start;
  const clamp = (x: number) => Math.min(1, Math.max(0, x));
  const left = clamp((from - scale.start) / total);
  return { left, width: clamp((to - scale.start) / total) - left, running, durationMs: Math.max(0, to - from) };
}

/** Evenly spaced tick times for the axis, `count` + 1 of them including both ends. */
export function ticks(scale: TimeScale, count = 4): number[] {
  return Array.from({ length: count + 1 }, (_, i) => scale.start + ((scale.end - scale.start) * i) / count);
}
