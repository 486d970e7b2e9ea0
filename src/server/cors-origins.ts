/**
 * The syntax of a CORS_ORIGINS entry, and matching a request's `Origin` header
 * against the list (used by cors.ts).
 *
 * An entry is `*` (any origin), or an origin as browsers send it,
 * `scheme://host[:port]` with no path, where the port may be `*` (any port:
 * `http://localhost:*`). Matching is exact otherwise (case-insensitive): no
 * subdomain wildcards, which are the usual way an allow-list lets in more than
 * meant.
 */
import { z } from 'zod';

const ENTRY = /^(\*|[a-z][a-z0-9+.-]*:\/\/(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:(\d{1,5}|\*))?)$/;

export const CORS_ORIGIN = {
  schema: z.string().trim().toLowerCase().regex(ENTRY),
  accepts: 'origins (scheme://host[:port], the port may be *) or *',
};

/** The development default: pages served from this machine, on any port. */
export const LOOPBACK_ORIGINS = ['http://localhost:*', 'http://127.0.0.1:*', 'http://[::1]:*'];

export type OriginMatcher = (origin: string) => boolean;

export function createOriginMatcher(allowed: readonly string[]): OriginMatcher {
  if (allowed.includes('*')) return () => true;
  const exact = new Set(allowed.filter((a) => !a.endsWith(':*')));
  const anyPort = allowed.filter((a) => a.endsWith(':*')).map((a) => a.slice(0, -1));
  return (origin) => {
    const o = origin.toLowerCase();
    if (exact.has(o)) return true;
    return anyPort.some((prefix) => o === prefix.slice(0, -1) || (o.startsWith(prefix) && /^\d{1,5}$/.test(o.slice(prefix.length))));
  };
}
