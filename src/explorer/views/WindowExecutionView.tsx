/**
 * A window execution as a tree: tasks → invocations → what each ran (the
 * automation of an AUTOMATION task, the per-node command invocations of a
 * RUN_COMMAND task). Tasks are disclosure buttons; `focus` (a task, then an
 * invocation) opens and highlights a deep-linked one.
 */
import { useEffect, useState } from 'preact/hooks';
import { useWindowExecution, type WindowExecution } from '../execution-data.ts';
import { formatTime, isLive, span } from '../format.ts';
import { Errors, Facts, Loading, LocationTag, NodeLink, Refresh, Status } from '../ui.tsx';

type Task = NonNullable<WindowExecution['tasks']>['edges'][number]['node'];
type Invocation = NonNullable<Task['invocations']>['edges'][number]['node'];

export function WindowExecutionView({ id, focus }: { id: string; focus: string[] }) {
  const { execution: x, errors, loading, fetchedAt, live, refresh } = useWindowExecution(id);
  const [open, setOpen] = useState<Set<string>>(() => new Set(focus.slice(0, 1)));
  useEffect(() => {
    if (!x || !focus.length) return;
    setOpen((o) => new Set([...o, focus[0]]));
    document.getElementById(`row-${focus[focus.length - 1]}`)?.scrollIntoView({ block: 'center' });
  }, [!!x, focus.join()]);
  if (x === undefined) return <Loading what="the window execution" />;
  if (x === null) return <><Errors errors={errors} /><h1 tabIndex={-1} id="view-title">No such window execution</h1></>;
  const toggle = (taskId: string) => setOpen((o) => (o.has(taskId) ? (o.delete(taskId), new Set(o)) : new Set(o.add(taskId))));
  // A connection whose page failed is null; its error is in `errors`.
  const tasks = x.tasks?.edges.map((e) => e.node) ?? [];
  return (
    <>
      <p class="kind">
        Window execution
        {x.window ? <> of <NodeLink id={x.window.id} view="window">{x.window.name ?? x.windowId}</NodeLink></> : x.windowId ? <> of <code>{x.windowId}</code></> : null}
      </p>
      <h1 tabIndex={-1} id="view-title" class="mono">{x.windowExecutionId}</h1>
      <Refresh loading={loading} fetchedAt={fetchedAt} live={live} running={isLive(x.status)} onRefresh={refresh} />
      <Errors errors={errors} />
      <Facts
        items={[
          ['Status', <Status value={x.status} />],
          ['Details', x.statusDetails],
          ['Started', formatTime(x.startTime)],
          ['Ended', formatTime(x.endTime)],
          ['Duration', span(x.startTime, x.endTime)],
          ['Location', <LocationTag of={x} />],
        ]}
      />
      <h2>Tasks ({tasks.length}{x.tasks?.pageInfo.hasNextPage ? '+, first shown' : ''})</h2>
      <ul class="tree" aria-label="Tasks and their invocations">
        {tasks.map((t) => (
          <TaskItem key={t.id} task={t} open={open.has(t.id)} onToggle={() => toggle(t.id)} focus={focus} />
        ))}
      </ul>
      {!tasks.length ? <p class="muted">This execution ran no task.</p> : null}
    </>
  );
}

function TaskItem({ task: t, open, onToggle, focus }: { task: Task; open: boolean; onToggle(): void; focus: string[] }) {
  const invocations = t.invocations?.edges.map((e) => e.node) ?? [];
  const panel = `invocations-${t.id}`;
  return (
    <li id={`row-${t.id}`} class={focus.includes(t.id) ? 'task focused' : 'task'}>
      <div class="node-row">
        <button type="button" class="disclosure" aria-expanded={open} aria-controls={panel} onClick={onToggle}>
          <span class="twisty" aria-hidden="true">{open ? '▾' : '▸'}</span>
          <span class="task-name">{t.taskArn}</span>
        </button>
        <span class="tag">{t.taskType}</span>
        <Status value={t.status} />
        <span class="muted">{formatTime(t.startTime)} · {span(t.startTime, t.endTime)} · {invocations.length} invocation{invocations.length === 1 ? '' : 's'}</span>
      </div>
      {open ? (
        <ul id={panel} class="tree-children" aria-label={`Invocations of ${t.taskArn}`}>
          {invocations.map((i) => (
            <InvocationItem key={i.id} inv={i} taskId={t.id} focused={focus.includes(i.id)} />
          ))}
          {t.invocations?.pageInfo.hasNextPage ? <li class="muted">More invocations exist; the first {invocations.length} are shown.</li> : null}
          {!invocations.length ? <li class="muted">No invocations.</li> : null}
        </ul>
      ) : null}
    </li>
  );
}

function InvocationItem({ inv: i, focused }: { inv: Invocation; taskId: string; focused: boolean }) {
  const commands = i.commandInvocations?.edges.map((e) => e.node) ?? [];
  return (
    <li id={`row-${i.id}`} class={focused ? 'focused' : undefined}>
      <div class="node-row">
        <span class="mono">{i.invocationId}</span>
        <Status value={i.status} />
        <span class="muted">{formatTime(i.startTime)} · {span(i.startTime, i.endTime)}{i.ownerInformation ? ` · ${i.ownerInformation}` : ''}</span>
      </div>
      {i.statusDetails ? <div class="muted indent">{i.statusDetails}</div> : null}
      {i.automationExecution ? (
        <div class="indent ran">
          Ran automation{' '}
          <NodeLink id={i.automationExecution.id} view="automation">{i.automationExecution.documentName ?? i.automationExecution.automationExecutionId}</NodeLink>{' '}
          <Status value={i.automationExecution.automationExecutionStatus} />
        </div>
      ) : null}
      {commands.length ? (
        <div class="indent ran">
          Ran command <code>{commands[0].commandId}</code> on:
          <ul class="commands">
            {commands.map((c) => (
              <li key={`${c.commandId}/${c.instanceId}`}>
                <code>{c.instanceId}</code>{c.instanceName ? ` (${c.instanceName})` : ''} <Status value={c.status} />
                {c.statusDetails && c.statusDetails !== c.status ? <span class="muted"> {c.statusDetails}</span> : null}
              </li>
            ))}
            {i.commandInvocations?.pageInfo.hasNextPage ? <li class="muted">More nodes exist; the first {commands.length} are shown.</li> : null}
          </ul>
        </div>
      ) : null}
      {!i.automationExecution && !commands.length && i.executionId ? <div class="indent muted">Execution ID <code>{i.executionId}</code></div> : null}
    </li>
  );
}
