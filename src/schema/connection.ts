/**
 * The one adapter between Relay connections and SSM's NextToken pagination.
 *
 * Contract:
 * - Upstream pages have the operation's largest size (the ssm layer fixes it),
 *   whatever `first`/`last` is, so that they are shared; the one exception is an
 *   unfiltered walk's first page from the listing's start, asked for
 *   `first + 1` items when that is fewer (`firstPageAt`): a dashboard's
 *   `executions(first: 1)` under 50 parents then reads 100 items, not 2,500,
 *   and the extra item says `hasNextPage` with no look-ahead. A filtered page
 *   is the matches of a scan window as long as the page, so it stays full. The
 *   pages after the first, whatever token they follow, are full. A cursor records the page its item came from (token and
 *   size), so resuming reads that same page again. The adapter walks as many
 *   pages as it needs and never fetches a page it does not need.
 * - Empty pages that still carry a NextToken are followed, at most
 *   `maxEmptyPages` in a row; past that the connection ends early with
 *   `hasNextPage: true` and an `endCursor` that resumes after the empty run.
 * - `hasNextPage` (or `hasPreviousPage` for `last`) is exact: when the answer
 *   ends on a page boundary it looks ahead, but only if the client selected it.
 * - A page refused by a budget of the request (SSM_MAX_CALLS_PER_REQUEST, the
 *   client's: `isBudgetCut`) cuts the connection there: it answers with the
 *   edges it has, `hasNextPage: true` (`hasPreviousPage` for `last`) and an
 *   `endCursor` (`startCursor`) that resumes at the refused page, even when it
 *   got no edge at all (the first page refused: the cursor resumes where this
 *   one started); the refusal is reported beside the data (`report`). A
 *   refused look-ahead answers `true`, reported likewise.
 * - `last`/`before` need an upstream that can list in reverse (ReverseOrder);
 *   only such connections have them. `first`/`after` and `last`/`before` are
 *   two pairs: mixing them is refused with BAD_USER_INPUT before any call.
 */
import { isBudgetCut } from '../ssm/errors.ts';
import type { Page, PageAt } from '../ssm/session.ts';
import type { CursorCodec, CursorPosition, CursorScope, Direction } from './cursor.ts';
import { badInput } from './errors.ts';

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

export interface ConnectionLimits {
  defaultFirst: number;
  maxFirst: number;
  maxEmptyPages: number;
}

export interface TokenConnectionSpec<T> {
  /** What makes this connection itself: parent keys and filters. Cursors are bound to it. */
  identity: unknown;
  /**
   * What the pre-execution checks know of it: its field and arguments
   * (`fieldIdentity` in ssm-connection.ts). Cursors are bound to it too, so one
   * from another field or other arguments is refused before any call.
   */
  field?: unknown;
  /** One upstream page (`at`: its token and size); `reverse` asks SSM for the reverse order. */
  fetchPage: (at: PageAt, reverse: boolean) => Promise<Page<T>>;
  /** True when the first page is not shrunk to `first + 1` (`firstPageAt`): SSM filters the listing, or the request shares its pages. */
  fullFirstPage?: boolean;
  /** True when SSM can list this connection in reverse, so `last`/`before` can be served. */
  reversible?: boolean;
  /** The client asked for the reverse order itself (`reverseOrder: true`). */
  reversed?: boolean;
  /** Reports a budget cut beside the data (an error at the connection's path); without it a cut fails the field. */
  report?: (error: unknown) => void;
}

export interface Edge<T> {
  node: T;
  cursor: string;
}
export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: {
    hasNextPage: boolean | (() => Promise<boolean>);
    hasPreviousPage: boolean | (() => Promise<boolean>);
    startCursor: string | null;
    endCursor: string | null;
  };
}

const MIXED_DIRECTIONS = 'MIXED_PAGINATION_DIRECTIONS';

