/**
 * `useJwtAuth`: optional bearer-JWT verification (off unless AUTH_JWKS_URL or
 * AUTH_JWT_SECRET is set).
 *
 * Contract: every GraphQL request (any method) must carry `Authorization:
 * Bearer <jwt>` whose signature verifies against the JWKS (keys fetched and
 * cached by jose, refetched on an unknown `kid`) or the static key (an HMAC
 * secret, or a PEM SPKI public key), and whose claims hold: `exp` present
 * (AUTH_REQUIRE_EXP) and not passed; `nbf` passed; `iat` not in the future and
 * at most AUTH_MAX_TOKEN_AGE_MS old (then `iat` is required); `exp` at most
 * AUTH_MAX_TOKEN_LIFETIME_MS ahead (so a token minted to last a century is
 * refused even without `iat`); `iss`/`aud` when configured. Each time check
 * tolerates AUTH_CLOCK_SKEW_MS of clock difference. Otherwise: HTTP 401,
 * `WWW-Authenticate: Bearer`, one GraphQL error with code UNAUTHENTICATED and a fixed message (why
 * the token failed goes nowhere near the client), and no upstream call. When
 * the JWKS cannot be fetched (unreachable, timeout, non-200, not a key set) the
 * token was never judged: HTTP 503 with code AUTH_UNAVAILABLE instead, so
 * clients retry rather than drop their token, and a warn line for operators.
 * The verified claims are `context.auth`. `/health`, `/ready` and the GraphiQL
 * page itself are not GraphQL requests and stay open (GraphiQL sends the
 * header from its headers editor).
 */
import { createRemoteJWKSet, importSPKI, jwtVerify, type JWTPayload, type JWTVerifyGetKey, type JWTVerifyOptions } from 'jose';
import { createGraphQLError, type Plugin, type YogaLogger } from 'graphql-yoga';

export interface JwtAuthOptions {
  jwksUrl?: string;
  /** HMAC secret, or a PEM public key (`-----BEGIN PUBLIC KEY-----`). */
  secret?: string;
  issuer?: string;
  audience?: string;
  /** Refuse tokens without `exp` (default true). */
  requireExp?: boolean;
  /** Most age (now − `iat`); `iat` is then required. 0 or unset: unbounded. */
  maxTokenAgeMs?: number;
  /** Most remaining validity (`exp` − now). 0 or unset: unbounded. */
  maxTokenLifetimeMs?: number;
  clockSkewMs?: number;
}

const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
const HMAC = ['HS256', 'HS384', 'HS512'];

export const isAuthEnabled = (o: JwtAuthOptions) => !!(o.jwksUrl || o.secret);

/** The JWKS could not be had: nothing is known about the token. */
class KeysUnavailable extends Error {}

/** What the JWKS getter throws because of the token itself (its `kid`/`alg`); anything else is the JWKS fetch failing. */
const TOKEN_FAULTS = new Set(['ERR_JWKS_NO_MATCHING_KEY', 'ERR_JWKS_MULTIPLE_MATCHING_KEYS', 'ERR_JOSE_NOT_SUPPORTED']);

function remoteKeys(url: string): JWTVerifyGetKey {
  const jwks = createRemoteJWKSet(new URL(url));
  return async (header, token) => {
    try {
      return await jwks(header, token);
    } catch (e) {
      if (TOKEN_FAULTS.has((e as { code?: string }).code ?? '')) throw e;
      throw new KeysUnavailable(`JWKS ${url}: ${(e as Error).message ?? e}`, { cause: e });
    }
  };
}

function keyOf(o: JwtAuthOptions): { key: Uint8Array | JWTVerifyGetKey; algorithms: string[] } {
  if (o.jwksUrl) return { key: remoteKeys(o.jwksUrl), algorithms: ASYMMETRIC };
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

function unavailable() {
  return createGraphQLError('Authentication is unavailable: the signing keys could not be fetched. Try again shortly.', {
    extensions: { code: 'AUTH_UNAVAILABLE', http: { status: 503 } },
  });
}

/** jose's verify options, and the checks jose does not make (a future `iat` without maxTokenAge, a far `exp`). */
function claimRules(o: JwtAuthOptions) {
  const skew = (o.clockSkewMs ?? 0) / 1000;
  const verify: JWTVerifyOptions = {
    issuer: o.issuer,
    audience: o.audience,
    clockTolerance: skew,
    requiredClaims: o.requireExp === false ? [] : ['exp'],
    ...(o.maxTokenAgeMs ? { maxTokenAge: o.maxTokenAgeMs / 1000 } : {}),
  };
  const holds = ({ iat, exp }: JWTPayload, now = Date.now() / 1000) =>
    !(iat !== undefined && iat > now + skew) && !(o.maxTokenLifetimeMs && exp !== undefined && exp - now > o.maxTokenLifetimeMs / 1000 + skew);
  return { verify, holds };
}

export function useJwtAuth(opts: JwtAuthOptions, logger: Pick<YogaLogger, 'warn'> = console): Plugin<{ auth?: JWTPayload }> {
  const { key, algorithms } = keyOf(opts);
  const rules = claimRules(opts);
  const claims = new WeakMap<Request, JWTPayload>();
  return {
    async onRequestParse({ request }) {
      const header = request.headers.get('authorization') ?? '';
      const token = /^Bearer ([\w-]+\.[\w-]+\.[\w-]*)$/i.exec(header.trim())?.[1];
      if (!token) throw unauthenticated('Authentication required: send `Authorization: Bearer <token>`.');
      try {
        const verify = { ...rules.verify, algorithms };
        const { payload } =
          typeof key === 'function' ? await jwtVerify(token, key, verify) : await jwtVerify(token, key, verify);
        if (!rules.holds(payload)) throw new Error('token times out of bounds');
        claims.set(request, payload);
      } catch (e) {
        if (e instanceof KeysUnavailable) {
          logger.warn(`auth: ${e.message}`);
          throw unavailable();
        }
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
