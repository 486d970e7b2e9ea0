/**
 * What the page's queries cost: the upstream SSM calls the gateway reports in
 * `extensions.cost { estimated, actual }` (COST_EXTENSION). When a response
 * carries none (turned off), the panel shows the query count and says that the
 * gateway does not report calls: it never estimates them itself. Live events
 * (a subscription's, no request of their own) are listed as live updates, with
 * the cost an event carries, and none when it carries none: a subscription's
 * polls are shared by every watcher, so no one event has a cost of its own.
 */
import { useEffect, useState } from 'preact/hooks';
import { queryLog, type QueryRecord } from '../client.ts';

const SHOWN = 12;

export function CostPanel() {
  const [records, setRecords] = useState<readonly QueryRecord[]>(() => [...queryLog.all()]);
  useEffect(() => queryLog.subscribe(() => setRecords([...queryLog.all()])), []);
  const queries = records.filter((r) => r.kind === 'query');
  const updates = records.length - queries.length;
  const reported = queries.filter((r) => r.cost?.actual !== undefined);
  const calls = records.reduce((n, r) => n + (r.cost?.actual ?? 0), 0);
  return (
    <details class="cost" id="cost-panel">
      <summary>
        <span>Queries: {queries.length}</span>
        {updates ? <span> · live updates: {updates}</span> : null}
        <span class="muted">
          {' · '}
          {reported.length
            ? `upstream SSM calls: ${calls}${reported.length < queries.length ? ` (reported for ${reported.length} of ${queries.length} queries)` : ''}`
            : 'upstream SSM calls: not reported by this gateway (no extensions.cost)'}
        </span>
      </summary>
      <div class="table-wrap" tabIndex={0} role="region" aria-label="Queries this page sent and live updates it received">
        <table>
          <caption class="visually-hidden">The last {SHOWN} queries this page sent and live updates it received</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Operation</th>
              <th scope="col">Time</th>
              <th scope="col">HTTP</th>
              <th scope="col">Errors</th>
              <th scope="col">SSM calls (estimated / actual)</th>
            </tr>
          </thead>
          <tbody>
            {records.slice(-SHOWN).reverse().map((r) => (
              <tr key={r.seq}>
                <td>{r.seq}</td>
                <th scope="row">
                  {r.operationName}
                  {r.kind === 'live' ? <> <span class="tag">live update</span></> : null}
                </th>
                <td>{r.durationMs === undefined ? '—' : `${Math.round(r.durationMs)} ms`}</td>
                <td>{r.status || '—'}</td>
                <td>{r.errors}</td>
                <td>{r.cost ? `${r.cost.estimated ?? '—'} / ${r.cost.actual ?? '—'}` : r.kind === 'live' ? '—' : 'not reported'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
