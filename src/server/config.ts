/**
 * Gateway configuration: every setting, its environment variable and default.
 * `loadConfig` is pure (it reads the object it is given), so tests build configs
 * without touching `process.env`; only main.ts passes the real environment.
 */
export interface GatewayConfig {
  port: number;
  host: string;
  /** GraphQL endpoint path. */
  path: string;
  production: boolean;
  graphiql: boolean;
  /** Serve the execution explorer page at /explorer (src/server/explorer.ts). */
  explorer: boolean;
  ssm: {
    region?: string;
    /** Overrides the SSM endpoint; the SDK also honours AWS_ENDPOINT_URL_SSM by itself. */
    endpoint?: string;
    maxAttempts: number;
    maxConcurrency: number;
    requestTimeoutMs: number;
    maxCallsPerRequest: number;
  };
  cache: { maxEntries: number; maxBytes: number; terminalTtlMs: number; mutableTtlMs: number };
  /** Serve a repeated identical query from its cached response while every entry it was built from is fresh. */
  responseCache: boolean;
  connections: { defaultFirst: number; maxFirst: number; maxEmptyPages: number };
  cursors: { secret?: string; ttlMs: number };
  /** Apollo Federation (docs/federation.md). */
  federation: {
    /** Serve the subgraph schema (`_service`, `_entities`, ftv1 traces) instead of the standalone one. */
    subgraph: boolean;
    /** Expose the Relay `node`/`nodes` root fields. */
    relayNodeFields: boolean;
  };
  /** Pre-execution limits on what one operation may ask for (see cost-limit.ts, query-limits.ts). */
  limits: {
    /** Most estimated upstream calls per operation; 0 disables the check. */
    maxQueryCost: number;
    maxDepth: number;
    maxAliases: number;
    maxTokens: number;
    maxBodyBytes: number;
    /** Whole-request deadline for upstream work; 0 disables it. */
    requestTimeoutMs: number;
  };
  security: {
    introspection: boolean;
    /** Reject requests a browser could send cross-site without a preflight (see gateway.ts). */
    csrfPrevention: boolean;
    /** Hide "Did you mean ...?" suggestions in validation errors. */
    blockFieldSuggestions: boolean;
  };
  /** Bearer JWT verification; off when neither jwksUrl nor secret is set. */
  auth: { jwksUrl?: string; secret?: string; issuer?: string; audience?: string };
  readiness: { cacheMs: number };
  shutdown: { timeoutMs: number };
}

type Env = Record<string, string | undefined>;

/** [environment variable, default, description] for the README's configuration table. */
export const SETTINGS = {
  PORT: ['4000', 'HTTP port'],
  HOST: ['0.0.0.0', 'Interface to listen on'],
  GRAPHQL_PATH: ['/graphql', 'Endpoint path'],
  NODE_ENV: ['development', '`production` turns GraphiQL off unless GRAPHIQL=true'],
  PRODUCTION: ['false', '`true` (or NODE_ENV=production) turns on production mode: no GraphiQL, no introspection, CSRF prevention, no field suggestions, no upstream error names'],
  GRAPHIQL: ['true (false in production)', 'Serve GraphiQL at the endpoint (assets from the package, no CDN)'],
  EXPLORER: ['true (false in production)', 'Serve the execution explorer page at `/explorer` (built assets, no CDN; `npm run build:explorer`)'],
  INTROSPECTION: ['true (false in production)', 'Answer introspection queries (`__schema`, `__type`)'],
  CSRF_PREVENTION: ['false (true in production)', 'Refuse GraphQL requests a browser sends without a preflight: a JSON (or other non-simple) content type or an `x-graphql-csrf` header is required'],
  BLOCK_FIELD_SUGGESTIONS: ['false (true in production)', 'Remove "Did you mean ...?" from validation errors'],
  MAX_QUERY_COST: ['5000', 'Most estimated upstream calls per operation; above it QUERY_TOO_EXPENSIVE before any call (0 disables)'],
  MAX_DEPTH: ['20', 'Deepest field nesting accepted (QUERY_TOO_DEEP); a Relay connection adds two levels (edges, node)'],
  MAX_ALIASES: ['30', 'Most aliases per operation (TOO_MANY_ALIASES)'],
  MAX_TOKENS: ['3000', 'Most lexical tokens per document (QUERY_TOO_LARGE)'],
  MAX_BODY_BYTES: ['102400', 'Largest request body; 413 above it'],
  REQUEST_TIMEOUT_MS: ['20000', 'Whole-request deadline: upstream calls still pending then fail with TIMEOUT (0 disables)'],
  AUTH_JWKS_URL: ['-', 'Verify bearer JWTs against this JWKS (auth is off unless this or AUTH_JWT_SECRET is set)'],
  AUTH_JWT_SECRET: ['-', 'Verify bearer JWTs with this HMAC secret, or a PEM public key (`-----BEGIN PUBLIC KEY-----`)'],
  AUTH_ISSUER: ['-', 'Required `iss` claim'],
  AUTH_AUDIENCE: ['-', 'Required `aud` claim'],
  READINESS_CACHE_MS: ['30000', 'How long `/ready` reuses its last upstream check'],
  SHUTDOWN_TIMEOUT_MS: ['25000', 'On SIGTERM, how long in-flight requests may take before connections are cut'],
  AWS_REGION: ['SDK default chain', 'Region of the SSM client (AWS_PROFILE and the rest of the standard chain apply)'],
  SSM_ENDPOINT: ['-', 'SSM endpoint override (AWS_ENDPOINT_URL_SSM works too)'],
  SSM_MAX_ATTEMPTS: ['4', 'Attempts per upstream call, adaptive retry mode'],
  SSM_MAX_CONCURRENCY: ['16', 'Upstream calls in flight at once, across all requests'],
  SSM_REQUEST_TIMEOUT_MS: ['10000', 'Abandon one upstream attempt after this long'],
  SSM_MAX_CALLS_PER_REQUEST: ['500', 'Upstream calls one GraphQL request may make (runtime backstop)'],
  CACHE_MAX_ENTRIES: ['10000', 'Cross-request cache: most entries'],
  CACHE_MAX_BYTES: ['67108864', 'Cross-request cache: most bytes (JSON size of entries)'],
  CACHE_TTL_TERMINAL_MS: ['600000', 'TTL of data that can no longer change (terminal executions and their children)'],
  CACHE_TTL_MUTABLE_MS: ['5000', 'TTL of data that can change (lists, executions in progress); 0 disables'],
  RESPONSE_CACHE: ['true', 'Answer a repeated identical query (document, operation, variables) from its cached response while every cache entry it was built from is still fresh; never responses with errors'],
  PAGE_DEFAULT_FIRST: ['25', '`first` when a connection is given neither `first` nor `last`'],
  PAGE_MAX_FIRST: ['500', 'Largest `first`/`last` accepted'],
  PAGE_MAX_EMPTY: ['20', 'Empty upstream pages (with a NextToken) followed in a row before a connection ends early'],
  CURSOR_SECRET: ['random per process', 'HMAC key of cursors; set it to share cursors across instances and restarts'],
  CURSOR_TTL_MS: ['3600000', 'Cursor lifetime'],
  SUBGRAPH: ['false', 'Serve as an Apollo Federation 2 subgraph: `_service`, `_entities`, ftv1 traces when the router asks (docs/federation.md)'],
  RELAY_NODE_FIELDS: ['true (false when SUBGRAPH=true)', 'Expose the Relay `node`/`nodes` root fields (they do not compose beside another subgraph that has them)'],
} as const satisfies Record<string, readonly [string, string]>;

