/** An automation execution: what ran it, its parameters and outputs, and its step timeline. */
import { useAutomationExecution } from '../execution-data.ts';
import { formatLocation, formatTime, isLive, sameLocation, span } from '../format.ts';
import { Errors, Facts, JsonBlock, Loading, LocationTag, NodeLink, Refresh, Status } from '../ui.tsx';
import { Timeline } from './Timeline.tsx';

export function AutomationView({ id, focus }: { id: string; focus: string[] }) {
  const state = useAutomationExecution(id);
  const { execution: a, errors, loading, fetchedAt, live, refresh } = state;
  if (a === undefined) return loading ? <Loading what="the automation execution" /> : <Errors errors={errors} />;
  if (a === null) return <><Errors errors={errors} /><h1 tabIndex={-1} id="view-title">No such automation execution</h1></>;
  const parent = a.parentAutomationExecution;
  return (
    <>
      <p class="kind">
        Automation execution
        {parent ? (
          <>
            {' '}started by <NodeLink id={parent.id} view="automation">{parent.documentName}</NodeLink>
            {sameLocation(parent, a) ? null : <> in {formatLocation(parent)}</>}
          </>
        ) : null}
      </p>
      <h1 tabIndex={-1} id="view-title">{a.documentName}</h1>
      <Refresh loading={loading} fetchedAt={fetchedAt} live={live} running={isLive(a.automationExecutionStatus)} onRefresh={refresh} />
      <Errors errors={errors} />
      <Facts
        items={[
          ['Status', <Status value={a.automationExecutionStatus} />],
          ['Execution ID', <code>{a.automationExecutionId}</code>],
          ['Location', <LocationTag of={a} />],
          ['Started', formatTime(a.executionStartTime)],
          ['Ended', formatTime(a.executionEndTime)],
          ['Duration', span(a.executionStartTime, a.executionEndTime)],
          ['Current step', isLive(a.automationExecutionStatus) ? a.currentStepName : null],
          ['Mode', a.mode],
          // A multi-account, multi-Region run: where its steps run (each step's target is on the step).
          ['Target accounts', targets(a.targetLocations, 'accounts')],
          ['Target Regions', targets(a.targetLocations, 'regions')],
        ]}
      />
      {a.failureMessage ? <p class="failure-box">{a.failureMessage}</p> : null}
      <details class="io">
        <summary>Parameters and outputs</summary>
        <JsonBlock label="Parameters" value={a.parameters} />
        <JsonBlock label="Outputs" value={a.outputs} />
      </details>
      <h2 id="timeline-title">Steps ({state.steps.length}{state.truncated ? '+' : ''})</h2>
      {state.truncated ? <p class="muted">This execution has more steps than the explorer reads; the first {state.steps.length} are shown.</p> : null}
      <Timeline execution={a} steps={state.steps} childErrors={state.childErrors} focus={focus} labelledBy="timeline-title" />
    </>
  );
}

type TargetLocations = { accounts?: readonly string[] | null; regions?: readonly string[] | null }[] | null | undefined;

const targets = (locations: TargetLocations, part: 'accounts' | 'regions') => [...new Set(locations?.flatMap((l) => l[part] ?? []))].join(', ') || null;
