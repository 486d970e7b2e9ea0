/**
 * One request's view of SSM. A `RequestSession` is created per GraphQL request
 * and dropped with it; `at(location)` gives the `SsmSession` through which the
 * domains (automation.ts, ...) reach one location's SSM.
 *
 * Contract: within a request, an identical call (location, operation and input,
 * NextToken included) reaches the cache at most once, whatever the order
 * resolvers ask in; the cache in turn reaches SSM at most once per TTL. Each
 * location's calls go through its own upstream door, and its cache entries
 * live under its own namespace: no call or entry of one location ever serves
 * another. The request counts the calls that actually went upstream, across
 * locations, and refuses to make more than `maxCalls`; `admit` (the client's
 * budget, src/server/client-budget.ts) may refuse each call before it is sent.
 * One request's refusal never fails another request that shared the call. A
 * call still waiting for its start (upstream.ts) when every request that
 * wanted it has given up is withdrawn, never sent (interest.ts). With
 * `freshSince` (a live poll, src/server/live/) it reads no mutable cache entry
 * loaded before that time (src/ssm/cache/index.ts, "Freshness bound").
 */
import DataLoader from 'dataloader';
import type { Freshness, UpstreamCache } from './cache/index.ts';
import type { OperationInput, OperationName, OperationOutput } from './client.ts';
import { BUDGET_KINDS, SsmError } from './errors.ts';
import { interestsOf } from './interest.ts';
import type { Located, Location, ServedLocation } from './locations.ts';
import { pageSize, resultKey } from './model.ts';
import { BudgetWithdrawn } from './rate-budget.ts';