export function loadConfig(env: Env = {}): GatewayConfig {
  const int = (name: keyof typeof SETTINGS, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
    return n;
  };
  const production = env.NODE_ENV === 'production' || env.PRODUCTION === 'true';
  /** An explicit `true`/`false` wins; otherwise the mode's default. */
  const flag = (name: keyof typeof SETTINGS, fallback: boolean) => (env[name] ? env[name] === 'true' : fallback);
  return {
    port: int('PORT', 4000),
    host: env.HOST || '0.0.0.0',
    path: env.GRAPHQL_PATH || '/graphql',
    production,
    graphiql: flag('GRAPHIQL', !production),
    explorer: flag('EXPLORER', !production),
    ssm: {
      region: env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined,
      endpoint: env.SSM_ENDPOINT || undefined,
      maxAttempts: int('SSM_MAX_ATTEMPTS', 4),
      maxConcurrency: int('SSM_MAX_CONCURRENCY', 16),
      requestTimeoutMs: int('SSM_REQUEST_TIMEOUT_MS', 10_000),
      maxCallsPerRequest: int('SSM_MAX_CALLS_PER_REQUEST', 500),
    },
    cache: {
      maxEntries: int('CACHE_MAX_ENTRIES', 10_000),
      maxBytes: int('CACHE_MAX_BYTES', 64 * 1024 * 1024),
      terminalTtlMs: int('CACHE_TTL_TERMINAL_MS', 600_000),
      mutableTtlMs: int('CACHE_TTL_MUTABLE_MS', 5_000),
    },
    responseCache: flag('RESPONSE_CACHE', true),
    connections: {
      defaultFirst: int('PAGE_DEFAULT_FIRST', 25),
      maxFirst: int('PAGE_MAX_FIRST', 500),
      maxEmptyPages: int('PAGE_MAX_EMPTY', 20),
    },
    cursors: { secret: env.CURSOR_SECRET || undefined, ttlMs: int('CURSOR_TTL_MS', 3_600_000) },
    federation: {
      subgraph: env.SUBGRAPH === 'true',
      relayNodeFields: env.RELAY_NODE_FIELDS ? env.RELAY_NODE_FIELDS === 'true' : env.SUBGRAPH !== 'true',
    },
    limits: {
      maxQueryCost: int('MAX_QUERY_COST', 5_000),
      maxDepth: int('MAX_DEPTH', 20),
      maxAliases: int('MAX_ALIASES', 30),
      maxTokens: int('MAX_TOKENS', 3_000),
      maxBodyBytes: int('MAX_BODY_BYTES', 100 * 1024),
      requestTimeoutMs: int('REQUEST_TIMEOUT_MS', 20_000),
    },
    security: {
      introspection: flag('INTROSPECTION', !production),
      csrfPrevention: flag('CSRF_PREVENTION', production),
      blockFieldSuggestions: flag('BLOCK_FIELD_SUGGESTIONS', production),
    },
    auth: {
      jwksUrl: env.AUTH_JWKS_URL || undefined,
      secret: env.AUTH_JWT_SECRET || undefined,
      issuer: env.AUTH_ISSUER || undefined,
      audience: env.AUTH_AUDIENCE || undefined,
    },
    readiness: { cacheMs: int('READINESS_CACHE_MS', 30_000) },
    shutdown: { timeoutMs: int('SHUTDOWN_TIMEOUT_MS', 25_000) },
  };
}
