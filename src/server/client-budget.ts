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
 *   with its first charged call. Without the shared tier each replica counts
 *   for itself (RateLimiterMemory). With it (REDIS_URL) a client's calls count
 *   once across replicas (RateLimiterRedis on the shared connection, key
 *   `<REDIS_PREFIX>client-budget:<client>`, Redis's clock); while Redis is
 *   unusable or a command fails, each replica's insurance RateLimiterMemory
 *   counts instead: a client may then spend the budget on every replica.
 * - Other clients keep being served: budgets are per client, and a refused
 *   call never reaches the location's rate budget.
 */
import type { Plugin } from 'graphql-yoga';
import { createGraphQLError } from 'graphql-yoga';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { SchemaContext } from '../schema/context.ts';
import type { RedisConnection } from '../ssm/redis.ts';
import { SsmError } from '../ssm/errors.ts';
import { BY_KIND_CODE } from '../schema/errors.ts';

const WINDOW_S = 60;
const STATE = Symbol('clientBudget');

export interface ClientBudgetOptions {
  callsPerMinute: number;
  /** CLIENT_ID_HEADER. */
  idHeader?: string;
  /** The shared tier's connection and REDIS_PREFIX: budgets are then the cluster's. */
  shared?: { connection: Pick<RedisConnection, 'client' | 'usable'>; prefix: string };
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

type Limiter = Pick<RateLimiterMemory, 'get' | 'consume' | 'reward'>;

/** This replica's limiter, or the cluster's with the local one as its insurance (skipped to while Redis is unusable). */
function createLimiter({ callsPerMinute, shared }: ClientBudgetOptions): Limiter {
  const local = new RateLimiterMemory({ points: callsPerMinute, duration: WINDOW_S });
  if (!shared) return local;
  const { connection, prefix } = shared;
  const cluster = new RateLimiterRedis({
    storeClient: connection.client,
    keyPrefix: `${prefix}client-budget`,
    points: callsPerMinute,
    duration: WINDOW_S,
    insuranceLimiter: local,
  });
  const now = () => (connection.usable() ? cluster : local);
  return { get: (key) => now().get(key), consume: (key, points) => now().consume(key, points), reward: (key, points) => now().reward(key, points) };
}

export function useClientBudget(opts: ClientBudgetOptions): Plugin {
  const { callsPerMinute, idHeader } = opts;
  const limiter = createLimiter(opts);
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
