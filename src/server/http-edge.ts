/**
 * The plugins at the HTTP edge of the gateway, first in its plugin list (their
 * `onRequest` hooks run before readiness, CSRF and auth; the request log's
 * `onExecute` before the response cache answers): request ID and access log,
 * CORS, malformed parameters as 400s, and (production) no suggestions.
 */
import type { Plugin } from 'graphql-yoga';
import type { GatewayConfig } from './config.ts';
import { useCors } from './cors.ts';
import type { Log } from './log.ts';
import { useMalformedParamsAre400 } from './request-params.ts';
import { useRequestLog, type RequestRecord } from './request-log.ts';
import { useHideSuggestions } from './suggestions.ts';

export function useHttpEdge(config: Pick<GatewayConfig, 'path' | 'cors' | 'security'>, log: Log, observe?: (r: RequestRecord) => void): Plugin[] {
  return [
    useRequestLog({ log, path: config.path, observe }),
    useCors(config.cors),
    useMalformedParamsAre400(),
    ...(config.security.blockFieldSuggestions ? [useHideSuggestions()] : []),
  ];
}
