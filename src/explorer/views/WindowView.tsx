/** A maintenance window and its executions, newest first, filtered by start time (pushed down to SSM). */
import { useState } from 'preact/hooks';
import { WindowView as WindowDoc } from '../documents/roots.ts';
import { FilterForm, TimeRange, useDraft } from '../filter-form.tsx';
import { isoOf } from '../filters.ts';
import { formatTime, span } from '../format.ts';
import { Errors, Facts, Loading, LocationTag, NodeLink, Status } from '../ui.tsx';
import { usePaged } from '../use-paged.ts';
import { Results } from './RootList.tsx';

export function WindowView({ id }: { id: string }) {
  const [range, setRange] = useState({ from: '', to: '' });
  const { draft, bind } = useDraft(range);
  const filter = { executedAfter: isoOf(range.from), executedBefore: isoOf(range.to) };
  const list = usePaged(WindowDoc, { id, filter }, (d) => (d.node?.__typename === 'MaintenanceWindow' ? d.node.executions : null));
  const node = list.last?.node;
  const w = node?.__typename === 'MaintenanceWindow' ? node : undefined;
  if (!w) return list.loading ? <Loading what="the window" /> : <><Errors errors={list.errors} /><h1 tabIndex={-1} id="view-title">No such maintenance window</h1></>;
  return (
    <>
      <p class="kind">Maintenance window</p>
      <h1 tabIndex={-1} id="view-title">{w.name ?? w.windowId}</h1>
      {w.description ? <p>{w.description}</p> : null}
      <Facts
        items={[
          ['Window ID', <code>{w.windowId}</code>],
          ['Location', <LocationTag of={w} />],
          ['Enabled', w.enabled ? 'Yes' : 'No'],
          ['Schedule', <code>{w.schedule}{w.scheduleTimezone ? ` (${w.scheduleTimezone})` : ''}</code>],
          ['Duration', w.duration != null ? `${w.duration} h (cutoff ${w.cutoff ?? 0} h)` : null],
          ['Next run', w.nextExecutionTime ? formatTime(w.nextExecutionTime) : null],
        ]}
      />
      <h2>Executions</h2>
      <FilterForm label="Filter executions by start time" onApply={() => setRange(draft)}>
        <TimeRange label="Started" bind={bind} />
      </FilterForm>
      <Results list={list} what="executions" head={['Execution', 'Status', 'Started', 'Duration']}>
        {list.items.map((e) => (
          <tr key={e.id}>
            <th scope="row"><NodeLink id={e.id} view="windowExecution"><span class="mono">{e.windowExecutionId}</span></NodeLink></th>
            <td><Status value={e.status} />{e.statusDetails ? <div class="muted">{e.statusDetails}</div> : null}</td>
            <td>{formatTime(e.startTime)}</td>
            <td>{span(e.startTime, e.endTime)}</td>
          </tr>
        ))}
      </Results>
    </>
  );
}
