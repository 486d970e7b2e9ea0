/**
 * The locations the gateway serves (`Query.locations`), on the root lists: the
 * location filter's choices (accounts and regions, sent as `accountIds` and
 * `regions`: the gateway reads only the locations both select) and a panel of
 * each location's last known state and error code.
 */
import type { Locations as LocationsDoc } from '../documents/roots.ts';
import type { ResultOf } from '../graphql.ts';
import { toneOf } from '../format.ts';
import { Status } from '../ui.tsx';

export type ServedLocation = NonNullable<ResultOf<typeof LocationsDoc>['locations']>[number];

/** The distinct values of `pick` over the locations, in their order (home first), and any `chosen` one they lack. */
export function choicesOf(locations: readonly ServedLocation[], pick: (l: ServedLocation) => string | null | undefined, chosen: readonly string[]): string[] {
  return [...new Set([...locations.map(pick).filter((v): v is string => !!v), ...chosen])];
}

/** Checkboxes choosing some of `options`; none ticked means all of them. */
export function LocationChoice(props: { legend: string; name: string; options: string[]; chosen: string[]; onChange(chosen: string[]): void }) {
  const toggle = (value: string, on: boolean) =>
    props.onChange(on ? props.options.filter((o) => o === value || props.chosen.includes(o)) : props.chosen.filter((c) => c !== value));
  return (
    <fieldset class="choices">
      <legend>{props.legend} <span class="muted">(none ticked: all)</span></legend>
      {props.options.map((o) => (
        <label key={o}>
          <input type="checkbox" name={props.name} value={o} checked={props.chosen.includes(o)} onChange={(e) => toggle(o, e.currentTarget.checked)} />
          <span class="mono">{o}</span>
        </label>
      ))}
    </fieldset>
  );
}

/** Each served location's last known state (what its last upstream call said), folded under a summary line. */
export function LocationsPanel({ locations, loading }: { locations: readonly ServedLocation[]; loading: boolean }) {
  if (locations.length < 2) return null; // one location: nothing to tell apart (its failures are the answer's errors)
  const failing = locations.filter((l) => toneOf(l.state) === 'bad');
  return (
    <details class="locations-panel" id="locations-panel">
      <summary>
        Locations: {locations.length} served
        {failing.length ? (
          <strong class="bad-text">
            {' · '}
            {failing.length} not answering ({[...new Set(failing.map((l) => l.errorCode ?? l.state))].join(', ')})
          </strong>
        ) : null}
        {loading ? <span class="muted"> · updating…</span> : null}
      </summary>
      <div class="table-wrap" tabIndex={0} role="region" aria-label="Locations this gateway serves">
        <table>
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Region</th>
              <th scope="col">State</th>
              <th scope="col">Error code</th>
            </tr>
          </thead>
          <tbody>
            {locations.map((l) => (
              <tr key={`${l.accountId}/${l.region}`}>
                <th scope="row">
                  <span class="mono">{l.accountId ?? 'not known yet'}</span>
                  {l.home ? <span class="tag">home</span> : null}
                </th>
                <td class="mono">{l.region}</td>
                <td>
                  <Status value={l.state} />
                </td>
                <td>{l.errorCode ? <code>{l.errorCode}</code> : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
