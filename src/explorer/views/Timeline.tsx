/**
 * An automation's steps as a timeline: one bar per step on the execution's
 * time scale (a step still running runs to now), loop iterations and child
 * automations nested under disclosure buttons (a child in another account or
 * region is read there, and named so; one the gateway cannot reach says why),
 * failed steps highlighted, a step's inputs and outputs under its name. The
 * bars are decoration: every figure they show is also text in the row.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { GqlError } from '../client.ts';
import { useAutomationExecution, type AutomationExecution, type Step } from '../execution-data.ts';
import { formatDuration, formatLocation, formatTime, sameLocation, toneOf } from '../format.ts';
import { navigate } from '../navigation.ts';
import { barOf, buildStepTree, pathTo, ticks, timeScale, type StepNode, type TimeScale } from '../step-tree.ts';
import { Errors, Loading, Status } from '../ui.tsx';
import { ChildLink, ChildProblem } from './ChildAutomation.tsx';
import { StepDetails } from './StepDetails.tsx';

type Exec = Pick<AutomationExecution, 'id' | 'accountId' | 'region' | 'executionStartTime' | 'executionEndTime'>;

interface Ctx {
  execution: Exec;
  /** Why a step's child automation is missing, by step ID (see useAutomationExecution). */
  childErrors: Record<string, GqlError>;
  scale: TimeScale;
  now: number;
  expanded: Set<string>;
  toggle(id: string): void;
  selected?: string;
  select(step: Step): void;
}

export function Timeline(props: {
  execution: Exec;
  steps: Step[];
  childErrors: Record<string, GqlError>;
  focus: string[];
  labelledBy: string;
  scale?: TimeScale;
  nested?: boolean;
  depth?: number;
}) {
  const { execution, steps } = props;
  const now = Date.now();
  const tree = useMemo(() => buildStepTree(steps), [steps]);
  const focused = props.nested ? undefined : props.focus.find((id) => steps.some((s) => s.id === id));
  const [expanded, setExpanded] = useState(() => new Set(focused ? pathTo(tree, focused).slice(0, -1) : []));
  const [localSelection, setLocalSelection] = useState<string>();
  // A deep-linked step is opened (its ancestors expanded above) and brought into view once.
  useEffect(() => {
    if (focused) document.getElementById(`step-${focused}`)?.scrollIntoView({ block: 'center' });
  }, []);
  const scale = props.scale ?? timeScale(execution, steps, now);
  if (!steps.length) return <p class="muted">No steps have run.</p>;
  if (!scale) return <p class="muted">No step has started yet.</p>;
  const ctx: Ctx = {
    execution,
    childErrors: props.childErrors,
    scale,
    now,
    expanded,
    toggle: (id) => setExpanded((e) => (e.has(id) ? (e.delete(id), new Set(e)) : new Set(e.add(id)))),
    selected: props.nested ? localSelection : focused,
    select: (step) => {
      if (props.nested) return setLocalSelection((s) => (s === step.id ? undefined : step.id));
      // The selected step is part of the URL, so the link in the address bar opens it.
      const id = focused === step.id ? execution.id : step.id;
      navigate({ kind: 'node', id }, { replace: true, target: { view: 'automation', viewId: execution.id, focus: id === step.id ? [id] : [] } });
    },
  };
  return (
    <div class={props.nested ? 'timeline nested' : 'timeline'}>
      {props.nested ? null : <Axis scale={scale} running={!execution.executionEndTime} />}
      <ol class="steps" aria-labelledby={props.labelledBy}>
        <StepRows nodes={tree} depth={props.depth ?? 0} ctx={ctx} />
      </ol>
    </div>
  );
}

function Axis({ scale, running }: { scale: TimeScale; running: boolean }) {
  const marks = ticks(scale);
  return (
    <div class="step-row axis">
      <div class="step-label muted">Started {formatTime(new Date(scale.start).toISOString())}</div>
      <div class="track" aria-hidden="true">
        {marks.map((t, i) => (
          <span key={i} class="tick" style={{ left: `${(i / (marks.length - 1)) * 100}%` }}>
            {i === 0 ? '0' : i === marks.length - 1 && running ? 'now' : `+${formatDuration(t - scale.start)}`}
          </span>
        ))}
      </div>
      <div class="step-time muted">Duration</div>
    </div>
  );
}

