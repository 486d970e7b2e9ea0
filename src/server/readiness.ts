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
 * THROTTLED counts as ready: SSM answered and the credentials resolved; the
 * account's rate limit is shared by every replica, so failing on it would take
 * them all out of service at once, for a condition no restart or reroute fixes.
 */
import { useReadinessCheck, type Plugin } from 'graphql-yoga';
import { SsmError } from '../ssm/errors.ts';
import type { Upstream } from '../ssm/upstream.ts';
import { createWaitBound } from './wait-bound.ts';

export interface ReadinessOptions {
  upstream: Upstream;
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

export function createReadinessCheck({ upstream, cacheMs, timeoutMs = 5_000, now = Date.now }: ReadinessOptions) {
  let last: Outcome | undefined;
  let inFlight: Promise<Outcome> | undefined;
  const probe = async (): Promise<Outcome> => {
    try {
      const wait = upstream.call('ListAssociations', { MaxResults: 1 });
      await (createWaitBound({ timeoutMs })?.(wait, 'ListAssociations') ?? wait);
      return { ready: true, at: now() };
    } catch (e) {
      if (e instanceof SsmError && e.kind === 'THROTTLED') return { ready: true, at: now() };
      return { ready: false, reason: e instanceof SsmError ? e.kind : 'UNKNOWN', at: now() };
    }
  };
  return async (): Promise<Outcome> => {
    if (last && now() - last.at < cacheMs) return last;
    inFlight ??= probe().then((o) => ((last = o), (inFlight = undefined), o));
    return inFlight;
  };
}

export function useReadiness(opts: ReadinessOptions): Plugin {
  const check = createReadinessCheck(opts);
  return useReadinessCheck({
    endpoint: opts.endpoint ?? '/ready',
    check: async ({ fetchAPI }) => {
      const { ready, reason } = await check();
      return fetchAPI.Response.json(ready ? { ready } : { ready, reason }, { status: ready ? 200 : 503 });
    },
  });
}
