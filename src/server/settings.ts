/**
 * Every setting of the gateway, declared once: its environment variable, kind
 * (parser and what it accepts), default and documentation. The tree's shape is
 * `GatewayConfig`'s (config.ts); the README's configuration table and
 * docs/production.md's settings table are generated from it
 * (`npm run docs:config`). Adding a setting is adding one declaration here.
 * Order here is the order of the tables.
 */
import { CORS_ORIGIN, LOOPBACK_ORIGINS } from './cors-origins.ts';
import { REGION_CODE, ROLE_ARN } from './locations-config.ts';
import { derived, flag, inProduction, int, list, oneOf, text, url, whenTrue } from './setting-kinds.ts';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;

/**
 * How much further than the runtime cap an estimate may go: a query the cap cuts
 * is answered in part with cursors to resume, so only one whose worst case
 * would take more than this many resumed requests is refused outright.
 */
export const ESTIMATE_TO_CAP = 10;

export const SETTINGS = {
  port: int({ env: 'PORT', default: 4000, max: 65_535, doc: 'HTTP port' }),
  host: text({ env: 'HOST', default: '0.0.0.0', doc: 'Interface to listen on' }),
  path: text({ env: 'GRAPHQL_PATH', default: '/graphql', doc: 'Endpoint path' }),
  nodeEnv: text({ env: 'NODE_ENV', default: 'development', doc: '`production` turns on production mode (as PRODUCTION=true does)' }),
  production: flag({
    env: 'PRODUCTION',
    default: derived('NODE_ENV', (nodeEnv: string) => nodeEnv === 'production', 'false (true when NODE_ENV=production)'),
    doc: 'Production mode: no GraphiQL, no introspection, CSRF prevention, no suggestions, no upstream error names, CURSOR_SECRET required, no cross-origin access by default',
    production: true,
  }),
  graphiql: flag({ env: 'GRAPHIQL', default: inProduction(false, true), doc: 'Serve GraphiQL at the endpoint (assets from the package, no CDN)', production: true }),
  explorer: flag({
    env: 'EXPLORER',
    default: inProduction(false, true),
    doc: 'Serve the execution explorer page at `/explorer` (built assets, no CDN; `npm run build:explorer`)',
    production: true,
  }),
  security: {
    introspection: flag({ env: 'INTROSPECTION', default: inProduction(false, true), doc: 'Answer introspection queries (`__schema`, `__type`; `__typename` always works)', production: true }),
    csrfPrevention: flag({
      env: 'CSRF_PREVENTION',
      default: inProduction(true, false),
      doc: 'Refuse GraphQL requests a browser sends without a preflight: a JSON (or other non-simple) content type or an `x-graphql-csrf` header is required',
      production: true,
    }),
    blockFieldSuggestions: flag({
      env: 'BLOCK_FIELD_SUGGESTIONS',
      default: inProduction(true, false),
      doc: 'Remove "Did you mean …?" from every error: unknown fields, arguments, types, enum values and input fields, in documents and in variables',
      production: true,
    }),
  },
  cors: {
    origins: list(CORS_ORIGIN, {
      env: 'CORS_ORIGINS',
      default: inProduction([], LOOPBACK_ORIGINS),
      doc: 'Browser origins allowed to call the API from another origin (CORS); `none`: same origin only (preflights refused, no CORS headers). `*` any origin, only without CORS_CREDENTIALS',
      production: true,
    }),
    credentials: flag({
      env: 'CORS_CREDENTIALS',
      default: false,
      doc: 'Send `Access-Control-Allow-Credentials: true` to allowed origins (cookies, HTTP auth); a bearer token needs no credentials mode',
      production: true,
      check: (on, get) => (on && (get('CORS_ORIGINS') as string[]).includes('*') ? 'cannot be on while CORS_ORIGINS allows * (browsers refuse credentials with a wildcard): list the origins' : undefined),
    }),
  },
  limits: {
    maxQueryCost: int({
      env: 'MAX_QUERY_COST',
      default: derived('SSM_MAX_CALLS_PER_REQUEST', (calls: number) => calls * ESTIMATE_TO_CAP, `${ESTIMATE_TO_CAP} × SSM_MAX_CALLS_PER_REQUEST (5000)`),
      doc: 'Most estimated upstream calls per operation (an upper bound: README, Cost and limits); above: `QUERY_TOO_EXPENSIVE`, no call made. `0` disables',
      production: true,
    }),
    maxFields: int({
      env: 'MAX_FIELDS',
      default: 2_000,
      doc: 'Most fields an operation may select once its fragments are expanded; above: `QUERY_TOO_COMPLEX`, no call made. `0` disables',
      production: true,
    }),
    maxDepth: int({
      env: 'MAX_DEPTH',
      default: 20,
      doc: 'Deepest field nesting (fragments followed; a Relay connection adds two levels, `edges` and `node`; the window-history example is 16 deep): `QUERY_TOO_DEEP`. `0` disables',
      production: true,
    }),
    maxNodeIds: int({
      env: 'MAX_NODE_IDS',
      default: 100,
      min: 1,
      doc: 'Most IDs one `nodes(ids:)` takes (GitHub caps it at 100 too); more: `BAD_USER_INPUT`, no call made',
      production: true,
    }),
    maxAliases: int({ env: 'MAX_ALIASES', default: 30, doc: 'Most aliases per operation (alias bombs): `TOO_MANY_ALIASES`. `0` disables', production: true }),
    maxTokens: int({ env: 'MAX_TOKENS', default: 3_000, doc: 'Most lexical tokens per document, checked while parsing: `QUERY_TOO_LARGE`. `0` disables', production: true }),
    maxBodyBytes: int({ env: 'MAX_BODY_BYTES', default: 100 * 1024, doc: 'Largest request body: HTTP 413, `REQUEST_ENTITY_TOO_LARGE`', production: true }),
    requestTimeoutMs: int({ env: 'REQUEST_TIMEOUT_MS', default: 20_000, doc: 'Whole-request deadline for upstream work: calls still pending fail with `TIMEOUT`. `0` disables', production: true }),
  },
  auth: {
    jwksUrl: url({ env: 'AUTH_JWKS_URL', doc: 'Verify bearer JWTs against this JWKS (RS*, PS*, ES*, EdDSA); auth is off unless this or AUTH_JWT_SECRET is set', production: true }),
    secret: text({ env: 'AUTH_JWT_SECRET', doc: 'Verify bearer JWTs with this HMAC secret (HS256/384/512), or a PEM public key (`-----BEGIN PUBLIC KEY-----`)', production: true }),
    issuer: text({ env: 'AUTH_ISSUER', doc: 'Required `iss` claim', production: true }),
    audience: text({ env: 'AUTH_AUDIENCE', doc: 'Required `aud` claim', production: true }),
    requireExp: flag({ env: 'AUTH_REQUIRE_EXP', default: true, doc: 'Refuse tokens without an `exp` claim', production: true }),
    maxTokenAgeMs: int({ env: 'AUTH_MAX_TOKEN_AGE_MS', default: 86_400_000, doc: 'Refuse tokens issued (`iat`) longer ago than this; `iat` is then required. `0` disables (a future `iat` is refused either way)', production: true }),
    maxTokenLifetimeMs: int({ env: 'AUTH_MAX_TOKEN_LIFETIME_MS', default: 86_400_000, doc: 'Refuse tokens whose `exp` is further ahead than this (a token valid for a century). `0` disables', production: true }),
    clockSkewMs: int({ env: 'AUTH_CLOCK_SKEW_MS', default: 30_000, doc: 'Clock difference with the token issuer tolerated on `exp`, `nbf` and `iat`', production: true }),
  },
  demand: {
    costExtension: flag({
      env: 'COST_EXTENSION',
      default: true,
      doc: 'Add `extensions.cost` (estimated and actual upstream calls, cache hits, the client budget left) to every response',
      production: true,
    }),
    clientCallsPerMinute: int({
      env: 'CLIENT_MAX_CALLS_PER_MINUTE',
      default: 2_000,
      doc: 'Upstream calls one client may cause per minute (cache hits are free); past it: `THROTTLED` with `retryAfterMs`. With REDIS_URL, counted across replicas. `0` disables',
      production: true,
    }),
    clientIdHeader: text({
      env: 'CLIENT_ID_HEADER',
      doc: "Who a client is when auth is off: this request header's value (e.g. `x-forwarded-for` behind a proxy you trust) instead of the peer address; with auth on, the JWT `sub`",
      production: true,
    }),
  },
  readiness: { cacheMs: int({ env: 'READINESS_CACHE_MS', default: 30_000, doc: 'How long `/ready` reuses its last upstream check', production: true }) },
  shutdown: { timeoutMs: int({ env: 'SHUTDOWN_TIMEOUT_MS', default: 25_000, doc: 'On SIGTERM/SIGINT, how long in-flight requests may run before connections are cut', production: true }) },
  log: {
    level: oneOf(LOG_LEVELS, {
      env: 'LOG_LEVEL',
      default: 'info',
      doc: 'Server log: `info` adds one access-log line per GraphQL request (JSON, docs/production.md) to `warn` (upstream failures) and `error` (unexpected errors); `silent` logs nothing',
      production: true,
    }),
  },
  ssm: {
    region: text({ env: 'AWS_REGION', aliases: ['AWS_DEFAULT_REGION'], defaultDoc: 'SDK default chain', doc: 'Region of the SSM client (AWS_DEFAULT_REGION is read too; otherwise AWS_PROFILE\'s config file); checked at start' }),
    endpoint: url({ env: 'SSM_ENDPOINT', doc: 'SSM endpoint override (AWS_ENDPOINT_URL_SSM works too)' }),
    maxAttempts: int({ env: 'SSM_MAX_ATTEMPTS', default: 4, min: 1, doc: 'Attempts per upstream call (the SDK\'s adaptive retry mode; its retry quota refills with time, so retries come back after an error storm)' }),
    maxRps: int({
      env: 'SSM_MAX_RPS',
      default: 100,
      doc: 'Upstream calls that may start in any one-second window, per location (account, region), bursts included; more wait their turn within the request deadline (README, Cost and limits). With REDIS_URL, one budget for all replicas. `0` disables',
    }),
    maxConcurrency: int({
      env: 'SSM_MAX_CONCURRENCY',
      default: derived('SSM_MAX_RPS', (rps: number) => rps || 100, 'SSM_MAX_RPS (100 when that is 0)'),
      min: 1,
      doc: 'Upstream calls in flight at once, per location: as wide as the rate budget, so a wide query runs at its burst',
    }),
    requestTimeoutMs: int({ env: 'SSM_REQUEST_TIMEOUT_MS', default: 10_000, doc: 'Abandon one upstream attempt after this long' }),
    maxCallsPerRequest: int({
      env: 'SSM_MAX_CALLS_PER_REQUEST',
      default: 500,
      doc: 'Upstream calls one GraphQL request may make; past it the rest of the answer is null with `CALL_BUDGET_EXCEEDED` and connections end with a cursor that resumes',
      production: true,
    }),
    regions: list(REGION_CODE, {
      env: 'SSM_REGIONS',
      default: [],
      defaultDoc: 'the SDK region (AWS_REGION)',
      doc: 'Regions served in every account (README, Locations); the first is the home region',
    }),
    accountRoles: list(ROLE_ARN, {
      env: 'SSM_ACCOUNT_ROLES',
      default: [],
      defaultDoc: '-',
      doc: "IAM role ARNs, one per further account, assumed with the base credentials (STS AssumeRole); the base credentials' account is always served",
    }),
    roleSessionName: text({ env: 'SSM_ROLE_SESSION_NAME', default: 'ssm-graph', doc: 'RoleSessionName of the AssumeRole calls (CloudTrail shows it)' }),
    roleDurationSeconds: int({ env: 'SSM_ROLE_DURATION_S', default: 3600, min: 900, max: 43_200, doc: 'DurationSeconds of assumed-role credentials; the SDK refreshes them before they expire' }),
    roleExternalId: text({ env: 'SSM_ROLE_EXTERNAL_ID', doc: "ExternalId sent with every AssumeRole (per account in SSM_GRAPH_CONFIG)" }),
    configFile: text({ env: 'SSM_GRAPH_CONFIG', doc: 'A JSON file of locations: per-account roles, regions and external IDs (README, Locations); must agree with SSM_REGIONS and SSM_ACCOUNT_ROLES' }),
  },
  cache: {
    maxEntries: int({ env: 'CACHE_MAX_ENTRIES', default: 10_000, doc: 'Cross-request cache: most entries' }),
    maxBytes: int({ env: 'CACHE_MAX_BYTES', default: 64 * 1024 * 1024, doc: 'Cross-request cache: most bytes (JSON size of entries)' }),
    terminalTtlMs: int({ env: 'CACHE_TTL_TERMINAL_MS', default: 600_000, doc: 'TTL of data that can no longer change (terminal executions and their children)' }),
    mutableTtlMs: int({ env: 'CACHE_TTL_MUTABLE_MS', default: 5_000, doc: 'TTL of data that can change (lists, executions in progress); 0 disables' }),
  },
  responseCache: flag({
    env: 'RESPONSE_CACHE',
    default: true,
    doc: 'Answer a repeated identical query (document, operation, variables) from its cached response while every cache entry it was built from is still fresh, for at most half of CURSOR_TTL_MS (its cursors keep their issue time); never responses with errors',
  }),
  live: {
    pollMs: int({
      env: 'LIVE_POLL_MS',
      default: 2_000,
      min: 10,
      doc: 'Subscriptions (README, Live executions): how often a watched execution is polled, once for all its subscribers; slower (up to LIVE_POLL_MAX_MS) while nothing changes and while SSM throttles. A poll reads nothing older than this from the cache',
      production: true,
    }),
    pollMaxMs: int({
      env: 'LIVE_POLL_MAX_MS',
      default: 15_000,
      min: 10,
      doc: 'Subscriptions: the slowest a watched execution is polled, backed off while nothing changes or SSM throttles',
      production: true,
      check: (max, get) => (max < (get('LIVE_POLL_MS') as number) ? 'must be at least LIVE_POLL_MS' : undefined),
    }),
    leaseMs: int({
      env: 'LIVE_LEASE_MS',
      default: 5_000,
      min: 10,
      doc: 'With REDIS_URL (README, Replicas): one replica polls a watched execution for all, holding a lease in Redis that each of its ticks renews for its next interval plus this. Should it stop, another replica watching the execution takes over at most this long after the missed tick (plus its own interval)',
      production: true,
    }),
    maxSubscriptions: int({
      env: 'LIVE_MAX_SUBSCRIPTIONS',
      default: 1_000,
      doc: 'Most open subscriptions (streams) on this server; more: `TOO_MANY_SUBSCRIPTIONS`. `0` disables the limit',
      production: true,
    }),
    maxPerClient: int({
      env: 'LIVE_MAX_SUBSCRIPTIONS_PER_CLIENT',
      default: 25,
      doc: 'Most open subscriptions per client (its JWT `sub` when auth is on, else its IP address: behind a proxy, everyone shares it); more: `TOO_MANY_SUBSCRIPTIONS`. `0` disables the limit',
      production: true,
    }),
  },
  connections: {
    defaultFirst: int({ env: 'PAGE_DEFAULT_FIRST', default: 25, doc: '`first` when a connection is given neither `first` nor `last`' }),
    maxFirst: int({ env: 'PAGE_MAX_FIRST', default: 500, doc: 'Largest `first`/`last` accepted' }),
    maxEmptyPages: int({ env: 'PAGE_MAX_EMPTY', default: 20, doc: 'Empty upstream pages (with a NextToken) followed in a row before a connection ends early' }),
  },
  cursors: {
    secret: text({
      env: 'CURSOR_SECRET',
      defaultDoc: 'random per process; shared through Redis with REDIS_URL (required in production)',
      doc: 'HMAC key of cursors: the same on every replica, kept across restarts, or "load more" fails with INVALID_CURSOR',
      production: true,
      check: (secret, get) => (!secret && get('PRODUCTION') ? 'required in production: without it cursors fail after a restart and across replicas. set the same random string on every replica (e.g. `openssl rand -base64 32`)' : undefined),
    }),
    ttlMs: int({ env: 'CURSOR_TTL_MS', default: 3_600_000, doc: 'Cursor lifetime' }),
  },
  redis: {
    url: url({
      env: 'REDIS_URL',
      schemes: ['redis', 'rediss'],
      secret: true,
      doc: 'Turns on the shared tier (README, Replicas): a second cache level in Redis under each replica\'s own, shared by every replica with the same REDIS_PREFIX; `rediss://` for TLS; credentials and database in the URL (`redis://user:pass@host:6379/0`)',
      production: true,
    }),
    cluster: flag({ env: 'REDIS_CLUSTER', default: false, doc: 'REDIS_URL names one node of a Redis Cluster (the others are discovered); keys are then read one by one instead of with MGET', production: true }),
    prefix: text({ env: 'REDIS_PREFIX', default: 'ssm-graph:', doc: 'Prefix of every key the gateway writes: one per deployment, so several gateways can share one Redis', production: true }),
    commandTimeoutMs: int({
      env: 'REDIS_COMMAND_TIMEOUT_MS',
      default: 250,
      min: 1,
      doc: 'Longest wait for one Redis command; past it the lookup falls back to the local level and the upstream, and Redis is skipped for a second',
      production: true,
    }),
    lockMs: int({
      env: 'REDIS_LOCK_MS',
      default: 3_000,
      doc: 'Cross-replica in-flight de-duplication: the replica that misses first holds a lock this long while it loads; the others wait for its value (at most this long). `0` disables',
      production: true,
    }),
    connectTimeoutMs: int({ env: 'REDIS_CONNECT_TIMEOUT_MS', default: 10_000, min: 1, doc: 'Longest wait for a Redis connection (at start: for the shared cursor key)', production: true }),
  },
  metrics: {
    enabled: flag({
      env: 'METRICS',
      default: inProduction(false, true),
      doc: 'Serve Prometheus metrics at `/metrics` (they name accounts and regions: in production opt in, with METRICS_TOKEN or on a network clients cannot reach)',
      production: true,
    }),
    token: text({ env: 'METRICS_TOKEN', doc: '`/metrics` then requires `Authorization: Bearer <token>` (401 otherwise)', production: true }),
  },
  federation: {
    subgraph: flag({ env: 'SUBGRAPH', default: false, doc: 'Serve as an Apollo Federation 2 subgraph: `_service`, `_entities`, ftv1 traces when the router asks (docs/federation.md)' }),
    relayNodeFields: flag({
      env: 'RELAY_NODE_FIELDS',
      default: whenTrue('SUBGRAPH', false, true),
      doc: 'Expose the Relay `node`/`nodes` root fields (they do not compose beside another subgraph that has them)',
    }),
  },
};
