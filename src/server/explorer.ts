/**
 * `useExplorer`: serves the execution explorer page (src/explorer/, built by
 * `npm run build:explorer` into EXPLORER_DIST) at EXPLORER_PATH, beside GraphiQL.
 *
 * Contract:
 * - GET/HEAD `/explorer` and `/explorer/` answer the page's index.html with
 *   `cache-control: no-cache` (it names the current hashed bundles), with the
 *   page's `graphql-endpoint` meta set to this gateway's GRAPHQL_PATH;
 *   `/explorer/assets/*` answer the built file with its content type and
 *   `immutable` caching (their names carry a content hash). Anything else under
 *   the path is 404; other methods 405. Nothing here reaches SSM.
 * - The server imports no frontend code: it reads the build output from disk on
 *   each request, so a rebuild is picked up without a restart. When the page is
 *   not built, `/explorer` answers 503 with how to build it.
 * - Every answer carries a strict Content-Security-Policy: the page loads only
 *   its own files and talks only to this origin.
 */
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'graphql-yoga';

export const EXPLORER_PATH = '/explorer';
/** Where `npm run build:explorer` writes the page (gitignored). */
export const EXPLORER_DIST = fileURLToPath(new URL('../../dist/explorer/', import.meta.url));
/** The meta tag of index.html that tells the page where to send its queries. */
export const ENDPOINT_META = 'graphql-endpoint';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
};

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export interface ExplorerOptions {
  /** The GraphQL endpoint the page queries (GRAPHQL_PATH). */
  graphqlPath: string;
  /** The build output to serve; EXPLORER_DIST unless a test or bench says otherwise. */
  dir?: string;
}

export function useExplorer({ graphqlPath, dir = EXPLORER_DIST }: ExplorerOptions): Plugin {
  const root = normalize(dir.endsWith(sep) ? dir : dir + sep);
  return {
    async onRequest({ url, request, endResponse, fetchAPI }) {
      if (url.pathname !== EXPLORER_PATH && !url.pathname.startsWith(`${EXPLORER_PATH}/`)) return;
      const reply = (body: BodyInit | null, status: number, headers: Record<string, string>) =>
        endResponse(new fetchAPI.Response(request.method === 'HEAD' ? null : body, { status, headers: { ...SECURITY_HEADERS, ...headers } }));
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        return reply('Method not allowed\n', 405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      }
      const rest = url.pathname.slice(EXPLORER_PATH.length);
      const isIndex = rest === '' || rest === '/';
      const file = isIndex ? join(root, 'index.html') : normalize(join(root, safeDecode(rest)));
      // Only built assets: never a path that climbs out of the build directory.
      if (!isIndex && (!file.startsWith(`${root}assets${sep}`) || !CONTENT_TYPES[extname(file)])) {
        return reply('Not found\n', 404, { 'content-type': 'text/plain; charset=utf-8' });
      }
      let body: Buffer;
      try {
        body = await readFile(file);
      } catch {
        if (isIndex) return reply(NOT_BUILT, 503, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
        return reply('Not found\n', 404, { 'content-type': 'text/plain; charset=utf-8' });
      }
      if (isIndex) {
        const html = body.toString('utf8').replace(ENDPOINT_TAG, `$1${escapeAttribute(graphqlPath)}$2`);
        return reply(html, 200, { 'content-type': CONTENT_TYPES['.html'], 'cache-control': 'no-cache' });
      }
      return reply(new Uint8Array(body), 200, {
        'content-type': CONTENT_TYPES[extname(file)],
        'cache-control': 'public, max-age=31536000, immutable',
      });
    },
  };
}

const ENDPOINT_TAG = new RegExp(`(<meta name="${ENDPOINT_META}" content=")[^"]*(")`);

const NOT_BUILT =
  'The explorer page is not built. Build it with `npm run build:explorer` (npm run demo builds it too), then reload.\n';

/** A malformed escape (`%E0`) names no file; it must not throw out of onRequest, which Yoga does not catch. */
const safeDecode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return '\0';
  }
};

const escapeAttribute = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