/** Thrown inside `send` when a shared call was refused by another request's budget. */
const ASK_AGAIN = Symbol('ask again');

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
 * Which page: the one at `token` (absent: the listing's start) holding up to
 * `size` items (absent: the operation's largest page). The same `PageAt` is
 * always the same request, so a cursor that records it finds its page again.
 */
export interface PageAt {
  token?: string;
  size?: number;
}

/**
 * What a listing is asked for: its filter, the page, and whether the page can
 * still change (`stable`: usually the parent's terminal status, possibly still
 * loading).
 */
export interface PageRequest<F> extends PageAt {
  filter: F;
  stable?: boolean | Promise<boolean>;
}

/**
 * Whether a response can no longer change: known, judged from the response
 * itself, or still being learnt (the parent's status, loading in parallel; a
 * rejection counts as "can change").
 */
export type Stability<O> = boolean | Promise<boolean> | ((output: O) => boolean);

/**
 * Bounds how long a request waits for one call's result (its deadline). It may
 * reject the wait early; the call itself goes on, for the cache and for other
 * requests that share it.
 */
export type WaitGuard = (<T>(wait: Promise<T>, operation: OperationName) => Promise<T>) & {
  /** Aborts when the request gives up every wait (its deadline passed, its client went away). */
  readonly signal?: AbortSignal;
};

/**
 * Checks one upstream call before it is sent: throws to refuse it (the error
 * becomes the call's), may return a refund for a call then never sent.
 */
export type Admission = (operation: OperationName) => undefined | (() => void) | Promise<undefined | (() => void)>;

export interface SessionOptions {
  cache: UpstreamCache;
  guard?: WaitGuard;
  /** Most upstream calls this request may make; further calls fail with CALL_BUDGET_EXCEEDED. */
  maxCalls?: number;
  /** Mutable cache entries loaded before this time (`cacheNow()`) are not read: loaded again. */
  freshSince?: number;
}

interface CallKey {
  key: string;
  location: ServedLocation;
  operation: OperationName;
  input: unknown;
  stable: Stability<unknown>;
}

/** Records mapped from a cached response, by the response object: shared across requests, never mutated. */
const mappedItems = new WeakMap<object, unknown[]>();

export class RequestSession {
  /** Calls this request sent upstream (cache hits and shared in-flight calls excluded). */
  upstreamCalls = 0;
  /** Calls this request answered without sending them: from the cache, or in flight for another request. */
  cacheHits = 0;
  /** Checks each call this request would send (its client's budget); set before execution. */
  admit?: Admission;
  /**
   * Every cross-request cache entry this request's answer was read from. A
   * response built from them is no fresher than the first of them to expire
   * (`freshForMs`).
   */
  readonly entries = new Set<string>();
  readonly cache: UpstreamCache;
  readonly guard?: WaitGuard;
  /** The freshness bound of every cache read of this request. */
  readonly bound: Freshness;
  private readonly maxCalls: number;
  private readonly calls: DataLoader<CallKey, unknown, string>;
  private readonly views = new Map<ServedLocation, SsmSession>();
  /** Responses this request itself received from SSM. */
  readonly fetched = new WeakSet<object>();

  constructor({ cache, maxCalls = Infinity, guard, freshSince }: SessionOptions) {
    this.cache = cache;
    this.bound = { freshSince };
    this.guard = guard;
    this.maxCalls = maxCalls;
    // The loader's memo makes identical calls once. Its batch is kept on purpose: the answers to
    // calls sent in one tick (sibling pages) are released together, so the records they name are
    // looked up together, in full batches (ten executions per DescribeAutomationExecutions), not
    // one by one as each page lands.
    this.calls = new DataLoader((keys) => Promise.all(keys.map((k) => this.send(k).catch((e: Error) => e))), {
      cacheKeyFn: (k) => k.key,
    });
  }

  /** The view of one location, made once per request. */
  at(location: ServedLocation): SsmSession {
    let view = this.views.get(location);
    if (!view) this.views.set(location, (view = new SsmSession(this, location)));
    return view;
  }

  /** Sends (or shares) the call `key` names, through its location's door; see the class contract. */
  load(call: CallKey): Promise<unknown> {
    this.entries.add(call.key);
    const wait = this.calls.load(call);
    return this.guard ? this.guard(wait, call.operation) : wait;
  }

  /** For how long (ms) everything this request read stays fresh in the cache: 0 if anything is not cached. */
  freshForMs(): number {
    let least = Infinity;
    for (const key of this.entries) least = Math.min(least, this.cache.remainingTtl(key));
    return least === Infinity ? 0 : least;
  }

  private async send(call: CallKey): Promise<unknown> {
    const interest = interestsOf(this.cache).join(call.key, this.guard?.signal);
    try {
      for (;;) {
        try {
          return await this.fetch(call, interest.signal);
        } catch (e) {
          if (e === ASK_AGAIN) continue;
          // Withdrawn by the requests that gave up on it just before this one asked: ask again.
          if (!(e instanceof BudgetWithdrawn) || this.guard?.signal?.aborted) throw e;
          interest.renew();
        }
      }
    } finally {
      interest.leave();
    }
  }

  private async fetch({ key, location, operation, input, stable }: CallKey, signal: AbortSignal): Promise<unknown> {
    let sent = false;
    let refused = false;
    try {
      const value = await this.cache.fetch(key, async () => {
        if (this.upstreamCalls >= this.maxCalls) {
          refused = true;
          throw Object.assign(new SsmError('CALL_BUDGET_EXCEEDED', operation), { location });
        }
        // Counted before anything is awaited, so calls asked for in one tick cannot all pass the cap.
        this.upstreamCalls++;
        sent = true;
        let refund: undefined | (() => void);
        try {
          refund = this.admit && (await this.admit(operation));
        } catch (e) {
          this.upstreamCalls--;
          sent = false;
          refused = true;
          throw e;
        }
        try {
          const value = await location.upstream.call(operation, input as never, { signal });
          this.fetched.add(value as object);
          return { value, stable: typeof stable === 'function' ? stable(value) : stable };
        } catch (e) {
          if (e instanceof BudgetWithdrawn) (this.upstreamCalls--, (sent = false), refund?.());
          throw e;
        }
      }, this.bound);
      if (!sent) this.cacheHits++;
      return value;
    } catch (e) {
      // This call joined another request's, which that request's budget refused: the refusal
      // is not this request's, so it asks again, under its own budget.
      if (!refused && !sent && e instanceof SsmError && BUDGET_KINDS.has(e.kind)) throw ASK_AGAIN;
      throw e;
    }
  }
}

/** One location's SSM within one request: what the domains call. */
export class SsmSession {
  readonly location: Location;
  /** The location members every record of this location carries (its key starts with them). */
  readonly here: Located;
  constructor(
    readonly request: RequestSession,
    private readonly served: ServedLocation,
  ) {
    this.location = { accountId: served.accountId, region: served.region };
    this.here = { AccountId: served.accountId, Region: served.region };
  }

  call<Op extends OperationName>(
    operation: Op,
    input: OperationInput<Op>,
    stable: Stability<OperationOutput<Op>> = false,
  ): Promise<OperationOutput<Op>> {
    const key = `${this.served.namespace}${operation}:${stableStringify(input)}`;
    return this.request.load({ key, location: this.served, operation, input, stable: stable as Stability<unknown> }) as Promise<
      OperationOutput<Op>
    >;
  }

  /**
   * One page of a paginated operation: at the operation's largest page size,
   * so that pages are the same whatever the client asked for and shareable,
   * unless `at.size` asks for fewer (a connection's first page, when it needs
   * only a few items: src/schema/connection.ts), within the model's range.
   */
  async page<Op extends OperationName, T, R = T>(
    operation: Op,
    input: OperationInput<Op>,
    { token, size }: PageAt,
    stable: Stability<OperationOutput<Op>>,
    toItem: (item: T) => R = (item) => item as unknown as R,
    /** Takes the page's records (an entity loader, so later lookups of them by key cost nothing). */
    primes?: { primePage(items: readonly R[], shared?: boolean): void },
  ): Promise<Page<R>> {
    const full = { ...input, MaxResults: pageSize(operation, size), ...(token ? { NextToken: token } : {}) };
    const output = (await this.call(operation, full as OperationInput<Op>, stable)) as Record<string, unknown>;
    // `toItem` depends only on the response and the input, which the response is cached under.
    let items = mappedItems.get(output) as R[] | undefined;
    if (!items) {
      items = ((output[resultKey(operation)] as T[] | undefined) ?? []).map(toItem);
      mappedItems.set(output, items);
    }
    const nextToken = output.NextToken as string | undefined;
    const fresh = this.request.fetched.has(output);
    primes?.primePage(items, fresh);
    return nextToken ? { items, nextToken, fresh } : { items, fresh };
  }

  /** The cache entry `key` of this location, noted as one this request read; never calls upstream. */
  peek<V>(key: string): V | undefined {
    const full = this.served.namespace + key;
    const value = this.request.cache.peek<V>(full, this.request.bound);
    if (value !== undefined) this.request.entries.add(full);
    return value;
  }

  /** The cache entries `keys` of this location (local level, then shared), noted as read; never calls upstream. */
  recall<V>(keys: readonly string[]): (V | undefined)[] | Promise<(V | undefined)[]> {
    const full = keys.map((k) => this.served.namespace + k);
    const note = (values: (V | undefined)[]) => {
      values.forEach((v, i) => {
        if (v !== undefined) this.request.entries.add(full[i]);
      });
      return values;
    };
    const values = this.request.cache.recall<V>(full, this.request.bound);
    return values instanceof Promise ? values.then(note) : note(values);
  }

  /** Writes a record this request learnt to the cache; `noted` also counts it as read by this request. */
  remember<V>(key: string, value: V, stable: boolean, noted = true): void {
    const full = this.served.namespace + key;
    if (noted) this.request.entries.add(full);
    this.request.cache.set(full, value, stable);
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
