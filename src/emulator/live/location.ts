import type { Dataset } from '../dataset.ts';
import { Store } from '../store.ts';
export class LiveLocation {
  private readonly store: Store;
  constructor(data: Dataset, _now: number) {
    this.store = new Store(data);
  }
  storeAt(_now: number): Store {
    return this.store;
  }
}
