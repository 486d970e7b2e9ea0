/** The roots: maintenance windows, automation executions, associations, searched and filtered by SSM. */
import type { ComponentChildren } from 'preact';
import { AssociationList, AutomationList, WindowList } from '../documents/roots.ts';
import { FilterForm, TimeRange, useDraft } from '../filter-form.tsx';
import { associationFilter, automationFilter, LIST_FORMS, windowFilter } from '../filters.ts';
import { formatTime, span } from '../format.ts';
import { navigate } from '../navigation.ts';
import { listRoute, ROOT_KINDS, searchOf, type ListRoute, type RootKind } from '../route.ts';
import { Errors, NodeLink, RouteLink, Status } from '../ui.tsx';
import { usePaged, type Paged } from '../use-paged.ts';

const TITLES: Record<RootKind, string> = { windows: 'Maintenance windows', automations: 'Automation executions', associations: 'Associations' };

export function RootList({ route }: { route: ListRoute }) {
  return (
    <>
      <nav class="tabs" aria-label="Lists">
        {ROOT_KINDS.map((k) => (
          <RouteLink key={k} route={listRoute(k)} current={k === route.list}>
            {TITLES[k]}
          </RouteLink>
        ))}
      </nav>
      <h1 tabIndex={-1} id="view-title">{TITLES[route.list]}</h1>
      {/* Keyed by the applied filters: Clear (or Back) resets what the inputs show. */}
      <ListFilters key={searchOf(route)} route={route} />
      {route.list === 'windows' ? <Windows route={route} /> : route.list === 'automations' ? <Automations route={route} /> : <Associations route={route} />}
    </>
  );
}

function ListFilters({ route }: { route: ListRoute }) {
  const form = LIST_FORMS[route.list];
  const { draft, bind } = useDraft(route);
  const clear = (
    <button type="button" class="secondary" onClick={() => navigate(listRoute(route.list))}>
      Clear
    </button>
  );
  return (
    <FilterForm label={`Filter ${TITLES[route.list].toLowerCase()}`} onApply={() => navigate(draft)} actions={clear}>
      <label>
        {form.search}
        <input type="search" name="q" {...bind('q')} />
      </label>
      <label>
        {form.statusLabel}
        <select name="status" {...bind('status')}>
          <option value="">Any</option>
          {form.statuses.map(([v, label]) => (
            <option key={v} value={v}>{label}</option>
          ))}
        </select>
      </label>
      {form.time ? (
        <TimeRange label={form.time} bind={bind} />
      ) : (
        <p class="muted hint">SSM lists windows without a time filter: open a window to filter its executions by time.</p>
      )}
    </FilterForm>
  );
}

function Windows({ route }: { route: ListRoute }) {
  const list = usePaged(WindowList, { filter: windowFilter(route) }, (d) => d.maintenanceWindows);
  return (
    <Results list={list} what="maintenance windows" head={['Name', 'Enabled', 'Schedule', 'Next run']}>
      {list.items.map((w) => (
        <tr key={w.id}>
          <th scope="row"><NodeLink id={w.id} view="window">{w.name ?? w.windowId}</NodeLink></th>
          <td>{w.enabled ? 'Yes' : 'No'}</td>
          <td><code>{w.schedule}</code></td>
          <td>{w.nextExecutionTime ? formatTime(w.nextExecutionTime) : '—'}</td>
        </tr>
      ))}
    </Results>
  );
}

function Automations({ route }: { route: ListRoute }) {
  const list = usePaged(AutomationList, { filter: automationFilter(route) }, (d) => d.automationExecutions);
  return (
    <Results list={list} what="automation executions" head={['Runbook', 'Status', 'Started', 'Duration']}>
      {list.items.map((a) => (
        <tr key={a.id}>
          <th scope="row">
            <NodeLink id={a.id} view="automation">{a.documentName}</NodeLink>
            <div class="muted mono">{a.automationExecutionId}</div>
          </th>
          <td><Status value={a.automationExecutionStatus} /></td>
          <td>{formatTime(a.executionStartTime)}</td>
          <td>{span(a.executionStartTime, a.executionEndTime)}</td>
        </tr>
      ))}
    </Results>
  );
}

function Associations({ route }: { route: ListRoute }) {
  const list = usePaged(AssociationList, { filter: associationFilter(route) }, (d) => d.associations);
  return (
    <Results list={list} what="associations" head={['Association', 'Document', 'Status', 'Last run']}>
      {list.items.map((a) => (
        <tr key={a.id}>
          <th scope="row"><NodeLink id={a.id} view="association">{a.associationName ?? a.associationId}</NodeLink></th>
          <td>{a.name}</td>
          <td><Status value={a.overview?.status} /></td>
          <td>{formatTime(a.lastExecutionDate)}</td>
        </tr>
      ))}
    </Results>
  );
}

/** A results table with its loading, empty, error and "load more" states. */
export function Results<T, R>(props: { list: Paged<T, R>; what: string; head: string[]; children: ComponentChildren }) {
  const { list } = props;
  return (
    <section aria-label={`Results: ${props.what}`} aria-busy={list.loading}>
      <Errors errors={list.errors} />
      <div class="table-wrap" tabIndex={0} role="region" aria-label={`Table of ${props.what}`}>
        <table>
          <thead>
            <tr>{props.head.map((h) => <th key={h} scope="col">{h}</th>)}</tr>
          </thead>
          <tbody>{props.children}</tbody>
        </table>
      </div>
      <p class="muted" role="status">
        {list.loading ? `Loading ${props.what}…` : list.items.length ? `${list.items.length} ${props.what}${list.hasMore ? ', more to load' : ''}` : `No ${props.what} match.`}
      </p>
      {list.hasMore && !list.loading ? <button type="button" onClick={list.loadMore}>Load more</button> : null}
    </section>
  );
}
