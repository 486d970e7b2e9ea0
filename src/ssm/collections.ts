/** Small helpers over pages and arrays shared by the domains. */
import type { Page } from './session.ts';

export interface Found<T> {
  /** The records found, by key. */
  found: Map<string, T>;
  /** True when the listing ended: a key not in `found` does not exist upstream. */
  ended: boolean;
}

/**
 * Looks records up by key in a filtered listing (SSM's ExecutionId or
 * StepExecutionId filters). It follows tokens, through empty pages, until every
 * key is found, the listing ends, or `maxPages` pages were read.
 *
 * Contract: a key missing from `found` is known not to exist only when `ended`
 * is true. After `maxPages` a key may still be further on (a filtered scan can
 * return many short or empty pages before it), so the caller must look it up
 * another way or fail; it must never report it as not found.
 */
export async function findInListing<T>(
  fetchPage: (token?: string) => Promise<Page<T>>,
  keys: Iterable<string>,
  keyOf: (item: T) => string,
  maxPages = Number.POSITIVE_INFINITY,
): Promise<Found<T>> {
  const wanted = new Set(keys);
  const found = new Map<string, T>();
  let token: string | undefined;
  for (let pages = 0; ; pages++) {
    // Every key found (or none asked for): the remaining pages can only hold other records.
    if (found.size === wanted.size) return { found, ended: true };
    if (pages >= maxPages) return { found, ended: false };
    const page = await fetchPage(token);
    for (const item of page.items) {
      const key = keyOf(item);
      if (wanted.has(key)) found.set(key, item);
    }
    if (!page.nextToken) return { found, ended: true };
    token = page.nextToken;
  }
}

export function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return groups;
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