/**
 * The first page of a walk from the listing's start that must yield `count`
 * items: `count + 1` of them (the item after the last says whether more
 * follow), or the largest page when `full`: SSM filters the listing, or the
 * request shares its pages with others (SchemaContext `fullPages`). Prefetches
 * (prefetch.ts) ask for the same page, so the walk finds it in flight.
 */
export function firstPageAt(count: number, full: boolean): PageAt {
  return full ? {} : { size: count + 1 };
}

/** Whether a connection's `filter` argument holds any condition (null members hold none). */
function isFiltered(filter: unknown): boolean {
  return !!filter && typeof filter === 'object' && Object.values(filter).some((v) => v != null);
}

/** Whether a connection with this `filter`, in this request, starts on a full page (`firstPageAt`). */
export function fullFirstPage(filter: unknown, ctx: { fullPages?: boolean }): boolean {
  return isFiltered(filter) || !!ctx.fullPages;
}

/**
 * Checks `first`/`last`/`after`/`before` against the limits; throws BAD_USER_INPUT. Makes no call.
 *
 * A page goes one way: `first`/`after` forward, `last`/`before` backward. Relay
 * lets a client mix them (`last: 3, after: X`: the last three items after X),
 * but over NextToken that means listing everything after X to keep its end, so
 * a mix is refused (MIXED_PAGINATION_DIRECTIONS) rather than answered from one
 * pair alone. `last`/`before` exist only on reversible connections (the schema
 * gives the others `first`/`after` alone); the `reversible` check keeps the
 * adapter from ever serving a backward page from a forward-only listing.
 */
export function checkConnectionArgs(args: ConnectionArgs, limits: ConnectionLimits, reversible: boolean) {
  const { first, last, after, before } = args;
  if (first != null && last != null) throw badInput('Pass `first` or `last`, not both.');
  if (after != null && before != null) throw badInput('Pass `after` or `before`, not both.');
  if (last != null && after != null) {
    throw badInput('`after` goes with `first`; `last` pages backwards, from `before` or from the end.', { reason: MIXED_DIRECTIONS, argument: 'after' });
  }
  if (first != null && before != null) {
    throw badInput('`before` goes with `last`; `first` pages forwards, from `after` or from the start.', { reason: MIXED_DIRECTIONS, argument: 'before' });
  }
  const backward = last != null || before != null;
  if (backward && !reversible) {
    throw badInput('`last`/`before` are not supported on this connection: SSM lists it forward only. Use `first`/`after`.', {
      reason: 'BACKWARD_PAGINATION_UNSUPPORTED',
    });
  }
  const count = (backward ? last : first) ?? limits.defaultFirst;
  const name = backward ? 'last' : 'first';
  if (!Number.isInteger(count) || count < 0 || count > limits.maxFirst) {
    throw badInput(`\`${name}\` must be between 0 and ${limits.maxFirst}.`, { argument: name, max: limits.maxFirst });
  }
  return { count, direction: (backward ? 'backward' : 'forward') as Direction, cursor: backward ? before : after };
}

