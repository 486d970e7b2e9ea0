/**
 * The cross-request cache under the per-request loaders.
 *
 * Contract: `fetch(key, load)` returns the cached value while it is fresh, or
 * runs `load` once however many callers ask at the same time (in-flight
 * de-duplication, from lru-cache's `fetch`). `load` says whether its value can
 * still change: values that cannot (an execution in a terminal state, a page of
 * its children) live for `terminalTtlMs`; the rest for `mutableTtlMs`. Failed
 * loads are never cached. The cache is bounded both by entries and by the
 * approximate bytes of its JSON.
 */
import { LRUCache } from 'lru-cache';

export interface CacheOptions {
  maxEntries?: number;
  maxBytes?: number;
  terminalTtlMs?: number;
  mutableTtlMs?: number;
}

export interface Loaded<V> {
  value: V;
  /**
   * True when the value can no longer change upstream. A promise (the parent's
   * status, still loading) is not waited for: the value is kept as mutable
   * until it resolves true, then for the terminal TTL.
   */
  stable: boolean | Promise<boolean>;
}

export interface ResponseCache {
  fetch<V>(key: string, load: () => Promise<Loaded<V>>): Promise<V>;
  peek<V>(key: string): V | undefined;
  set<V>(key: string, value: V, stable: boolean): void;
  /** Stores `value` for exactly `ttlMs` (a response derived from other entries, see src/server/response-cache.ts). */
  setFor<V>(key: string, value: V, ttlMs: number): void;
  /** How long `key` stays fresh, in ms; 0 when it is not cached. */
  remainingTtl(key: string): number;
  clear(): void;
  readonly size: number;
  readonly bytes: number;
}

type Load = () => Promise<Loaded<unknown>>;

export function createResponseCache(opts: CacheOptions = {}): ResponseCache {
  const terminalTtl = opts.terminalTtlMs ?? 10 * 60_000;
  const mutableTtl = opts.mutableTtlMs ?? 5_000;
  const ttlOf = (stable: boolean) => (stable ? terminalTtl : mutableTtl);
  const lru = new LRUCache<string, { v: unknown }, Load>({
    max: opts.maxEntries ?? 10_000,
    maxSize: opts.maxBytes ?? 64 * 1024 * 1024,
    sizeCalculation: (entry, key) => key.length + approximateBytes(entry.v),
    ttl: mutableTtl || 1,
    ttlAutopurge: false,
    fetchMethod: async (key, _stale, { context, options }) => {
      const { value, stable } = await context();
      const ttl = ttlOf(stable === true);
      // lru-cache reads a ttl of 0 as "forever": a zero TTL means "do not keep", so the entry is
      // dropped as soon as its fetch has answered everyone waiting for it.
      options.ttl = Math.max(ttl, 1);
      if (ttl <= 0) unkept.add(key);
      if (typeof stable !== 'boolean') later.set(key, { value, stable });
      return { v: value };
    },
  });
  /** Keys fetched with a zero TTL, to drop once their fetch returns. */
  const unkept = new Set<string>();
  /** Values stored as mutable whose stability is still being learnt, until their fetch returns. */
  const later = new Map<string, { value: unknown; stable: Promise<boolean> }>();
  const promote = (key: string) => {
    const pending = later.get(key);
    if (!pending) return;
    later.delete(key);
    pending.stable.then(
      (stable) => {
        const current = lru.peek(key, { allowStale: true });
        // Unless a newer value replaced it meanwhile.
        if (stable && terminalTtl > 0 && (!current || current.v === pending.value)) {
          lru.set(key, { v: pending.value }, { ttl: terminalTtl });
        }
      },
      () => undefined,
    );
  };

  return {
    async fetch<V>(key: string, load: () => Promise<Loaded<V>>): Promise<V> {
      if (terminalTtl <= 0 && mutableTtl <= 0) return (await load()).value;
      let entry: { v: unknown } | undefined;
      try {
        entry = await lru.fetch(key, { context: load as Load });
      } finally {
        // Also when the fetch failed after its load answered (lru-cache aborts a fetch whose key
        // is written meanwhile): the bookkeeping of that load must not outlive it.
        if (unkept.delete(key) && entry) lru.delete(key);
        if (entry) promote(key);
        else later.delete(key);
      }
      return entry!.v as V;
    },
    peek: <V>(key: string) => lru.get(key)?.v as V | undefined,
    set(key, value, stable) {
      const ttl = ttlOf(stable);
      if (ttl > 0) lru.set(key, { v: value }, { ttl });
    },
    setFor(key, value, ttlMs) {
      if (ttlMs > 0) lru.set(key, { v: value }, { ttl: ttlMs });
    },
    remainingTtl(key) {
      const left = lru.getRemainingTTL(key);
      return Number.isFinite(left) && left > 0 ? left : 0;
    },
    clear: () => lru.clear(),
    get size() {
      return lru.size;
    },
    get bytes() {
      return lru.calculatedSize;
    },
  };
}

/** Bytes of the value's JSON, as a stand-in for its heap footprint. */
function approximateBytes(value: unknown): number {
  try {
    return Math.max(JSON.stringify(value)?.length ?? 16, 16);
  } catch {
    return 1024;
  }
}
