/**
 * The roots: maintenance windows, automation executions, associations, of
 * every served location merged by the gateway (or of the locations chosen),
 * searched and filtered by SSM. A location that fails costs only its own rows:
 * the others are shown, with an error naming it.
 */
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { AssociationList, AutomationList, Locations, WindowList } from '../documents/roots.ts';
import { FilterForm, TimeRange, useDraft } from '../filter-form.tsx';
import { associationFilter, automationFilter, LIST_FORMS, locationArgs, windowFilter } from '../filters.ts';
import { formatTime, span } from '../format.ts';
import { navigate } from '../navigation.ts';
import { listRoute, ROOT_KINDS, searchOf, type ListRoute, type RootKind } from '../route.ts';
import { errorLocation, Errors, LocationTag, NodeLink, RouteLink, Status } from '../ui.tsx';
import { usePaged, type Paged } from '../use-paged.ts';
import { useQuery } from '../use-query.ts';
import { choicesOf, LocationChoice, LocationsPanel, type ServedLocation } from './Locations.tsx';

const TITLES: Record<RootKind, string> = { windows: 'Maintenance windows', automations: 'Automation executions', associations: 'Associations' };

/** What a list needs of the locations: whether to show a location column, and to hear when it answered. */
interface ListProps {
  route: ListRoute;
  /** More than one location is served: rows name theirs. */
  located: boolean;
  /** Called after each answer (the locations' states may have changed with it). */
  onAnswer(): void;
}

export function RootList({ route }: { route: ListRoute }) {
  // Asked at once (for the filter), and again after each answer of the list, whose calls update the states.
  const locations = useQuery(Locations, {});
  const served = locations.data?.locations ?? [];
  const props: ListProps = { route, located: served.length > 1, onAnswer: locations.refetch };
  return (
    <>
      <nav class="tabs" aria-label="Lists">
        {ROOT_KINDS.map((k) => (
          <RouteLink key={k} route={listRoute(k, route)} current={k === route.list}>
            {TITLES[k]}
          </RouteLink>
        ))}
      </nav>
      <h1 tabIndex={-1} id="view-title">{TITLES[route.list]}</h1>
      {/* Keyed by the applied filters: Clear (or Back) resets what the inputs show. */}
      <ListFilters key={searchOf(route)} route={route} locations={served} />
      <LocationsPanel locations={served} loading={locations.loading} />
      {route.list === 'windows' ? <Windows {...props} /> : route.list === 'automations' ? <Automations {...props} /> : <Associations {...props} />}
    </>
  );
}

function ListFilters({ route, locations }: { route: ListRoute; locations: readonly ServedLocation[] }) {
  const form = LIST_FORMS[route.list];
  const { draft, bind, set } = useDraft(route);
  const accounts = choicesOf(locations, (l) => l.accountId, route.accounts);
  const regions = choicesOf(locations, (l) => l.region, route.regions);
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
      {accounts.length > 1 || regions.length > 1 ? (
        <div class="location-filter">
          <LocationChoice legend="Accounts" name="account" options={accounts} chosen={draft.accounts} onChange={(v) => set('accounts', v)} />
          <LocationChoice legend="Regions" name="region" options={regions} chosen={draft.regions} onChange={(v) => set('regions', v)} />
        </div>
      ) : null}
    </FilterForm>
  );
}

/** Tells the page each time a list has answered. */
function useAnswered(list: Paged<unknown, unknown>, onAnswer: () => void) {
  useEffect(() => {
    if (!list.loading) onAnswer();
  }, [list.loading]);
}

const withLocation = (located: boolean, head: string[]) => (located ? [head[0], 'Location', ...head.slice(1)] : head);

function Windows({ route, located, onAnswer }: ListProps) {
  const list = usePaged(WindowList, { filter: windowFilter(route), ...locationArgs(route) }, (d) => d.maintenanceWindows);
  useAnswered(list, onAnswer);
  return (
    <Results list={list} what="maintenance windows" head={withLocation(located, ['Name', 'Enabled', 'Schedule', 'Next run'])}>
      {list.items.map((w) => (
        <tr key={w.id}>
          <th scope="row"><NodeLink id={w.id} view="window">{w.name ?? w.windowId}</NodeLink></th>
          {located ? <td><LocationTag of={w} /></td> : null}
          <td>{w.enabled ? 'Yes' : 'No'}</td>
          <td><code>{w.schedule}</code></td>
          <td>{w.nextExecutionTime ? formatTime(w.nextExecutionTime) : '—'}</td>
        </tr>
      ))}
    </Results>
  );
}

function Automations({ route, located, onAnswer }: ListProps) {
  const list = usePaged(AutomationList, { filter: automationFilter(route), ...locationArgs(route) }, (d) => d.automationExecutions);
  useAnswered(list, onAnswer);
  return (
    <Results list={list} what="automation executions" head={withLocation(located, ['Runbook', 'Status', 'Started', 'Duration'])}>
      {list.items.map((a) => (
        <tr key={a.id}>
          <th scope="row">
            <NodeLink id={a.id} view="automation">{a.documentName}</NodeLink>
            {a.automationType === 'CrossAccount' ? <span class="tag">multi-account</span> : null}
            <div class="muted mono">{a.automationExecutionId}</div>
          </th>
          {located ? <td><LocationTag of={a} /></td> : null}
          <td><Status value={a.automationExecutionStatus} /></td>
          <td>{formatTime(a.executionStartTime)}</td>
          <td>{span(a.executionStartTime, a.executionEndTime)}</td>
        </tr>
      ))}
    </Results>
  );
}

function Associations({ route, located, onAnswer }: ListProps) {
  const list = usePaged(AssociationList, { filter: associationFilter(route), ...locationArgs(route) }, (d) => d.associations);
  useAnswered(list, onAnswer);
  return (
    <Results list={list} what="associations" head={withLocation(located, ['Association', 'Document', 'Status', 'Last run'])}>
      {list.items.map((a) => (
        <tr key={a.id}>
          <th scope="row"><NodeLink id={a.id} view="association">{a.associationName ?? a.associationId}</NodeLink></th>
          {located ? <td><LocationTag of={a} /></td> : null}
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
  // A location that failed keeps its place in the cursor: the next page asks it again.
  const retries = !!list.errors?.some((e) => errorLocation(e));
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
        {!list.loading && retries && list.hasMore ? '. Load more asks the locations that did not answer again.' : ''}
      </p>
      {list.hasMore && !list.loading ? <button type="button" onClick={list.loadMore}>Load more</button> : null}
    </section>
  );
}
