/**
 * `useClientBudget`: each client may cause at most CLIENT_MAX_CALLS_PER_MINUTE
 * upstream SSM calls per minute, so one busy frontend cannot spend the
 * account's rate for the others.
 *
 * Contract:
 * - The client is the verified JWT's `sub` when auth is on; otherwise the
 *   value of CLIENT_ID_HEADER when configured and sent (its first
 *   comma-separated part: `x-forwarded-for` names the original client first),
 *   else the peer address. A request with none of them (an in-process
 *   `yoga.fetch`) is not budgeted.
 * - Only calls this request sends upstream are charged, one point each, as
 *   each is about to be sent (`RequestSession.admit`); cache hits and calls
 *   shared with another request in flight are free, and a call withdrawn
 *   before it was sent is refunded.
 * - Checked twice. Before execution: a client with nothing left gets one
 *   THROTTLED error and no data (HTTP 429, `Retry-After`), no call made. While
 *   executing: the call that finds the budget spent fails with THROTTLED (and
 *   the fields that needed it are null, connections end with a cursor that
 *   resumes), the rest of the answer stands. Both carry `retryAfterMs` (when
 *   the window resets), `budget` and `windowMs`.
 * - Windows are rate-limiter-flexible's fixed ones: a client's minute starts
 *   with its first charged call. Each replica counts for itself (its memory);
 *   the limiter is what a shared store (RateLimiterRedis) would replace.
 * - Other clients keep being served: budgets are per client, and a refused
 *   call never reaches the location's rate budget.
 */
import type { Plugin } from 'graphql-yoga';
import { createGraphQLError } from 'graphql-yoga';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { SchemaContext } from '../schema/context.ts';
import { SsmError } from '../ssm/errors.ts';
import { BY_KIND_CODE } from '../schema/errors.ts';

const WINDOW_S = 60;
const STATE = Symbol('clientBudget');

export interface ClientBudgetOptions {
  callsPerMinute: number;
  /** CLIENT_ID_HEADER. */
  idHeader?: string;
}

/** What the budget knew last of a request's client (for `extensions.cost`). */
export interface ClientBudgetState {
  limit: number;
  remaining: number;
  /** When, on `performance.now()`'s clock, the client's window resets. */
  resetsAt: number;
}

type Ctx = SchemaContext & { auth?: { sub?: unknown }; request?: Request; req?: { socket?: { remoteAddress?: string } }; [STATE]?: ClientBudgetState };

/** The key of the request's client; undefined when it cannot be told. */
export function clientOf(ctx: Ctx, idHeader?: string): string | undefined {
  const sub = ctx.auth?.sub;
  if (typeof sub === 'string' && sub) return `sub:${sub}`;
  const given = idHeader ? ctx.request?.headers.get(idHeader)?.split(',')[0].trim() : undefined;
  if (given) return `id:${given}`;
  const address = ctx.req?.socket?.remoteAddress;
  return address ? `addr:${address}` : undefined;
}

/** The budget's state for the request's client, when it is budgeted. */
export const clientBudgetOf = (ctx: object): ClientBudgetState | undefined => (ctx as Ctx)[STATE];

export function useClientBudget({ callsPerMinute, idHeader }: ClientBudgetOptions): Plugin {
  const limiter = new RateLimiterMemory({ points: callsPerMinute, duration: WINDOW_S });
  const figures = (res: RateLimiterRes) => ({ retryAfterMs: Math.max(res.msBeforeNext, 0), budget: callsPerMinute, windowMs: WINDOW_S * 1000 });
  const note = (ctx: Ctx, res: RateLimiterRes | null) => {
    ctx[STATE] = {
      limit: callsPerMinute,
      remaining: res ? res.remainingPoints : callsPerMinute,
      resetsAt: performance.now() + (res ? Math.max(res.msBeforeNext, 0) : WINDOW_S * 1000),
    };
  };
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const ctx = args.contextValue as unknown as Ctx;
      const client = ctx.ssm && clientOf(ctx, idHeader);
      if (!client) return;
      const known = await limiter.get(client);
      note(ctx, known);
      if (known && known.remainingPoints <= 0) {
        const extra = figures(known);
        const message = `This client reached its budget of ${callsPerMinute} upstream SSM calls per minute; retry in ${Math.ceil(extra.retryAfterMs / 1000)} s.`;
        const headers = { 'Retry-After': String(Math.ceil(extra.retryAfterMs / 1000)) };
        setResultAndStopExecution({
          errors: [createGraphQLError(message, { extensions: { code: BY_KIND_CODE.CLIENT_THROTTLED, ...extra, http: { status: 429, headers } } })],
        });
        return;
      }
      ctx.ssm.session.admit = async (operation) => {
        try {
          note(ctx, await limiter.consume(client, 1));
        } catch (res) {
          if (!(res instanceof RateLimiterRes)) throw res;
          note(ctx, res);
          throw Object.assign(new SsmError('CLIENT_THROTTLED', operation), { details: figures(res) });
        }
        return () => void limiter.reward(client, 1);
      };
    },
  };
}
