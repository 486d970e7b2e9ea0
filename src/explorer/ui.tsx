/** Small shared pieces: links that navigate inside the page, status badges, errors, refresh and the live indicator. */
import type { ComponentChildren } from 'preact';
import type { GqlError } from './client.ts';
import type { LiveStatus } from './use-live.ts';
import { formatLocation, formatTime, toneOf, type Located } from './format.ts';
import { hrefOf, navigate } from './navigation.ts';
import type { Route, Target } from './route.ts';

/** A real link (it opens in a new tab as a deep link), followed in place on a plain click. */
export function RouteLink(props: { route: Route; target?: Target; children: ComponentChildren; class?: string; current?: boolean; 'aria-label'?: string }) {
  const onClick = (e: MouseEvent) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(props.route, { target: props.target });
  };
  return (
    <a href={hrefOf(props.route)} onClick={onClick} class={props.class} aria-current={props.current ? 'page' : undefined} aria-label={props['aria-label']}>
      {props.children}
    </a>
  );
}

/** A link to the view of a node whose place is known (so no resolving query is needed). */
export function NodeLink(props: { id: string; view: Target['view']; focus?: string[]; viewId?: string; children: ComponentChildren; 'aria-label'?: string }) {
  const target: Target = { view: props.view, viewId: props.viewId ?? props.id, focus: props.focus ?? [] };
  return (
    <RouteLink route={{ kind: 'node', id: props.id }} target={target} aria-label={props['aria-label']}>
      {props.children}
    </RouteLink>
  );
}

export function Status({ value }: { value: string | null | undefined }) {
  return <span class={`status tone-${toneOf(value)}`}>{value ?? 'unknown'}</span>;
}

/** Where a failure happened, when one location of the answer raised it (`extensions.location`). */
export function errorLocation(e: GqlError): Located | undefined {
  const l = e.extensions?.location as Located | undefined;
  return l && typeof l === 'object' && typeof l.region === 'string' ? l : undefined;
}

/**
 * The errors of an answer, beside the data it still has: an error one location
 * raised (a merged list's partial failure) names that location.
 */
export function Errors({ errors }: { errors?: readonly GqlError[] }) {
  if (!errors?.length) return null;
  const located = errors.filter((e) => errorLocation(e)).length;
  const intro =
    located === errors.length
      ? `${located === 1 ? 'One location' : `${located} locations`} did not answer; what the others answered is shown.`
      : `The gateway answered with ${errors.length === 1 ? 'an error' : `${errors.length} errors`}; what it could answer is shown.`;
  return (
    <div class="errors" role="alert">
      <p>{intro}</p>
      <ul>
        {errors.slice(0, 8).map((e, i) => {
          const where = errorLocation(e);
          return (
            <li key={i}>
              {where ? <><strong>{formatLocation(where)}</strong>: </> : null}
              <code>{e.extensions?.code ?? 'ERROR'}</code> {e.message}
              {e.path ? <span class="muted"> at {e.path.join('.')}</span> : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** A record's account and region. */
export function LocationTag({ of }: { of: Located }) {
  return <span class="location">{formatLocation(of)}</span>;
}

/**
 * How fresh a view of one execution is: while it runs, whether its live
 * updates are on (text, not colour alone); Refresh whenever they are not (the
 * execution ended, or the stream failed or is not open yet). The polite live
 * region announces only changes of the live state, never each update.
 */
export function Refresh(props: { loading: boolean; fetchedAt?: number; live: LiveStatus; running: boolean; onRefresh(): void }) {
  const { live } = props;
  return (
    <div class="refresh">
      {live.kind === 'live' ? (
        <span class="live-badge">
          <span class="live-dot" aria-hidden="true" />
          Live
        </span>
      ) : (
        <button type="button" onClick={props.onRefresh} disabled={props.loading}>
          {props.loading ? 'Refreshing…' : 'Refresh'}
        </button>
      )}
      <span class="muted live-state" aria-live="polite">
        {liveText(live)}
      </span>
      <span class="muted">
        {live.kind === 'connecting' ? 'Connecting to live updates… ' : null}
        {props.fetchedAt ? `as of ${formatTime(new Date(props.fetchedAt).toISOString())}` : ''}
        {props.running && live.kind !== 'live' ? ' · still running' : ''}
      </span>
    </div>
  );
}

function liveText(live: LiveStatus): string {
  switch (live.kind) {
    case 'live':
      return 'Live updates on: this view changes as the execution runs.';
    case 'ended':
      return live.early ? 'Live updates stopped by the gateway; Refresh for newer data.' : 'Live updates ended: the execution finished.';
    case 'failed':
      return `Live updates unavailable (${live.code}); Refresh for newer data.`;
    default:
      return '';
  }
}

export function Loading({ what }: { what: string }) {
  return <p class="muted" role="status">Loading {what}…</p>;
}

/** A definition list of label → value, skipping empty values. */
export function Facts({ items }: { items: [string, ComponentChildren][] }) {
  const shown = items.filter(([, v]) => v !== null && v !== undefined && v !== '');
  return (
    <dl class="facts">
      {shown.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** JSON maps (inputs, outputs, parameters) as SSM returned them. */
export function JsonBlock({ label, value }: { label: string; value: unknown }) {
  if (value === null || value === undefined || (typeof value === 'object' && !Object.keys(value as object).length)) return null;
  return (
    <section class="json">
      <h4>{label}</h4>
      <pre tabIndex={0}>{JSON.stringify(value, null, 2)}</pre>
    </section>
  );
}
