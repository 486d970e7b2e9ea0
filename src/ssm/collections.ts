/** Small helpers over pages and arrays shared by the domains. */
import type { Page } from './session.ts';

/** Every item of a paginated listing, following tokens through empty pages. Used for bounded lookups only. */
export async function* walk<T>(fetchPage: (token?: string) => Promise<Page<T>>, maxPages = 20): AsyncGenerator<T> {
  let token: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const page = await fetchPage(token);
    yield* page.items;
    if (!page.nextToken) return;
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
