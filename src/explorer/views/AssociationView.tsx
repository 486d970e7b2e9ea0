/** An association and its runs (status and creation time pushed down to SSM), each run's targets on demand. */
import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { AssociationTargets, AssociationView as AssociationDoc } from '../documents/roots.ts';
import { FilterForm, TimeRange, useDraft } from '../filter-form.tsx';
import { isoOf } from '../filters.ts';
import { formatTime } from '../format.ts';
import { Errors, Facts, Loading, LocationTag, Status } from '../ui.tsx';
import { usePaged } from '../use-paged.ts';
import { useQuery } from '../use-query.ts';
import { Results } from './RootList.tsx';

export function AssociationView({ id, focus }: { id: string; focus: string[] }) {
  const [filter, setFilter] = useState({ status: '', from: '', to: '' });
  const { draft, bind } = useDraft(filter);
  const [open, setOpen] = useState<string | undefined>(focus[0]);
  const vars = { id, filter: { status: filter.status || undefined, createdAfter: isoOf(filter.from), createdBefore: isoOf(filter.to) } };
  const list = usePaged(AssociationDoc, vars, (d) => (d.node?.__typename === 'Association' ? d.node.executions : null));
  const node = list.last?.node;
  const a = node?.__typename === 'Association' ? node : undefined;
  if (!a) return list.loading ? <Loading what="the association" /> : <><Errors errors={list.errors} /><h1 tabIndex={-1} id="view-title">No such association</h1></>;
  return (
    <>
      <p class="kind">Association</p>
      <h1 tabIndex={-1} id="view-title">{a.associationName ?? a.associationId}</h1>
      <Facts
        items={[
          ['Association ID', <code>{a.associationId}</code>],
          ['Location', <LocationTag of={a} />],
          ['Document', a.name],
          ['Status', <Status value={a.overview?.status ?? a.status?.name} />],
          ['Details', a.overview?.detailedStatus],
          ['Schedule', a.scheduleExpression ? <code>{a.scheduleExpression}</code> : null],
          ['Last run', formatTime(a.lastExecutionDate)],
        ]}
      />
      <h2>Runs</h2>
      <FilterForm label="Filter runs" onApply={() => setFilter(draft)}>
        <label>
          Status (as SSM spells it, e.g. Success, Failed)
          <input type="search" {...bind('status')} />
        </label>
        <TimeRange label="Created" bind={bind} />
      </FilterForm>
      <Results list={list} what="runs" head={['Run', 'Status', 'Created', 'Resources']}>
        {list.items.map((e) => (
          <Fragment key={e.id}>
            <tr id={`row-${e.id}`} class={focus.includes(e.id) ? 'focused' : undefined}>
              <th scope="row">
                <button type="button" class="disclosure" aria-expanded={open === e.id} onClick={() => setOpen(open === e.id ? undefined : e.id)}>
                  <span aria-hidden="true">{open === e.id ? '▾' : '▸'}</span> <span class="mono">{e.executionId}</span>
                </button>
              </th>
              <td><Status value={e.status} />{e.detailedStatus && e.detailedStatus !== e.status ? <div class="muted">{e.detailedStatus}</div> : null}</td>
              <td>{formatTime(e.createdTime)}</td>
              <td>{e.resourceCountByStatus}</td>
            </tr>
            {open === e.id ? (
              <tr>
                <td colSpan={4}><Targets id={e.id} /></td>
              </tr>
            ) : null}
          </Fragment>
        ))}
      </Results>
    </>
  );
}

function Targets({ id }: { id: string }) {
  const q = useQuery(AssociationTargets, { id });
  const node = q.data?.node;
  const targets = node?.__typename === 'AssociationExecution' ? (node.targets?.edges.map((e) => e.node) ?? []) : [];
  if (q.loading && !q.data) return <Loading what="targets" />;
  return (
    <>
      <Errors errors={q.errors} />
      <ul class="commands" aria-label="Targets of this run">
        {targets.map((t) => (
          <li key={`${t.resourceType}/${t.resourceId}`}>
            <code>{t.resourceId}</code> {t.resourceType} <Status value={t.status} /> <span class="muted">{t.detailedStatus} · {formatTime(t.lastExecutionDate)}</span>
          </li>
        ))}
        {!targets.length ? <li class="muted">No targets.</li> : null}
      </ul>
    </>
  );
}
