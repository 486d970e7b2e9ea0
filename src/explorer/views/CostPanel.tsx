/**
 * What the page's queries cost: the upstream SSM calls the gateway reports in
 * `extensions.cost { estimated, actual }` (COST_EXTENSION). When a response
 * carries none (turned off), the panel shows the query count and says that the
 * gateway does not report calls: it never estimates them itself.
 */
import { useEffect, useState } from 'preact/hooks';
import { queryLog, type QueryRecord } from '../client.ts';

const SHOWN = 12;

export function CostPanel() {
  const [records, setRecords] = useState<readonly QueryRecord[]>(() => [...queryLog.all()]);
  useEffect(() => queryLog.subscribe(() => setRecords([...queryLog.all()])), []);
  const reported = records.filter((r) => r.cost?.actual !== undefined);
  const calls = reported.reduce((n, r) => n + (r.cost?.actual ?? 0), 0);
  return (
    <details class="cost" id="cost-panel">
      <summary>
        <span>Queries: {records.length}</span>
        <span class="muted">
          {' · '}
          {reported.length
            ? `upstream SSM calls: ${calls}${reported.length < records.length ? ` (reported for ${reported.length} of ${records.length})` : ''}`
            : 'upstream SSM calls: not reported by this gateway (no extensions.cost)'}
        </span>
      </summary>
      <div class="table-wrap" tabIndex={0} role="region" aria-label="Queries this page sent">
        <table>
          <caption class="visually-hidden">The last {SHOWN} queries this page sent</caption>
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
                <th scope="row">{r.operationName}</th>
                <td>{Math.round(r.durationMs)} ms</td>
                <td>{r.status || '—'}</td>
                <td>{r.errors}</td>
                <td>{r.cost ? `${r.cost.estimated ?? '—'} / ${r.cost.actual ?? '—'}` : 'not reported'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
