/**
 * `useCors`: cross-origin access for browsers from an allow-list
 * (CORS_ORIGINS, CORS_CREDENTIALS), in place of Yoga's default CORS, which
 * answers any Origin with itself and `Access-Control-Allow-Credentials: true`.
 *
 * Contract:
 * - A preflight (OPTIONS with `Origin`) from an allowed origin: 204 with
 *   `Access-Control-Allow-Origin` (the origin; `*` when the list is `*`),
 *   `-Allow-Methods: GET, POST`, `-Allow-Headers` (those requested),
 *   `-Max-Age: 600`, and `-Allow-Credentials: true` only with CORS_CREDENTIALS.
 * - A preflight from any other origin: 403 with no CORS header, so the browser
 *   never sends the request. An OPTIONS without `Origin` is no preflight: 204
 *   with `Allow`.
 * - Any other response to an allowed origin carries `Access-Control-Allow-Origin`
 *   (and `-Credentials`), and exposes `x-request-id`; to any other origin, no
 *   CORS header, so the browser keeps the response from the page. Same-origin
 *   pages (GraphiQL) need none.
 * - `Vary: Origin` on every answer that depends on the origin.
 * A foreign page's simple requests (no preflight) are not refused here:
 * stopping those is CSRF prevention's job (production).
 */
import type { Plugin } from 'graphql-yoga';
import { createOriginMatcher } from './cors-origins.ts';
import { REQUEST_ID_HEADER } from './request-log.ts';

export interface CorsOptions {
  origins: readonly string[];
  credentials: boolean;
}

const METHODS = 'GET, POST';

export function useCors({ origins, credentials }: CorsOptions): Plugin {
  const allowed = createOriginMatcher(origins);
  const wildcard = origins.includes('*');
  /** The CORS headers for a request from `origin`, or none when it is not allowed. */
  const headersFor = (origin: string | null): Record<string, string> => {
    if (!origin || !allowed(origin)) return {};
    return {
      'access-control-allow-origin': wildcard ? '*' : origin,
      ...(credentials ? { 'access-control-allow-credentials': 'true' } : {}),
    };
  };
  const vary = (headers: Headers) => {
    if (!wildcard && origins.length) headers.append('vary', 'Origin');
  };
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      if (request.method !== 'OPTIONS') return;
      const origin = request.headers.get('origin');
      const cors = headersFor(origin);
      let response: Response;
      if (!origin) response = new fetchAPI.Response(null, { status: 204, headers: { allow: `${METHODS}, OPTIONS`, 'content-length': '0' } });
      else if (!cors['access-control-allow-origin']) response = new fetchAPI.Response(null, { status: 403, headers: { 'content-length': '0' } });
      else {
        const requested = request.headers.get('access-control-request-headers');
        response = new fetchAPI.Response(null, {
          status: 204,
          headers: {
            ...cors,
            'access-control-allow-methods': METHODS,
            ...(requested ? { 'access-control-allow-headers': requested } : {}),
            'access-control-max-age': '600',
            // Safari waits for a body on a 204 without it.
            'content-length': '0',
          },
        });
        if (requested) response.headers.append('vary', 'Access-Control-Request-Headers');
      }
      vary(response.headers);
      endResponse(response);
    },
    onResponse({ request, response }) {
      if (request.method === 'OPTIONS') return;
      const cors = headersFor(request.headers.get('origin'));
      for (const [name, value] of Object.entries(cors)) response.headers.set(name, value);
      if (cors['access-control-allow-origin']) response.headers.set('access-control-expose-headers', REQUEST_ID_HEADER);
      vary(response.headers);
    },
  };
}
