/**
 * The page's only door to the gateway: POSTs a typed document as JSON (which
 * also satisfies CSRF prevention), and records every request in the query log
 * the cost panel shows (live.ts logs each subscription event there too).
 *
 * Contract: `request` never throws for a GraphQL or HTTP failure; it resolves
 * with `errors` (a network failure or non-JSON answer becomes one error with
 * code `NETWORK` / `HTTP_<status>`), so views render partial data beside them.
 */
import { print, type DocumentNode } from '@0no-co/graphql.web';
import type { TadaDocumentNode } from './graphql.ts';

export interface GqlError {
  message: string;
  path?: readonly (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

export interface GqlResult<R> {
  data?: R | null;
  errors?: GqlError[];
}

/** What one request cost, as far as the response says (see `costOf`). */
export interface QueryRecord {
  seq: number;
  /** A request the page sent, or an event a subscription received (no request of its own, so no duration). */
  kind: 'query' | 'live';
  operationName: string;
  startedAt: number;
  durationMs?: number;
  status: number;
  errors: number;
  /** `extensions.cost` as the gateway sent it, when it sends one; never inferred here. */
  cost?: { estimated?: number; actual?: number };
}

/** The gateway's GraphQL endpoint, from the meta tag the gateway fills in when it serves the page. */
export const endpoint = () => document.querySelector<HTMLMetaElement>('meta[name="graphql-endpoint"]')?.content || '/graphql';

const records: QueryRecord[] = [];
const listeners = new Set<() => void>();

export const queryLog = {
  all: (): readonly QueryRecord[] => records,
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export async function request<R, V>(doc: TadaDocumentNode<R, V>, variables: V, signal?: AbortSignal): Promise<GqlResult<R>> {
  const operationName = operationNameOf(doc);
  const startedAt = performance.now();
  let status = 0;
  let result: GqlResult<R> & { extensions?: Record<string, unknown> };
  try {
    const res = await fetch(endpoint(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
      body: JSON.stringify({ query: print(doc), operationName, variables }),
      signal,
    });
    status = res.status;
    result = res.headers.get('content-type')?.includes('json')
      ? await res.json()
      : { errors: [{ message: `The gateway answered HTTP ${res.status}.`, extensions: { code: `HTTP_${res.status}` } }] };
  } catch (e) {
    if (signal?.aborted) throw e;
    result = { errors: [{ message: 'The gateway could not be reached.', extensions: { code: 'NETWORK' } }] };
  }
  log({ kind: 'query', operationName, startedAt, durationMs: performance.now() - startedAt, status, errors: result.errors?.length ?? 0, cost: costOf(result.extensions) });
  return { data: result.data, errors: result.errors };
}

/** Adds a record to the query log (its `seq` is given here). */
export function log(record: Omit<QueryRecord, 'seq'>): void {
  records.push({ seq: records.length + 1, ...record });
  for (const l of listeners) l();
}

/** `extensions.cost { estimated, actual }` when present and numeric (another issue adds it to the gateway). */
export function costOf(extensions: Record<string, unknown> | undefined): QueryRecord['cost'] {
  const cost = extensions?.cost as Record<string, unknown> | undefined;
  if (!cost || typeof cost !== 'object') return undefined;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const out = { estimated: num(cost.estimated), actual: num(cost.actual) };
  return out.estimated === undefined && out.actual === undefined ? undefined : out;
}

export function operationNameOf(doc: DocumentNode): string {
  for (const d of doc.definitions) if (d.kind === 'OperationDefinition' && d.name) return d.name.value;
  return 'anonymous';
}
