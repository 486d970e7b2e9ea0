/**
 * Routing a call to its location's data (see `estate.ts` for the rules).
 *
 * Contract: `resolve(accountId, region)` returns the location's state, an
 * empty location for a known account in an enabled region with no data, or
 * 'disabled' for a disabled region. With `data` alone one wildcard location
 * answers every account and region. Each state carries a PageSource bound to
 * its location, so a NextToken works only where it was issued, and (live
 * mode) advances its data to the clock's time before answering.
 */
import { emptyDataset, type Dataset } from './dataset.ts';
import { checkEstate, locationKey, type Estate } from './estate.ts';
import { LiveLocation } from './live/location.ts';
import type { PageSource, Pager } from './pagination.ts';
import { Store } from './store.ts';

export interface LocationState {
  /** `*` for the wildcard location of `data` alone. */
  accountId: string;
  region: string;
  pager: PageSource;
  /** The location's data as of `now` (live mode moves it forward; time never goes back). */
  storeAt(now: number): Store;
}

export interface LocationOptions {
  pager: Pager;
  /** Advance executions in progress on the clock (datasets generated with `live: true` carry the plans). */
  live: boolean;
  /** The clock's time when the locations are built: live data starts there. */
  now: number;
}

function state(accountId: string, region: string, data: Dataset, opts: LocationOptions): LocationState {
  const scope = accountId === '*' ? '' : locationKey(accountId, region);
  const pager = opts.pager.scoped(scope);
  if (opts.live && data.live) {
    const live = new LiveLocation(data, opts.now);
    return { accountId, region, pager, storeAt: (now) => live.storeAt(now) };
  }
  const store = new Store({ ...emptyDataset(), ...data });
  return { accountId, region, pager, storeAt: () => store };
}

export class Locations {
  private readonly byKey = new Map<string, LocationState>();
  private readonly wildcard?: LocationState;
  private readonly disabled: Set<string>;
  private readonly empty = new Store(emptyDataset());

  constructor(
    source: { data: Dataset } | { estate: Estate },
    private readonly opts: LocationOptions,
  ) {
    if ('estate' in source) {
      const e = checkEstate(source.estate);
      for (const l of e.locations) this.byKey.set(locationKey(l.accountId, l.region), state(l.accountId, l.region, l.data, opts));
      this.disabled = new Set(e.disabledRegions ?? []);
    } else {
      this.wildcard = state('*', '*', source.data, opts);
      this.disabled = new Set();
    }
  }

  resolve(accountId: string, region: string): LocationState | 'disabled' {
    if (this.wildcard) return this.wildcard;
    if (this.disabled.has(region)) return 'disabled';
    const found = this.byKey.get(locationKey(accountId, region));
    if (found) return found;
    const store = this.empty;
    return { accountId, region, pager: this.opts.pager.scoped(locationKey(accountId, region)), storeAt: () => store };
  }
}
