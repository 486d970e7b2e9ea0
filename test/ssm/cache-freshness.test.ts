/**
 * The upstream cache's freshness bound (src/ssm/cache/index.ts, "Freshness
 * bound"), which live polls read through: a mutable entry loaded before the
 * bound is loaded again, once for every caller at the same time; an entry
 * loaded after it is shared; terminal entries are fresh whatever the bound;
 * without a bound nothing changes.
 */
import { describe, expect, it } from 'vitest';
import { cacheNow, createMemoryStore, createUpstreamCache, type Loaded } from '../../src/ssm/cache/index.ts';

function counted<V>(value: (n: number) => V, stable: boolean | Promise<boolean> = false) {
  let n = 0;
  const load = async (): Promise<Loaded<V>> => {
    n++;
    await new Promise((r) => setTimeout(r, 5));
    return { value: value(n), stable };
  };
  return { load, loads: () => n };
}

describe('freshSince', () => {
  it('loads a mutable entry loaded before it again, once for all concurrent callers, and the new value replaces the old for everyone', async () => {
    const cache = createUpstreamCache({ mutableTtlMs: 60_000 });
    const { load, loads } = counted((n) => `v${n}`);
    expect(await cache.fetch('k', load)).toBe('v1');
    const bound = { freshSince: cacheNow() };
    const answers = await Promise.all([cache.fetch('k', load, bound), cache.fetch('k', load, bound), cache.fetch('k', load, bound)]);
    expect(answers).toEqual(['v2', 'v2', 'v2']);
    expect(loads()).toBe(2);
    // Loaded after the bound: shared, with or without it.
    expect(await cache.fetch('k', load, bound)).toBe('v2');
    expect(await cache.fetch('k', load)).toBe('v2');
    expect(cache.peek('k')).toBe('v2');
    expect(loads()).toBe(2);
  });

  it('is what peek and recall answer by too: an entry set before it is not there', async () => {
    const cache = createUpstreamCache({ mutableTtlMs: 60_000 });
    cache.set('old', 'o', false);
    cache.set('done', 'd', true);
    await new Promise((r) => setTimeout(r, 2));
    const bound = { freshSince: cacheNow() };
    cache.set('new', 'n', false);
    expect(cache.peek('old', bound)).toBeUndefined();
    expect(cache.peek('old')).toBe('o');
    expect(cache.recall(['old', 'done', 'new'], bound)).toEqual([undefined, 'd', 'n']);
  });

  it('never reloads what can no longer change: re-reading terminal data costs nothing', async () => {
    const cache = createUpstreamCache({ mutableTtlMs: 60_000 });
    const { load, loads } = counted(() => 'final', true);
    await cache.fetch('k', load);
    expect(await cache.fetch('k', load, { freshSince: cacheNow() + 1_000 })).toBe('final');
    expect(loads()).toBe(1);
  });

  it('joins a refresh in flight, and refreshes again when the one it joined started before the bound', async () => {
    const cache = createUpstreamCache({ mutableTtlMs: 60_000 });
    const { load, loads } = counted((n) => `v${n}`);
    const early = cache.fetch('k', load);
    await new Promise((r) => setTimeout(r, 1));
    const bound = { freshSince: cacheNow() };
    const late = cache.fetch('k', load, bound);
    expect(await early).toBe('v1');
    expect(await late).toBe('v2');
    expect(loads()).toBe(2);
  });

  it('takes a value of the shared level as loaded when its TTL there started', async () => {
    const store = createMemoryStore();
    await createUpstreamCache({ mutableTtlMs: 60_000, shared: store }).fetch('k', counted(() => 'shared').load);
    await new Promise((r) => setTimeout(r, 5));
    const bound = { freshSince: cacheNow() };
    const { load, loads } = counted(() => 'upstream');
    expect(await createUpstreamCache({ mutableTtlMs: 60_000, shared: store }).fetch('k', load, bound)).toBe('upstream');
    expect(loads()).toBe(1);
    // The refresh replaced it in the shared level too; without a bound a shared value is fresh for its TTL.
    expect(await createUpstreamCache({ mutableTtlMs: 60_000, shared: store }).fetch('k', load)).toBe('upstream');
    expect(loads()).toBe(1);
  });
  it('takes a shared value as loaded sharedLagMs before its TTL there started: a write that reached the store after its poll ended is stale at the next tick', async () => {
    // The write reaches the store 10 ms late: its TTL there starts after the poll that loaded it ended.
    let skew = 0;
    const store = createMemoryStore(() => Date.now() - skew);
    await createUpstreamCache({ mutableTtlMs: 60_000, shared: store }).fetch('k', counted(() => 'previous tick').load);
    const pollEnd = cacheNow();
    await new Promise((r) => setTimeout(r, 30));
    skew = 10;
    const bound = { freshSince: pollEnd };
    const lax = counted(() => 'this tick');
    expect(await createUpstreamCache({ mutableTtlMs: 60_000, shared: store }).fetch('k', lax.load, bound)).toBe('previous tick');
    const lagged = counted(() => 'this tick');
    const cache = createUpstreamCache({ mutableTtlMs: 60_000, shared: store, sharedLagMs: 250 });
    expect(await cache.fetch('k', lagged.load, bound)).toBe('this tick');
    expect(lagged.loads()).toBe(1);
  });
});
