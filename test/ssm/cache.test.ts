/**
 * The upstream cache (src/ssm/cache/): TTL classes, promotion of a mutable
 * value whose stability is learnt later, zero TTLs, in-flight de-duplication,
 * and the shared level (two caches over one `createMemoryStore` stand for two
 * replicas).
 */
import { describe, expect, it, vi } from 'vitest';
import { createMemoryStore, createUpstreamCache, type CacheStore, type Loaded } from '../../src/ssm/cache/index.ts';
import { deferred } from './fakes.ts';

const TERMINAL = 600_000;
const MUTABLE = 5_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Lets promise callbacks queued now run (a promotion is written from one). */
const settle = () => sleep(0);

/** A load that counts its runs and answers `value` with `stable`. */
function counted<V>(value: V, stable: Loaded<V>['stable'] = false) {
  const load = vi.fn(async (): Promise<Loaded<V>> => ({ value, stable }));
  return load;
}

describe('TTL classes', () => {
  it('keeps a terminal value for the terminal TTL and a mutable one for the mutable TTL', async () => {
    const cache = createUpstreamCache({ terminalTtlMs: TERMINAL, mutableTtlMs: MUTABLE });
    await cache.fetch('done', counted('a', true));
    await cache.fetch('running', counted('b', false));
    expect(cache.remainingTtl('done')).toBeGreaterThan(MUTABLE);
    expect(cache.remainingTtl('done')).toBeLessThanOrEqual(TERMINAL);
    expect(cache.remainingTtl('running')).toBeGreaterThan(0);
    expect(cache.remainingTtl('running')).toBeLessThanOrEqual(MUTABLE);
    expect(cache.remainingTtl('never-fetched')).toBe(0);
  });

  it('answers from the cache while fresh, and loads again once the TTL passed', async () => {
    const cache = createUpstreamCache({ terminalTtlMs: TERMINAL, mutableTtlMs: 30 });
    const load = counted('v');
    expect(await cache.fetch('k', load)).toBe('v');
    expect(await cache.fetch('k', load)).toBe('v');
    expect(load).toHaveBeenCalledTimes(1);
    await sleep(60);
    expect(cache.peek('k')).toBeUndefined();
    await cache.fetch('k', load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('keeps object identity: a value read twice is the same object', async () => {
    const cache = createUpstreamCache();
    const value = { Items: [1, 2] };
    const first = await cache.fetch('k', counted(value, true));
    expect(await cache.fetch('k', counted({ other: true }))).toBe(first);
    expect(cache.peek('k')).toBe(value);
  });

  it('never caches a failed load', async () => {
    const cache = createUpstreamCache();
    const failing = vi.fn(async (): Promise<Loaded<string>> => {
      throw new Error('upstream down');
    });
    await expect(cache.fetch('k', failing)).rejects.toThrow('upstream down');
    expect(cache.size).toBe(0);
    expect(await cache.fetch('k', counted('later'))).toBe('later');
  });

  it('set() stores a learnt record with its TTL class; setFor() for exactly the TTL given', () => {
    const cache = createUpstreamCache({ terminalTtlMs: TERMINAL, mutableTtlMs: MUTABLE });
    cache.set('terminal', 1, true);
    cache.set('mutable', 2, false);
    cache.setFor('derived', 3, 1234);
    expect(cache.remainingTtl('terminal')).toBeGreaterThan(MUTABLE);
    expect(cache.remainingTtl('mutable')).toBeLessThanOrEqual(MUTABLE);
    expect(cache.remainingTtl('derived')).toBeLessThanOrEqual(1234);
    expect(cache.remainingTtl('derived')).toBeGreaterThan(1000);
    expect([cache.peek('terminal'), cache.peek('mutable'), cache.peek('derived')]).toEqual([1, 2, 3]);
  });
});

describe('promotion of a value whose stability is still being learnt', () => {
  const stored = async (outcome: 'true' | 'false' | 'reject') => {
    const cache = createUpstreamCache({ terminalTtlMs: TERMINAL, mutableTtlMs: MUTABLE });
    const stability = deferred<boolean>();
    await cache.fetch('page', counted('p', stability.promise));
    // Stored as mutable until the promise says otherwise.
    expect(cache.remainingTtl('page')).toBeLessThanOrEqual(MUTABLE);
    if (outcome === 'reject') stability.reject(new Error('parent failed'));
    else stability.resolve(outcome === 'true');
    await settle();
    return cache;
  };

  it('moves to the terminal TTL once the promise resolves true', async () => {
    const cache = await stored('true');
    expect(cache.remainingTtl('page')).toBeGreaterThan(MUTABLE);
    expect(cache.peek('page')).toBe('p');
  });

  it('stays mutable when it resolves false', async () => {
    const cache = await stored('false');
    expect(cache.remainingTtl('page')).toBeLessThanOrEqual(MUTABLE);
  });

  it('stays mutable when it rejects (a rejection counts as "can change")', async () => {
    const cache = await stored('reject');
    expect(cache.remainingTtl('page')).toBeLessThanOrEqual(MUTABLE);
  });

  it('does not overwrite a newer value stored meanwhile', async () => {
    const cache = createUpstreamCache({ terminalTtlMs: TERMINAL, mutableTtlMs: 20 });
    const stability = deferred<boolean>();
    await cache.fetch('page', counted('old', stability.promise));
    await sleep(40);
    await cache.fetch('page', counted('new', false));
    stability.resolve(true);
    await settle();
    expect(cache.peek('page')).toBe('new');
    expect(cache.remainingTtl('page')).toBeLessThanOrEqual(20);
  });

  it('does not abort a newer fetch of the key still in flight when the promise resolves', async () => {
    const cache = createUpstreamCache({ terminalTtlMs: TERMINAL, mutableTtlMs: 20 });
    const stability = deferred<boolean>();
    await cache.fetch('page', counted('old', stability.promise));
    await sleep(40);
    const answer = deferred<Loaded<string>>();
    const newer = cache.fetch('page', () => answer.promise);
    await settle();
    stability.resolve(true);
    await settle();
    answer.resolve({ value: 'new', stable: false });
    expect(await newer).toBe('new');
    expect(cache.peek('page')).toBe('new');
  });
});

describe('zero TTLs', () => {
  it('drops an entry with a zero TTL once its fetch has answered everyone waiting', async () => {
    const cache = createUpstreamCache({ terminalTtlMs: TERMINAL, mutableTtlMs: 0 });
    const answer = deferred<Loaded<string>>();
    const load = vi.fn(() => answer.promise);
    const both = Promise.all([cache.fetch('k', load), cache.fetch('k', load)]);
    answer.resolve({ value: 'v', stable: false });
    expect(await both).toEqual(['v', 'v']);
    expect(load).toHaveBeenCalledTimes(1);
    expect(cache.size).toBe(0);
    expect(cache.remainingTtl('k')).toBe(0);
    await cache.fetch('k', load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('keeps terminal values when only the mutable TTL is zero', async () => {
    const cache = createUpstreamCache({ terminalTtlMs: TERMINAL, mutableTtlMs: 0 });
    await cache.fetch('k', counted('v', true));
    expect(cache.peek('k')).toBe('v');
    cache.set('learnt', 1, false);
    expect(cache.peek('learnt')).toBeUndefined();
  });

  it('loads every time when both TTLs are zero', async () => {
    const cache = createUpstreamCache({ terminalTtlMs: 0, mutableTtlMs: 0 });
    const load = counted('v', true);
    await cache.fetch('k', load);
    await cache.fetch('k', load);
    expect(load).toHaveBeenCalledTimes(2);
    expect(cache.size).toBe(0);
  });
});

describe('in-flight de-duplication', () => {
  it('runs one load however many callers ask the same key at the same time', async () => {
    const cache = createUpstreamCache();
    const answer = deferred<Loaded<string>>();
    const load = vi.fn(() => answer.promise);
    const waits = [cache.fetch('k', load), cache.fetch('k', load), cache.fetch('k', load)];
    answer.resolve({ value: 'v', stable: false });
    expect(await Promise.all(waits)).toEqual(['v', 'v', 'v']);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('reports each answer once, by where it came from', async () => {
    const levels: string[] = [];
    const shared = createMemoryStore();
    const replicaA = createUpstreamCache({ shared, onLookup: (l) => levels.push(`A:${l}`) });
    const replicaB = createUpstreamCache({ shared, onLookup: (l) => levels.push(`B:${l}`) });
    await replicaA.fetch('k', counted('v', true));
    await replicaA.fetch('k', counted('v', true));
    await replicaB.fetch('k', counted('v', true));
    await replicaB.fetch('k', counted('v', true));
    expect(levels).toEqual(['A:load', 'A:local', 'B:shared', 'B:local']);
  });
});

describe('the shared level (two replicas over one store)', () => {
  it('serves a value one replica loaded to the other without a load, with the TTL it had left', async () => {
    let now = 1_000_000;
    const shared = createMemoryStore(() => now);
    const a = createUpstreamCache({ shared, terminalTtlMs: TERMINAL, mutableTtlMs: MUTABLE });
    const b = createUpstreamCache({ shared, terminalTtlMs: TERMINAL, mutableTtlMs: MUTABLE });
    await a.fetch('done', counted({ n: 1 }, true));
    await a.fetch('running', counted({ n: 2 }, false));
    expect(shared.size).toBe(2);
    now += 1_000; // a second later on the store's clock
    const loadB = counted({ n: 0 });
    expect(await b.fetch('done', loadB)).toEqual({ n: 1 });
    expect(await b.fetch('running', loadB)).toEqual({ n: 2 });
    expect(loadB).not.toHaveBeenCalled();
    expect(b.remainingTtl('done')).toBeLessThanOrEqual(TERMINAL - 1_000);
    expect(b.remainingTtl('done')).toBeGreaterThan(MUTABLE);
    expect(b.remainingTtl('running')).toBeLessThanOrEqual(MUTABLE - 1_000);
  });

  it('shares records learnt with set(), and recall() reads them (kept locally after)', async () => {
    const shared = createMemoryStore();
    const a = createUpstreamCache({ shared });
    const b = createUpstreamCache({ shared });
    a.set('rec:1', { id: 1 }, true);
    await settle();
    expect(b.recall(['rec:1', 'rec:2'])).toBeInstanceOf(Promise);
    expect(await b.recall(['rec:1', 'rec:2'])).toEqual([{ id: 1 }, undefined]);
    // Now local: answered synchronously, without the store.
    expect(b.recall(['rec:1'])).toEqual([{ id: 1 }]);
  });

  it('writes a promotion to the shared level too', async () => {
    let now = 0;
    const shared = createMemoryStore(() => now);
    const a = createUpstreamCache({ shared, terminalTtlMs: TERMINAL, mutableTtlMs: MUTABLE });
    const stability = deferred<boolean>();
    await a.fetch('page', counted('p', stability.promise));
    stability.resolve(true);
    await settle();
    now += MUTABLE * 2;
    expect((await shared.get('page'))?.value).toBe('p');
  });

  it('skips a failing store and reports it: never an error, never wrong data', async () => {
    const errors: unknown[] = [];
    const down = new Error('shared tier down');
    const broken: CacheStore = {
      get: () => Promise.reject(down),
      getMany: () => Promise.reject(down),
      set: () => Promise.reject(down),
      clear: () => Promise.reject(down),
    };
    const cache = createUpstreamCache({ shared: broken, onSharedError: (e) => errors.push(e) });
    const load = counted({ right: true }, true);
    expect(await cache.fetch('k', load)).toEqual({ right: true });
    expect(load).toHaveBeenCalledTimes(1);
    expect(await cache.recall(['k', 'missing'])).toEqual([{ right: true }, undefined]);
    expect(await cache.recall(['missing'])).toEqual([undefined]);
    cache.set('learnt', 1, true);
    cache.clear();
    await settle();
    expect(errors.length).toBeGreaterThanOrEqual(4);
    expect(errors.every((e) => e === down)).toBe(true);
  });

  it('hands back copies: a value read from the store is never the object written', async () => {
    const shared = createMemoryStore();
    const value = { when: new Date(0), items: [1] };
    await shared.set('k', value, 1_000);
    const read = await shared.get('k');
    expect(read?.value).toEqual(value);
    expect(read?.value).not.toBe(value);
    expect((read as { value: typeof value }).value.when).toBeInstanceOf(Date);
  });
});
