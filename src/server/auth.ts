/**
 * `useJwtAuth`: optional bearer-JWT verification (off unless AUTH_JWKS_URL or
 * AUTH_JWT_SECRET is set).
 *
 * Contract: every GraphQL request (any method) must carry `Authorization:
 * Bearer <jwt>` whose signature verifies against the JWKS (keys fetched and
 * cached by jose, refetched on an unknown `kid`) or the static key (an HMAC
 * secret, or a PEM SPKI public key), and whose `exp`/`nbf` and, when
 * configured, `iss`/`aud` hold. Otherwise: HTTP 401, `WWW-Authenticate:
 * Bearer`, one GraphQL error with code UNAUTHENTICATED and a fixed message (why
 * the token failed goes nowhere near the client), and no upstream call. The
 * verified claims are `context.auth`. `/health`, `/ready` and the GraphiQL page
 * itself are not GraphQL requests and stay open (GraphiQL sends the header
 * from its headers editor).
 */
import { createRemoteJWKSet, importSPKI, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

export interface JwtAuthOptions {
  jwksUrl?: string;
  /** HMAC secret, or a PEM public key (`-----BEGIN PUBLIC KEY-----`). */
  secret?: string;
  issuer?: string;
  audience?: string;
}

const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
const HMAC = ['HS256', 'HS384', 'HS512'];

export const isAuthEnabled = (o: JwtAuthOptions) => !!(o.jwksUrl || o.secret);

function keyOf(o: JwtAuthOptions): { key: Uint8Array | JWTVerifyGetKey; algorithms: string[] } {
  if (o.jwksUrl) return { key: createRemoteJWKSet(new URL(o.jwksUrl)), algorithms: ASYMMETRIC };
  const secret = o.secret!;
  if (secret.startsWith('-----BEGIN')) {
    const imported = new Map<string, Promise<CryptoKey>>();
    return { key: ({ alg }) => imported.get(alg) ?? imported.set(alg, importSPKI(secret, alg)).get(alg)!, algorithms: ASYMMETRIC };
  }
  return { key: new TextEncoder().encode(secret), algorithms: HMAC };
}

function unauthenticated(message: string) {
  return createGraphQLError(message, {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } } },
  });
}

export function useJwtAuth(opts: JwtAuthOptions): Plugin<{ auth?: JWTPayload }> {
  const { key, algorithms } = keyOf(opts);
  const claims = new WeakMap<Request, JWTPayload>();
  return {
    async onRequestParse({ request }) {
      const header = request.headers.get('authorization') ?? '';
      const token = /^Bearer ([\w-]+\.[\w-]+\.[\w-]*)$/i.exec(header.trim())?.[1];
      if (!token) throw unauthenticated('Authentication required: send `Authorization: Bearer <token>`.');
      try {
        const verify = { algorithms, issuer: opts.issuer, audience: opts.audience };
        const { payload } =
          typeof key === 'function' ? await jwtVerify(token, key, verify) : await jwtVerify(token, key, verify);
        claims.set(request, payload);
      } catch {
        throw unauthenticated('Invalid or expired token.');
      }
    },
    onContextBuilding({ context, extendContext }) {
      const request = (context as { request?: Request }).request;
      const auth = request && claims.get(request);
      if (auth) extendContext({ auth });
    },
  };
}
