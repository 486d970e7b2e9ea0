/**
 * `useQuery(doc, variables)`: runs a document whenever its variables change
 * (by value), cancels the previous request, and keeps the last answer on
 * screen while a refetch runs. `skip` holds the query back.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { request, type GqlError } from './client.ts';
import type { TadaDocumentNode } from './graphql.ts';

export interface QueryState<R> {
  data?: R | null;
  errors?: GqlError[];
  loading: boolean;
  /** When the data on screen was received (ms since the epoch). */
  fetchedAt?: number;
  refetch(): void;
}

export function useQuery<R, V>(doc: TadaDocumentNode<R, V>, variables: V, opts: { skip?: boolean } = {}): QueryState<R> {
  const key = JSON.stringify(variables);
  const [state, setState] = useState<Omit<QueryState<R>, 'refetch'>>({ loading: !opts.skip });
  const [tick, setTick] = useState(0);
  const vars = useRef(variables);
  vars.current = variables;

  useEffect(() => {
    if (opts.skip) return;
    const abort = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    request(doc, vars.current, abort.signal).then(
      (r) => setState({ data: r.data, errors: r.errors, loading: false, fetchedAt: Date.now() }),
      () => {}, // aborted: a newer request owns the state
    );
    return () => abort.abort();
  }, [doc, key, tick, opts.skip]);

  const refetch = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, refetch };
}
