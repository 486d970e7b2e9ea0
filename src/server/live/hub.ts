/**
 * The live hub: every open subscription of this server, grouped into cohorts
 * (cohort.ts: one operation, one poll for all its subscribers) and targets
 * (target.ts: one watched record, its cohorts polled together).
 *
 * `subscribe(args)` is what Yoga runs for a subscription operation (index.ts):
 * - refusals come first and cost nothing: the server is shutting down
 *   (SHUTTING_DOWN, 503), LIVE_MAX_SUBSCRIPTIONS reached in all or for this
 *   client (TOO_MANY_SUBSCRIPTIONS, 429; client.ts says who a client is);
 * - a cohort is the document (printed), operation name and variables: one
 *   poll's answer serves every subscriber of it. It does not include who
 *   subscribed: every client sees the same SSM accounts, so answers are not per
 *   user (as the response cache's are not); auth is checked when the stream
 *   opens, like any request's, and a stream ends, with UNAUTHENTICATED, when the
 *   token it was opened with expires (`exp`);
 * - the stream ends when its cohort does (cohort.ts), when the client goes
 *   away (the request's signal, or Yoga returning the iterator), or on
 *   `close()`: each end gives its slot back and leaves its cohort, and the last
 *   to leave a target stops its polls.
 * With replicas (REDIS_URL), each watched record is polled by one of them,
 * the holder of its lease, and its ticks reach the others' cohorts (target.ts,
 * cluster.ts).
 * `close()` (graceful shutdown, src/server/serve.ts) ends every stream with a
 * SHUTTING_DOWN event, so clients reconnect elsewhere, and refuses new ones.
 */