function StepRows({ nodes, depth, ctx }: { nodes: StepNode<Step>[]; depth: number; ctx: Ctx }) {
  return <>{nodes.map((n) => <StepRow key={n.step.id} node={n} depth={depth} ctx={ctx} />)}</>;
}

function StepRow({ node, depth, ctx }: { node: StepNode<Step>; depth: number; ctx: Ctx }) {
  const s = node.step;
  const tone = toneOf(s.stepStatus);
  const bar = barOf(s, ctx.scale, ctx.execution.executionEndTime, ctx.now);
  const child = s.childAutomationExecution;
  const childError = child ? undefined : ctx.childErrors[s.id];
  const nested = node.iterations.length > 0 || !!child;
  const open = ctx.expanded.has(s.id);
  const selected = ctx.selected === s.id;
  const what = child ? 'child automation steps' : `${node.iterations.length} iteration${node.iterations.length === 1 ? '' : 's'}`;
  return (
    <li id={`step-${s.id}`} class={`step tone-${tone}${selected ? ' selected' : ''}`}>
      <div class="step-row" style={{ '--depth': depth }}>
        <div class="step-label">
          {/* One group, so a long name wraps beside its toggle instead of leaving it alone on a line. */}
          <span class="step-head">
            {nested ? (
              <button type="button" class="twisty-btn" aria-expanded={open} aria-controls={open ? `nested-${s.id}` : undefined} aria-label={`${open ? 'Hide' : 'Show'} ${what} of ${s.stepName}`} onClick={() => ctx.toggle(s.id)}>
                <span aria-hidden="true">{open ? '▾' : '▸'}</span>
              </button>
            ) : (
              <span class="twisty-space" />
            )}
            <button type="button" class="step-name" aria-expanded={selected} aria-controls={selected ? `details-${s.id}` : undefined} onClick={() => ctx.select(s)}>
              {s.stepName}
            </button>
          </span>
          <Status value={s.stepStatus} />
          {child ? <ChildLink child={child} parent={ctx.execution} /> : null}
        </div>
        <div class="track" aria-hidden="true">
          {bar ? <span class={`bar${bar.running ? ' running' : ''}`} style={{ left: `${bar.left * 100}%`, width: `max(${bar.width * 100}%, 3px)` }} /> : null}
        </div>
        <div class="step-time">{bar ? `${formatDuration(bar.durationMs)}${bar.running ? ' so far' : ''}` : 'not started'}</div>
      </div>
      {s.failureMessage && tone === 'bad' ? <p class="failure">{s.failureMessage}</p> : null}
      {childError ? <ChildProblem step={s} error={childError} /> : null}
      {selected ? <StepDetails id={`details-${s.id}`} step={s} scale={ctx.scale} /> : null}
      {open && node.iterations.length ? (
        <ol id={`nested-${s.id}`} class="iterations" aria-label={`Iterations of ${s.stepName}`}>
          {node.iterations.map((g) => (
            <li key={String(g.iteration)} class="iteration">
              <div class="iteration-label" style={{ '--depth': depth + 1 }}>
                Iteration {g.iteration ?? '—'}{g.iteratorValue ? <> · <code>{g.iteratorValue}</code></> : null}
              </div>
              <ol class="steps">
                <StepRows nodes={g.steps} depth={depth + 1} ctx={ctx} />
              </ol>
            </li>
          ))}
        </ol>
      ) : null}
      {open && child ? (
        <div id={`nested-${s.id}`} class="child-automation">
          <ChildSteps
            id={child.id}
            scale={ctx.scale}
            depth={depth + 1}
            label={`Steps of child automation ${child.documentName ?? ''}${sameLocation(child, ctx.execution) ? '' : ` in ${formatLocation(child)}`}`}
          />
        </div>
      ) : null}
    </li>
  );
}

/** A child automation's steps inline, on its parent's time scale. */
function ChildSteps({ id, scale, depth, label }: { id: string; scale: TimeScale; depth: number; label: string }) {
  const state = useAutomationExecution(id);
  const labelId = `label-${id}`;
  if (!state.execution) return state.loading ? <Loading what="the child automation" /> : <Errors errors={state.errors} />;
  return (
    <>
      <p id={labelId} class="visually-hidden">{label}</p>
      <Errors errors={state.errors} />
      <Timeline execution={state.execution} steps={state.steps} childErrors={state.childErrors} focus={[]} labelledBy={labelId} scale={scale} depth={depth} nested />
    </>
  );
}
