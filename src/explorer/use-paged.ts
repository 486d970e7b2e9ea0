/**
 * `usePaged`: a Relay connection read page by page ("Load more"). The list
 * restarts when its variables change (by value); each page is one request.
 */
import { useEffect, useState } from 'preact/hooks';
import { request, type GqlError } from './client.ts';
import type { TadaDocumentNode } from './graphql.ts';

export interface Connection<T> {
  edges: readonly { node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

export interface Paged<T, R> {
  items: T[];
  /** The last page's whole answer (for a view's own fields beside the connection). */
  last?: R | null;
  errors?: GqlError[];
  loading: boolean;
  hasMore: boolean;
  loadMore(): void;
}

export const PAGE_SIZE = 25;

export function usePaged<R, V extends { first: number; after?: string | null }, T>(
  doc: TadaDocumentNode<R, V>,
  variables: Omit<V, 'first' | 'after'>,
  pick: (data: R) => Connection<T> | null | undefined,
): Paged<T, R> {
  const key = JSON.stringify(variables);
  // The cursor belongs to the list it came from: new variables start again from the first page.
  const [page, setPage] = useState<{ key: string; after?: string }>({ key });
  const after = page.key === key ? page.after : undefined;
  const [state, setState] = useState<Omit<Paged<T, R>, 'loadMore'>>({ items: [], loading: true, hasMore: false });
  const [cursor, setCursor] = useState<string | null | undefined>();

  useEffect(() => {
    const abort = new AbortController();
    setState((s) => ({ ...s, items: after ? s.items : [], loading: true }));
    const vars = { ...variables, first: PAGE_SIZE, after } as unknown as V;
    request(doc, vars, abort.signal).then(
      (r) => {
        const conn = r.data ? pick(r.data) : undefined;
        setCursor(conn?.pageInfo.endCursor);
        setState((s) => ({
          items: [...(after ? s.items : []), ...(conn?.edges.map((e) => e.node) ?? [])],
          last: r.data,
          errors: r.errors,
          loading: false,
          hasMore: !!conn?.pageInfo.hasNextPage,
        }));
      },
      () => {}, // aborted: the list restarted
    );
    return () => abort.abort();
  }, [doc, key, after]);

  return { ...state, loadMore: () => cursor && setPage({ key, after: cursor }) };
}
