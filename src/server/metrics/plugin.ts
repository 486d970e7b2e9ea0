/**
 * `useMetrics`: GET `/metrics` answers the gateway's registry (registry.ts) in
 * Prometheus' text format; nothing here reaches SSM or Redis.
 *
 * With METRICS_TOKEN set, a request without `Authorization: Bearer <token>`
 * gets 401 (compared in constant time). JWT auth does not apply: Prometheus
 * scrapes with a static token, not a user's JWT. Other methods: 405.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import type { GatewayMetrics } from './registry.ts';

export const METRICS_PATH = '/metrics';

export function useMetrics(metrics: GatewayMetrics, { token }: { token?: string }): Plugin {
  const expected = token ? Buffer.from(`Bearer ${token}`) : undefined;
  const allowed = (header: string | null) => {
    if (!expected) return true;
    const given = Buffer.from(header ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  return {
    async onRequest({ url, request, endResponse, fetchAPI }) {
      if (url.pathname !== METRICS_PATH) return;
      const text = (body: string, status: number, headers: Record<string, string> = {}) =>
        endResponse(new fetchAPI.Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers } }));
      if (request.method !== 'GET' && request.method !== 'HEAD') return text('Method not allowed\n', 405, { allow: 'GET, HEAD' });
      if (!allowed(request.headers.get('authorization'))) return text('Unauthorized\n', 401, { 'www-authenticate': 'Bearer' });
      const body = await metrics.registry.metrics();
      return endResponse(new fetchAPI.Response(request.method === 'HEAD' ? null : body, { status: 200, headers: { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' } }));
    },
  };
}
