/**
 * One connection over a root listing in several locations (accounts × regions).
 *
 * Contract:
 * - Exact: every item of every selected location appears once, in that
 *   location's own SSM order; the locations' streams are merged by `order`:
 *   `newest` takes the item with the latest time first (items without one, not
 *   yet started, first of all), `interleave` takes one item of each location in
 *   turn; ties go to the location listed first (home first, then as configured).
 * - The first page of every location is fetched at once, in parallel; a
 *   location's next page only when the merge needs its next item.
 * - A cursor holds every location's position (its page token and offset), so
 *   the next page resumes each location where it stopped.
 * - A location that fails costs only its own items: the connection answers with
 *   the others and the request gets one error for it (its code, and
 *   `location { accountId region }`); the cursor keeps its position, so a later
 *   page retries it, and `hasNextPage` is true.
 * - A page refused by a budget of the request (`isBudgetCut`: the call cap,
 *   the client's budget) cuts the whole merge there, so the order stays exact:
 *   the edges taken so far, `hasNextPage: true`, an `endCursor` holding every
 *   location's position (the refused page is asked again from it), and one
 *   error for the cut beside the data.
 */

import { isBudgetCut } from '../ssm/errors.ts';
import type { ServedLocation } from '../ssm/locations.ts';
import type { Page } from '../ssm/session.ts';
import { checkConnectionArgs, type ConnectionArgs, type Connection, type Edge } from './connection.ts';
import type { SchemaContext } from './context.ts';

export type MergeOrder<T> = { by: 'newest'; time: (item: T) => Date | undefined } | { by: 'interleave' };

export interface EstateConnectionSpec<T> {
  identity: unknown;
  /** The field and its arguments (`fieldIdentity`): cursors are bound to it, as the pre-execution checks know it. */
  field: unknown;
  locations: ServedLocation[];
  order: MergeOrder<T>;
  fetchPage: (location: ServedLocation, token: string | undefined) => Promise<Page<T>>;
  /** Reports a location's failure (an error added to the response, located at the field). */
  report: (error: unknown, location: ServedLocation) => void;
}

/** One location's position: the page holding its last item taken, that item's offset, items taken, done. */
type Position = [token: string | null, offset: number, taken: number, done: 0 | 1];
type State = Record<string, Position>;

interface Stream<T> {
  location: ServedLocation;
  index: number;
  key: string;
  page?: Page<T>;
  token: string | undefined;
  offset: number;
  taken: number;
  done: boolean;
  failed: boolean;
  empties: number;
}

export async function resolveEstateConnection<T>(
  ctx: Pick<SchemaContext, 'cursors' | 'limits'>,
  args: ConnectionArgs,
  spec: EstateConnectionSpec<T>,
): Promise<Connection<T>> {
  const { count, cursor } = checkConnectionArgs(args, ctx.limits, false);
  const scope = {
    field: ctx.cursors.digest(spec.field),
    connection: ctx.cursors.digest(['estate', spec.identity, spec.locations.map((l) => l.namespace)]),
  };
  const state = (cursor ? ctx.cursors.decodeState(cursor, scope) : {}) as State;
  const streams: Stream<T>[] = spec.locations.map((location, index) => {
    const [token, offset, taken, done] = state[location.namespace] ?? [null, -1, 0, 0];
    return { location, index, key: location.namespace, token: token ?? undefined, offset, taken, done: !!done, failed: false, empties: 0 };
  });

  /** The budget refusal that cut the merge, once one did. */
  let cut: unknown;
  /** Brings every live stream to a page holding its next item, or to its end; in parallel. */
  const fill = async () => {
    for (;;) {
      const need = streams.filter((s) => !s.done && !s.failed && (!s.page || s.offset + 1 >= s.page.items.length));
      if (!need.length || cut) return;
      await Promise.all(
        need.map(async (s) => {
          // The current page is read first (from the cursor's token), then the ones after it.
          const token = s.page ? s.page.nextToken : s.token;
          if (s.page && !token) return void (s.done = true);
          if (s.page && s.empties > ctx.limits.maxEmptyPages) return void (s.failed = true); // resumed on a later page
          try {
            const page = await spec.fetchPage(s.location, token);
            if (s.page) {
              s.token = token;
              s.offset = -1;
            }
            s.empties = page.items.length ? 0 : s.empties + 1;
            s.page = page;
            if (!page.items.length && !page.nextToken) s.done = true;
          } catch (e) {
            if (isBudgetCut(e)) {
              if (!cut) spec.report((cut = e), s.location);
              return;
            }
            s.failed = true;
            spec.report(e, s.location);
          }
        }),
      );
    }
  };

  const before = pick(spec.order);
  const edges: Edge<T>[] = [];
  while (edges.length < count) {
    await fill();
    if (cut) break;
    const ready = streams.filter((s) => !s.done && !s.failed && s.page && s.offset + 1 < s.page.items.length);
    if (!ready.length) break;
    const next = ready.reduce((best, s) => (before(s, best) ? s : best));
    next.offset++;
    next.taken++;
    const node = next.page!.items[next.offset];
    edges.push(lazyEdge(node, snapshot(streams), (s) => ctx.cursors.encodeState(scope, s)));
  }
  // More may follow: a stream with items or a token left, or one that failed (to be retried).
  const more = !!cut || streams.some((s) => s.failed || (!s.done && (!s.page || s.offset + 1 < s.page.items.length || !!s.page.nextToken)));
  const end = edges.at(-1);
  return {
    edges,
    pageInfo: {
      hasNextPage: more,
      hasPreviousPage: !!cursor,
      startCursor: edges[0]?.cursor ?? null,
      get endCursor() {
        return end ? end.cursor : more ? ctx.cursors.encodeState(scope, snapshot(streams)) : null;
      },
    },
  };
}

/** Whether stream `a`'s next item goes before `b`'s. */
function pick<T>(order: MergeOrder<T>) {
  const head = (s: Stream<T>) => s.page!.items[s.offset + 1];
  if (order.by === 'interleave') return (a: Stream<T>, b: Stream<T>) => a.taken < b.taken || (a.taken === b.taken && a.index < b.index);
  return (a: Stream<T>, b: Stream<T>) => {
    const x = order.time(head(a))?.getTime() ?? Infinity;
    const y = order.time(head(b))?.getTime() ?? Infinity;
    return x > y || (x === y && a.index < b.index);
  };
}

function snapshot<T>(streams: Stream<T>[]): State {
  const out: State = {};
  for (const s of streams) out[s.key] = [s.token ?? null, s.offset, s.taken, s.done && !s.failed ? 1 : 0];
  return out;
}

/** An edge whose cursor is signed only when read (most queries select no `cursor`). */
function lazyEdge<T>(node: T, state: State, encode: (s: State) => string): Edge<T> {
  let cursor: string | undefined;
  return {
    node,
    get cursor() {
      return (cursor ??= encode(state));
    },
  };
}


