/**
 * One location in live mode: its Store moves forward with the clock.
 *
 * Contract: the data at time t is the dataset's records that are not live plus
 * the view of every plan at t (`project.ts`), whatever calls were made before.
 * Time never goes back: a call at an earlier time than one already answered
 * sees the later state. Each call applies only the plan events that passed
 * since the previous call: the records they touch are projected again and
 * replaced in the Store's indexes (`store-changes.ts`); nothing is rebuilt, so
 * a call costs the same whatever the size of the dataset.
 */
import { DATASET_COLLECTIONS, emptyDataset, type Dataset } from '../dataset.ts';
import { Store } from '../store.ts';
import type { LivePlans } from './plan.ts';
import { project } from './project.ts';
import { replaceRecord } from './store-changes.ts';

export class LiveLocation {
  private readonly store: Store;
  private readonly plans: LivePlans['plans'];
  private readonly views: (Record<string, unknown> | undefined)[];
  /** (time, plan index) pairs after the start, in time order. */
  private readonly events: [number, number][] = [];
  private next = 0;
  private at: number;

  constructor(data: Dataset, start: number) {
    const live = data.live as LivePlans;
    this.plans = live.plans;
    this.at = start;
    const planned = new Set<unknown>(this.plans.map((p) => p.atNow).filter(Boolean));
    this.views = this.plans.map((p) => project(p, start));
    const d = emptyDataset();
    for (const k of DATASET_COLLECTIONS) (d[k] as unknown[]) = (data[k] as unknown[]).filter((r) => !planned.has(r));
    this.plans.forEach((p, i) => {
      const v = this.views[i];
      if (v) (d[p.collection] as unknown[]).push(v);
      for (const t of p.events) if (t > start) this.events.push([t, i]);
    });
    this.events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    this.store = new Store(d);
  }

  storeAt(now: number): Store {
    if (now <= this.at) return this.store;
    const touched = new Set<number>();
    while (this.next < this.events.length && this.events[this.next][0] <= now) touched.add(this.events[this.next++][1]);
    for (const i of [...touched].sort((a, b) => a - b)) {
      const view = project(this.plans[i], now);
      replaceRecord(this.store, this.plans[i].collection, this.views[i], view);
      this.views[i] = view;
    }
    this.at = now;
    return this.store;
  }

  /** How many plan events are still to come (for tests and the bench). */
  pending(): number {
    return this.events.length - this.next;
  }
}