import { print, subscribe, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { createGraphQLError } from 'graphql-yoga';
import { liveFields } from '../../schema/live.ts';
import { stableStringify } from '../../ssm/session.ts';
import { planOperation } from '../preflight/plan.ts';
import { SHUTTING_DOWN } from '../serve.ts';
import { clientOf } from './client.ts';
import type { LiveCluster } from './cluster.ts';
import { Cohort } from './cohort.ts';
import { createPoller, type PollerDeps, type PollSpec } from './poll.ts';
import { asQuery } from './query-of.ts';
import { createStream } from './stream.ts';
import { Target, type LiveTimers, type Pacing } from './target.ts';

export const TOO_MANY_SUBSCRIPTIONS = 'TOO_MANY_SUBSCRIPTIONS';
/** Results a slow client may leave unread before the oldest are dropped (stream.ts). */
const STREAM_BUFFER = 16;
/** setTimeout's longest delay. */
const MAX_DELAY = 2 ** 31 - 1;

export interface LiveSettings extends Pacing {
  /** LIVE_MAX_SUBSCRIPTIONS; 0: no limit. */
  maxSubscriptions: number;
  /** LIVE_MAX_SUBSCRIPTIONS_PER_CLIENT; 0: no limit. */
  maxPerClient: number;
}

export interface LiveStats {
  subscriptions: number;
  cohorts: number;
  targets: number;
  /** Polls answered since the hub started. */
  polls: number;
  /** Ticks heard from other replicas holding a watch's lease (cluster.ts) since the hub started. */
  relayed: number;
  /** Polls running now. */
  polling: number;
  /** Events sent since the hub started, counted per subscriber. */
  events: number;
}

export interface LiveHub {
  subscribe(args: ExecutionArgs): ReturnType<typeof subscribe> | ExecutionResult | AsyncIterableIterator<ExecutionResult>;
  close(): void;
  stats(): LiveStats;
}

const refusal = (message: string, code: string, status: number, extra: Record<string, unknown> = {}): ExecutionResult => ({
  errors: [createGraphQLError(message, { extensions: { code, ...extra, http: { status } } })],
});
const shuttingDown = () => refusal('The server is shutting down: subscribe again.', SHUTTING_DOWN, 503);
const expired = () => refusal('The token this subscription was opened with expired: subscribe again with a fresh one.', 'UNAUTHENTICATED', 401);

const printed = new WeakMap<DocumentNode, string>();
const textOf = (d: DocumentNode) => printed.get(d) ?? (printed.set(d, print(d)), printed.get(d)!);

export interface LiveHubDeps extends PollerDeps {
  settings: LiveSettings;
  /** How targets wait between polls (default: setTimeout); tests drive polls one by one. */
  timers?: LiveTimers;
  /** The other replicas (REDIS_URL): one polls each watched record for all (cluster.ts); default alone. */
  cluster?: LiveCluster;
}

export function createLiveHub(deps: LiveHubDeps): LiveHub {
  const { schema, settings } = deps;
  const fields = liveFields(schema);
  const poll = createPoller(deps);
  const targets = new Map<string, Target>();
  const perClient = new Map<string, number>();
  let open = 0;
  let pastPolls = 0;
  let pastRelayed = 0;
  let events = 0;
  let closed = false;

  /** The cohort's poll and the target it watches; undefined for what the live fields do not serve (graphql-js then answers). */
  function specOf(args: ExecutionArgs): { spec: PollSpec; target: string; cohort: string } | undefined {
    const variables = args.variableValues as Record<string, unknown> | null | undefined;
    const document = asQuery(schema, args.document, args.operationName);
    const root = planOperation(schema, args.document, args.operationName, variables)?.fields.find((f) => !f.skipped);
    const live = root && fields.get(root.def.name);
    const plan = document && planOperation(schema, document, args.operationName, variables);
    if (!document || !root?.args || !live || !plan) return undefined;
    return {
      spec: { document, operationName: args.operationName, variables, plan, live, root: { node: root.node, args: root.args } },
      target: `${root.def.name}:${stableStringify(root.args)}`,
      cohort: stableStringify([textOf(args.document), args.operationName ?? null, variables ?? null]),
    };
  }

  function limit(client: string): ExecutionResult | undefined {
    const { maxSubscriptions, maxPerClient } = settings;
    if (maxSubscriptions && open >= maxSubscriptions) {
      return refusal(`This server has ${maxSubscriptions} subscriptions open, its limit: try again later.`, TOO_MANY_SUBSCRIPTIONS, 429, { scope: 'server', max: maxSubscriptions });
    }
    if (maxPerClient && (perClient.get(client) ?? 0) >= maxPerClient) {
      return refusal(`This client has ${maxPerClient} subscriptions open, its limit: close one first.`, TOO_MANY_SUBSCRIPTIONS, 429, { scope: 'client', max: maxPerClient });
    }
    return undefined;
  }

  function subscribeLive(args: ExecutionArgs) {
    if (closed) return shuttingDown();
    const found = specOf(args);
    if (!found) return subscribe(args);
    const client = clientOf(args.contextValue);
    const refused = limit(client);
    if (refused) return refused;

    const { request, auth } = args.contextValue as { request?: Request; auth?: { exp?: number } };
    const signal = request?.signal;
    // Gone already: its stream would never be read nor returned.
    if (signal?.aborted) return { errors: [createGraphQLError('The client went away.')] };
    let target = targets.get(found.target);
    if (!target) targets.set(found.target, (target = new Target(found.target, poll, settings, stopped, deps.timers, deps.cluster)));
    const existing = target.cohorts.get(found.cohort);
    const cohort = existing && !existing.done ? existing : new Cohort(found.cohort, found.spec);
    let expiry: ReturnType<typeof setTimeout> | undefined;
    const stream = createStream<ExecutionResult>(STREAM_BUFFER, () => {
      open--;
      perClient.set(client, perClient.get(client)! - 1);
      if (!perClient.get(client)) perClient.delete(client);
      signal?.removeEventListener('abort', gone);
      clearTimeout(expiry);
      if (cohort.leave(stream)) target!.remove(cohort);
    }, () => void events++);
    const gone = () => void stream.iterator.return!();
    open++;
    perClient.set(client, (perClient.get(client) ?? 0) + 1);
    signal?.addEventListener('abort', gone, { once: true });
    if (auth?.exp !== undefined) {
      expiry = setTimeout(() => (stream.push(expired()), stream.end()), Math.min(Math.max(auth.exp * 1000 - Date.now(), 0), MAX_DELAY));
    }
    cohort.join(stream);
    if (cohort !== existing) target.add(cohort);
    return stream.iterator;
  }

  function stopped(target: Target) {
    pastPolls += target.polls;
    pastRelayed += target.relayed;
    if (targets.get(target.key) === target) targets.delete(target.key);
  }

  return {
    subscribe: subscribeLive,
    close() {
      closed = true;
      for (const target of [...targets.values()]) for (const cohort of [...target.cohorts.values()]) cohort.end(shuttingDown());
    },
    stats: () => {
      const live = [...targets.values()];
      return {
        subscriptions: open,
        cohorts: live.reduce((n, t) => n + t.cohorts.size, 0),
        targets: live.length,
        polls: pastPolls + live.reduce((n, t) => n + t.polls, 0),
        relayed: pastRelayed + live.reduce((n, t) => n + t.relayed, 0),
        polling: live.reduce((n, t) => n + t.inFlight.size, 0),
        events,
      };
    },
  };
}
