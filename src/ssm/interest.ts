/**
 * Who still wants an upstream call that has not been sent yet.
 *
 * Requests asking for the same cache key share one load (the cache's in-flight
 * de-duplication), so one request giving up must not withdraw a call another
 * one waits for. Each request that asks joins the key's interest with its own
 * signal (it aborts when the request gives up: wait-bound.ts); the load gets
 * the interest's signal, which aborts only when the last request that joined
 * has left, given up. A call already sent runs on whatever happens here: only
 * a wait for a slot or a start (upstream.ts) is withdrawn.
 */

interface Entry {
  count: number;
  controller: AbortController;
}

export interface Interest {
  /** Aborts when every request that joined gave up before the call was sent. */
  readonly signal: AbortSignal;
  /** This request no longer waits (it got its answer, or failed otherwise). */
  leave(): void;
  /** Joins afresh if the interest this request joined was withdrawn meanwhile. */
  renew(): void;
}

const byCache = new WeakMap<object, Map<string, Entry>>();

/** What to run when a request gives up: one listener per request's signal, however many calls it waits for. */
const onGiveUp = new WeakMap<AbortSignal, Set<() => void>>();
function whenGivenUp(signal: AbortSignal, run: () => void): () => void {
  let runs = onGiveUp.get(signal);
  if (!runs) {
    const all = (runs = new Set());
    onGiveUp.set(signal, all);
    signal.addEventListener(
      'abort',
      () => {
        for (const f of [...all]) f();
      },
      { once: true },
    );
  }
  runs.add(run);
  return () => void runs.delete(run);
}

/** The interests of the calls of one cache (one per gateway). */
export function interestsOf(cache: object) {
  let entries = byCache.get(cache);
  if (!entries) byCache.set(cache, (entries = new Map()));
  const map = entries;
  const enter = (key: string): Entry => {
    let entry = map.get(key);
    if (!entry || entry.controller.signal.aborted) map.set(key, (entry = { count: 0, controller: new AbortController() }));
    entry.count++;
    return entry;
  };
  return {
    join(key: string, gaveUp?: AbortSignal): Interest {
      let entry = enter(key);
      let left = false;
      let forget = () => {};
      const leave = () => {
        if (left) return;
        left = true;
        forget();
        if (--entry.count > 0) return;
        if (map.get(key) === entry) map.delete(key);
        entry.controller.abort();
      };
      if (gaveUp?.aborted) leave();
      else if (gaveUp) forget = whenGivenUp(gaveUp, leave);
      return {
        get signal() {
          return entry.controller.signal;
        },
        leave,
        renew() {
          if (left || !entry.controller.signal.aborted) return;
          entry.count--;
          entry = enter(key);
        },
      };
    },
  };
}
