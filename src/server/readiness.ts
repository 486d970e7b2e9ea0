/**
 * `/ready`: can this instance serve? (Liveness is Yoga's built-in `/health`,
 * which answers 200 without any upstream call.)
 *
 * Contract: one cheap upstream call (ListAssociations, MaxResults 1) proves that
 * credentials resolve and SSM answers. Its outcome is reused for `cacheMs`
 * (READINESS_CACHE_MS), and concurrent probes share one in-flight check, so
 * probes cost at most one call per period whatever their rate. A check is cut
 * short after `timeoutMs`. 200 `{"ready":true}` or 503 `{"ready":false,
 * "reason":<SsmError kind>}`; never an AWS message.
 *
 * Each change of state (not ready, another reason, ready again) is logged
 * once, with why (the AWS error; for MISCONFIGURED, what to set), not once per
 * probe.
 *
 * With REDIS_URL every answer adds `"redis": "up"` or `"down"`, read live (no
 * call). Redis down does not make the instance unready: it serves from its own
 * cache and SSM, and taking every replica out of service at once for a shared
 * dependency they can do without would be an outage of its own.
 *
 * THROTTLED counts as ready: SSM answered and the credentials resolved; the
 * account's rate limit is shared by every replica, so failing on it would take
 * them all out of service at once, for a condition no restart or reroute fixes.
 */
import { useReadinessCheck, type Plugin } from 'graphql-yoga';
import { SsmError } from '../ssm/errors.ts';
import type { Upstream } from '../ssm/upstream.ts';
import { createWaitBound } from './wait-bound.ts';
import type { Log } from './log.ts';
import { setupHint } from './upstream-setup.ts';

export interface ReadinessOptions {
  upstream: Upstream;
  /** Members added to every answer, read at each probe (the shared tier's `"redis": "up"|"down"`). */
  extra?: () => Record<string, string>;
  log?: Pick<Log, 'info' | 'warn'>;
  cacheMs: number;
  timeoutMs?: number;
  endpoint?: string;
  now?: () => number;
}

interface Outcome {
  ready: boolean;
  reason?: string;
  at: number;
}

/** Why a probe failed, for the log line. */
function why(e: unknown): string {
  if (!(e instanceof SsmError)) return String((e as Error)?.message ?? e);
  const aws = [e.awsCode, e.awsMessage].filter(Boolean).join(': ');
  return `${e.operation} ${aws || e.kind}${e.kind === 'MISCONFIGURED' ? `; ${setupHint(e.awsMessage)}` : ''}`;
}

export function createReadinessCheck({ upstream, cacheMs, timeoutMs = 5_000, now = Date.now, log }: ReadinessOptions) {
  let last: Outcome | undefined;
  let inFlight: Promise<Outcome> | undefined;
  const report = (o: Outcome, e?: unknown) => {
    if (o.ready === (last?.ready ?? true) && o.reason === last?.reason) return;
    if (o.ready) log?.info('/ready: ready again');
    else log?.warn(`/ready: not ready (${o.reason}): ${why(e)}`);
  };
  const probe = async (): Promise<Outcome> => {
    try {
      const wait = upstream.call('ListAssociations', { MaxResults: 1 });
      await (createWaitBound({ timeoutMs })?.(wait, 'ListAssociations') ?? wait);
      return { ready: true, at: now() };
    } catch (e) {
      if (e instanceof SsmError && e.kind === 'THROTTLED') return { ready: true, at: now() };
      const failed = { ready: false, reason: e instanceof SsmError ? e.kind : 'UNKNOWN', at: now() };
      report(failed, e);
      return failed;
    }
  };
  return async (): Promise<Outcome> => {
    if (last && now() - last.at < cacheMs) return last;
    inFlight ??= probe().then((o) => (o.ready && report(o), (last = o), (inFlight = undefined), o));
    return inFlight;
  };
}

export function useReadiness(opts: ReadinessOptions): Plugin {
  const check = createReadinessCheck(opts);
  return useReadinessCheck({
    endpoint: opts.endpoint ?? '/ready',
    check: async ({ fetchAPI }) => {
      const { ready, reason } = await check();
      return fetchAPI.Response.json({ ...(ready ? { ready } : { ready, reason }), ...opts.extra?.() }, { status: ready ? 200 : 503 });
    },
  });
}