export async function resolveTokenConnection<T>(
  codec: CursorCodec,
  limits: ConnectionLimits,
  args: ConnectionArgs,
  spec: TokenConnectionSpec<T>,
): Promise<Connection<T>> {
  const { count, direction, cursor } = checkConnectionArgs(args, limits, !!spec.reversible);
  const reverse = !!spec.reversed !== (direction === 'backward');
  // Digested when a cursor is first read or written: most queries select none.
  let scope: CursorScope | undefined;
  const scoped = () => (scope ??= { field: codec.digest(spec.field ?? null), connection: codec.digest([spec.identity, reverse]) });
  const start: CursorPosition = cursor ? codec.decode(cursor, scoped(), direction) : { token: undefined, offset: -1, ...firstPageAt(count, !!spec.fullFirstPage) };
  const encode = (p: CursorPosition) => codec.encode(scoped(), direction, p);

  const edges: Edge<T>[] = [];
  let token = start.token;
  let size = start.size;
  let offset = start.offset + 1;
  let emptyRun = 0;
  let more: boolean | (() => Promise<boolean>) = false;
  let resume: CursorPosition | undefined;

  for (;;) {
    const at: PageAt = { token, size };
    const page = await pageOrCut(spec, at, reverse);
    if (!page) {
      more = true;
      resume = { token, size, offset: offset - 1 };
      break;
    }
    const taken = Math.min(page.items.length - offset, count - edges.length);
    for (let i = offset; i < offset + Math.max(taken, 0); i++) edges.push(lazyEdge(page.items[i], encode, { token, size, offset: i }));
    if (offset + Math.max(taken, 0) < page.items.length) {
      more = true;
      break;
    }
    if (!page.nextToken) break;
    emptyRun = page.items.length > offset ? 0 : emptyRun + 1;
    if (edges.length === count) {
      more = lookahead(spec, page.nextToken, reverse, limits.maxEmptyPages);
      break;
    }
    if (emptyRun > limits.maxEmptyPages) {
      more = true;
      resume = { token: page.nextToken, offset: -1 };
      break;
    }
    token = page.nextToken;
    size = undefined;
    offset = 0;
  }

  if (direction === 'backward') edges.reverse();
  // `far` is where the walk stopped (the cursor to continue from), `near` where it began.
  const farEdge = direction === 'backward' ? edges.at(0) : edges.at(-1);
  const nearEdge = direction === 'backward' ? edges.at(-1) : edges.at(0);
  const far = () => (resume ? encode(resume) : (farEdge?.cursor ?? null));
  const near = () => nearEdge?.cursor ?? null;
  const forward = direction === 'forward';
  return {
    edges,
    pageInfo: {
      hasNextPage: forward ? more : !!cursor,
      hasPreviousPage: forward ? !!cursor : more,
      get startCursor() {
        return forward ? near() : far();
      },
      get endCursor() {
        return forward ? far() : near();
      },
    },
  };
}

/**
 * An edge whose cursor is signed only when read: most queries select no `cursor`,
 * and an HMAC per edge is a large share of a warm request's CPU.
 */
function lazyEdge<T>(node: T, encode: (p: CursorPosition) => string, position: CursorPosition): Edge<T> {
  let cursor: string | undefined;
  return {
    node,
    get cursor() {
      return (cursor ??= encode(position));
    },
  };
}

/** One page, or undefined when a budget of the request refused it (then reported beside the data). */
async function pageOrCut<T>(spec: TokenConnectionSpec<T>, at: PageAt, reverse: boolean): Promise<Page<T> | undefined> {
  try {
    return await spec.fetchPage(at, reverse);
  } catch (e) {
    if (!spec.report || !isBudgetCut(e)) throw e;
    spec.report(e);
    return undefined;
  }
}

/** Whether any item follows `token`, memoised and only run when a client asks. */
function lookahead<T>(spec: TokenConnectionSpec<T>, token: string, reverse: boolean, maxEmptyPages: number) {
  let answer: Promise<boolean> | undefined;
  return () =>
    (answer ??= (async () => {
      let next: string | undefined = token;
      for (let i = 0; next && i <= maxEmptyPages; i++) {
        const page: Page<T> | undefined = await pageOrCut(spec, { token: next }, reverse);
        // Cut before it knew: more may follow, and the end cursor resumes exactly there.
        if (!page) return true;
        if (page.items.length) return true;
        next = page.nextToken;
      }
      // Still empty pages with tokens past the bound: more may follow, so say so.
      return !!next;
    })());
}

/** `resolveTokenConnection` with the request's cursor codec and limits. */
export function tokenConnection<T>(
  ctx: { cursors: CursorCodec; limits: ConnectionLimits },
  args: ConnectionArgs,
  spec: TokenConnectionSpec<T>,
) {
  // The lazy `hasNextPage`/`hasPreviousPage` functions are called by GraphQL's default
  // resolver; Pothos' PageInfo shape types them as plain booleans.
  return resolveTokenConnection(ctx.cursors, ctx.limits, args, spec) as unknown as Promise<{
    edges: Edge<T>[];
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  }>;
}
