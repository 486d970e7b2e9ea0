/** One step's details under its timeline row: what it is, when it ran, its inputs and outputs. */
import { formatDuration, formatTime, span } from '../format.ts';
import type { Step } from '../execution-data.ts';
import type { TimeScale } from '../step-tree.ts';
import { Facts, JsonBlock, RouteLink } from '../ui.tsx';

export function StepDetails({ id, step: s, scale }: { id: string; step: Step; scale: TimeScale }) {
  const offset = s.executionStartTime ? formatDuration(Date.parse(s.executionStartTime) - scale.start) : null;
  return (
    <section id={id} class="step-details" aria-label={`Details of step ${s.stepName}`}>
      <Facts
        items={[
          ['Action', <code>{s.action}</code>],
          ['Status', s.stepStatus],
          ['Started', s.executionStartTime ? `${formatTime(s.executionStartTime)} (+${offset})` : 'not started'],
          ['Ended', s.executionEndTime ? formatTime(s.executionEndTime) : s.executionStartTime ? 'still running' : null],
          ['Duration', span(s.executionStartTime, s.executionEndTime)],
          ['Target accounts', s.targetLocation?.accounts?.join(', ')],
          ['Target Regions', s.targetLocation?.regions?.join(', ')],
          ['Iteration', s.iteration != null ? `${s.iteration}${s.iteratorValue ? ` (${s.iteratorValue})` : ''}` : null],
          ['On failure', s.onFailure],
          ['Critical', s.isCritical == null ? null : s.isCritical ? 'Yes' : 'No'],
          ['Max attempts', s.maxAttempts],
          ['Timeout', s.timeoutSeconds != null ? `${s.timeoutSeconds} s` : null],
          ['Step execution ID', <code>{s.stepExecutionId}</code>],
        ]}
      />
      <JsonBlock label="Inputs" value={s.inputs} />
      <JsonBlock label="Outputs" value={s.outputs} />
      <p>
        <RouteLink route={{ kind: 'node', id: s.id }}>Link to this step</RouteLink>
      </p>
    </section>
  );
}
