/** `findInListing` (src/ssm/collections.ts): its stopping rules and what `ended` promises. */
import { describe, expect, it } from 'vitest';
import { chunks, findInListing, groupBy } from '../../src/ssm/collections.ts';
import type { Page } from '../../src/ssm/session.ts';

/** A listing of the given pages (tokens '1', '2', ...), counting the pages read. */
function listing(pages: string[][]) {
  const read: (string | undefined)[] = [];
  const fetchPage = async (token?: string): Promise<Page<{ id: string }>> => {
    read.push(token);
    const i = Number(token ?? 0);
    return { items: pages[i].map((id) => ({ id })), ...(i + 1 < pages.length ? { nextToken: String(i + 1) } : {}) };
  };
  return { fetchPage, read };
}
const id = (x: { id: string }) => x.id;

describe('findInListing', () => {
  it('stops as soon as every key is found, even with pages left (ended: true)', async () => {
    const { fetchPage, read } = listing([['a', 'b'], ['c'], ['d']]);
    const { found, ended } = await findInListing(fetchPage, ['b', 'c'], id);
    expect([...found.keys()]).toEqual(['b', 'c']);
    expect(ended).toBe(true);
    expect(read).toEqual([undefined, '1']);
  });

  it('follows tokens through empty pages; a key missing when the listing ended does not exist (ended: true)', async () => {
    const { fetchPage, read } = listing([[], [], ['a'], []]);
    const { found, ended } = await findInListing(fetchPage, ['a', 'zz'], id);
    expect([...found.keys()]).toEqual(['a']);
    expect(ended).toBe(true);
    expect(read).toEqual([undefined, '1', '2', '3']);
  });

  it('after maxPages says the listing did not end (ended: false): a missing key may still be further on', async () => {
    const { fetchPage, read } = listing([[], ['a'], ['b']]);
    const { found, ended } = await findInListing(fetchPage, ['a', 'b'], id, 2);
    expect([...found.keys()]).toEqual(['a']);
    expect(ended).toBe(false);
    expect(read).toHaveLength(2);
  });

  it('reads nothing when no key is asked for', async () => {
    const { fetchPage, read } = listing([['a']]);
    expect(await findInListing(fetchPage, [], id)).toEqual({ found: new Map(), ended: true });
    expect(read).toEqual([]);
  });

  it('asks for each key once, however often it is given', async () => {
    const { fetchPage, read } = listing([['a'], ['b']]);
    const { found } = await findInListing(fetchPage, ['a', 'a'], id);
    expect(found.size).toBe(1);
    expect(read).toEqual([undefined]);
  });
});

describe('groupBy and chunks', () => {
  it('group in first-seen order and cut in order', () => {
    expect([...groupBy(['a1', 'b1', 'a2'], (s) => s[0])]).toEqual([
      ['a', ['a1', 'a2']],
      ['b', ['b1']],
    ]);
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunks([], 10)).toEqual([]);
  });
});
