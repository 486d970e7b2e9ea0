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
  connections: { defaultFirst: number; maxFirst: number; maxEmptyPages: number };
  cursors: { secret?: string; ttlMs: number };
}

type Env = Record<string, string | undefined>;

/** [environment variable, default, description] for the README's configuration table. */
export const SETTINGS = {
  PORT: ['4000', 'HTTP port'],
  HOST: ['0.0.0.0', 'Interface to listen on'],
  GRAPHQL_PATH: ['/graphql', 'Endpoint path'],
  NODE_ENV: ['development', '`production` turns GraphiQL off unless GRAPHIQL=true'],
  GRAPHIQL: ['true (false in production)', 'Serve GraphiQL at the endpoint (assets from the package, no CDN)'],
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
  PAGE_DEFAULT_FIRST: ['25', '`first` when a connection is given neither `first` nor `last`'],
  PAGE_MAX_FIRST: ['500', 'Largest `first`/`last` accepted'],
  PAGE_MAX_EMPTY: ['20', 'Empty upstream pages (with a NextToken) followed in a row before a connection ends early'],
  CURSOR_SECRET: ['random per process', 'HMAC key of cursors; set it to share cursors across instances and restarts'],
  CURSOR_TTL_MS: ['3600000', 'Cursor lifetime'],
} as const satisfies Record<string, readonly [string, string]>;

export function loadConfig(env: Env = {}): GatewayConfig {
  const int = (name: keyof typeof SETTINGS, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
    return n;
  };
  const production = env.NODE_ENV === 'production';
  return {
    port: int('PORT', 4000),
    host: env.HOST || '0.0.0.0',
    path: env.GRAPHQL_PATH || '/graphql',
    production,
    graphiql: env.GRAPHIQL ? env.GRAPHIQL === 'true' : !production,
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
    connections: {
      defaultFirst: int('PAGE_DEFAULT_FIRST', 25),
      maxFirst: int('PAGE_MAX_FIRST', 500),
      maxEmptyPages: int('PAGE_MAX_EMPTY', 20),
    },
    cursors: { secret: env.CURSOR_SECRET || undefined, ttlMs: int('CURSOR_TTL_MS', 3_600_000) },
  };
}
