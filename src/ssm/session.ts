/**
 * One request's view of SSM. It is created per GraphQL request and dropped with it.
 *
 * Contract: within a session, an identical call (operation and input, NextToken
 * included) reaches the cache at most once, whatever the order resolvers ask in;
 * the cache in turn reaches SSM at most once per TTL. The session counts the
 * calls that actually went upstream, and refuses to make more than `maxCalls`.
 */
import DataLoader from 'dataloader';
import type { OperationInput, OperationName, OperationOutput } from './client.ts';
import type { UpstreamCache } from './cache/index.ts';
import { SsmError } from './errors.ts';
import { maxPageSize, resultKey } from './model.ts';
import type { Upstream } from './upstream.ts';

export interface Page<T> {
  items: T[];
  /** The token of the next page; absent on the last page. */
  nextToken?: string;
  /**
   * True when this request fetched the page from SSM rather than the cache: what is
   * derived from a page (its records primed into the cache) is written once per
   * upstream response, not again on every cache hit.
   */
  fresh?: boolean;
}

/**
 * What a listing is asked for: its filter, the page (`token`, absent for the
 * first), and whether the page can still change (`stable`: usually the parent's
 * terminal status, possibly still loading).
 */
export interface PageRequest<F> {
  filter: F;
  token?: string;
  stable?: boolean | Promise<boolean>;
}

/**
 * Items mapped from a cached response, by the response object. Responses are
 * shared across requests through the cache, and so are their mapped records:
 * records are never mutated.
 */
const mappedItems = new WeakMap<object, unknown[]>();

/**
 * Whether a response can no longer change: known, judged from the response
 * itself, or still being learnt (the parent's status, loading in parallel; a
 * rejection counts as "can change").
 */
export type Stability<O> = boolean | Promise<boolean> | ((output: O) => boolean);

interface CallKey {
  key: string;
  operation: OperationName;
  input: unknown;
  stable: Stability<unknown>;
}

/**
 * Bounds how long a request waits for one call's result (its deadline). It may
 * reject the wait early; the call itself goes on, for the cache and for other
 * requests that share it.
 */
export type WaitGuard = <T>(wait: Promise<T>, operation: OperationName) => Promise<T>;

export interface SessionOptions {
  upstream: Upstream;
  cache: UpstreamCache;
  guard?: WaitGuard;
  /** Most upstream calls this request may make; further calls fail with CALL_BUDGET_EXCEEDED. */
  maxCalls?: number;
}

export class SsmSession {
  /** Calls this request sent upstream (cache hits and shared in-flight calls excluded). */
  upstreamCalls = 0;
  /** Calls this request answered without sending them: from the cache, or in flight for another request. */
  cacheHits = 0;
  /**
   * Every cross-request cache entry this request's answer was read from. A
   * response built from them is no fresher than the first of them to expire
   * (`freshForMs`).
   */
  readonly entries = new Set<string>();
  readonly cache: UpstreamCache;
  private readonly upstream: Upstream;
  private readonly maxCalls: number;
  private readonly guard?: WaitGuard;
  private readonly calls: DataLoader<CallKey, unknown, string>;
  /** Responses this request itself received from SSM. */
  private readonly fetched = new WeakSet<object>();

  constructor({ upstream, cache, maxCalls = Infinity, guard }: SessionOptions) {
    this.upstream = upstream;
    this.guard = guard;
    this.cache = cache;
    this.maxCalls = maxCalls;
    // The loader's memo makes identical calls once. Its batch is kept on purpose: the answers to
    // calls sent in one tick (sibling pages) are released together, so the records they name are
    // looked up together, in full batches (ten executions per DescribeAutomationExecutions), not
    // one by one as each page lands.
    this.calls = new DataLoader((keys) => Promise.all(keys.map((k) => this.send(k).catch((e: Error) => e))), {
      cacheKeyFn: (k) => k.key,
    });
  }

  call<Op extends OperationName>(
    operation: Op,
    input: OperationInput<Op>,
    stable: Stability<OperationOutput<Op>> = false,
  ): Promise<OperationOutput<Op>> {
    const key = `${operation}:${stableStringify(input)}`;
    this.entries.add(key);
    const wait = this.calls.load({ key, operation, input, stable: stable as Stability<unknown> }) as Promise<OperationOutput<Op>>;
    return this.guard ? this.guard(wait, operation) : wait;
  }

  /**
   * One page of a paginated operation, always at the operation's largest page
   * size so that pages are the same whatever the client asked for, and shareable.
   */
  async page<Op extends OperationName, T, R = T>(
    operation: Op,
    input: OperationInput<Op>,
    token: string | undefined,
    stable: Stability<OperationOutput<Op>>,
    toItem: (item: T) => R = (item) => item as unknown as R,
    /** Takes the page's records (an entity loader, so later lookups of them by key cost nothing). */
    primes?: { primePage(items: readonly R[], shared?: boolean): void },
  ): Promise<Page<R>> {
    const full = { ...input, MaxResults: maxPageSize(operation), ...(token ? { NextToken: token } : {}) };
    const output = (await this.call(operation, full as OperationInput<Op>, stable)) as Record<string, unknown>;
    // `toItem` depends only on the response and the input, which the response is cached under.
    let items = mappedItems.get(output) as R[] | undefined;
    if (!items) {
      items = ((output[resultKey(operation)] as T[] | undefined) ?? []).map(toItem);
      mappedItems.set(output, items);
    }
    const nextToken = output.NextToken as string | undefined;
    const fresh = this.fetched.has(output);
    primes?.primePage(items, fresh);
    return nextToken ? { items, nextToken, fresh } : { items, fresh };
  }

  /** The cache entry `key`, noted as one this request read; never calls upstream. */
  peek<V>(key: string): V | undefined {
    const value = this.cache.peek<V>(key);
    if (value !== undefined) this.entries.add(key);
    return value;
  }

  /** The cache entries `keys` (local level, then shared), noted as read; never calls upstream. */
  recall<V>(keys: readonly string[]): (V | undefined)[] | Promise<(V | undefined)[]> {
    const note = (values: (V | undefined)[]) => {
      values.forEach((v, i) => v !== undefined && this.entries.add(keys[i]));
      return values;
    };
    const values = this.cache.recall<V>(keys);
    return values instanceof Promise ? values.then(note) : note(values);
  }

  /** Writes a record this request learnt, and notes it as read. */
  remember<V>(key: string, value: V, stable: boolean): void {
    this.entries.add(key);
    this.cache.set(key, value, stable);
  }

  /** For how long (ms) everything this request read stays fresh in the cache: 0 if anything is not cached. */
  freshForMs(): number {
    let least = Infinity;
    for (const key of this.entries) least = Math.min(least, this.cache.remainingTtl(key));
    return least === Infinity ? 0 : least;
  }

  private async send({ key, operation, input, stable }: CallKey): Promise<unknown> {
    let sent = false;
    const value = await this.cache.fetch(key, async () => {
      if (this.upstreamCalls >= this.maxCalls) throw new SsmError('CALL_BUDGET_EXCEEDED', operation);
      this.upstreamCalls++;
      sent = true;
      const value = await this.upstream.call(operation, input as never);
      this.fetched.add(value as object);
      return { value, stable: typeof stable === 'function' ? stable(value) : stable };
    });
    if (!sent) this.cacheHits++;
    return value;
  }
}

/** JSON with object keys sorted, so equal inputs give equal cache keys. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}
