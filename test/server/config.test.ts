/**
 * `loadConfig`: every setting from one declaration (src/server/settings.ts).
 * Defaults as they were before the declarations, booleans in every accepted
 * spelling, defaults derived from production mode and from SUBGRAPH, and one
 * clear line per bad value. (main.ts printing those lines without a stack:
 * startup.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/server/config.ts';

const problems = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
};

describe('defaults', () => {
  it('are the ones documented before the settings were declared once, plus the new settings', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 4000, host: '0.0.0.0', path: '/graphql', production: false, graphiql: true,
      // SSM_MAX_CONCURRENCY was 16 before the rate budget (SSM_MAX_RPS) took over pacing: it follows it now.
      ssm: { maxAttempts: 4, maxRps: 100, maxConcurrency: 100, requestTimeoutMs: 10_000, maxCallsPerRequest: 500 },
      demand: { costExtension: true, clientCallsPerMinute: 2_000 },
      cache: { maxEntries: 10_000, maxBytes: 67_108_864, terminalTtlMs: 600_000, mutableTtlMs: 5_000 },
      responseCache: true,
      connections: { defaultFirst: 25, maxFirst: 500, maxEmptyPages: 20 },
      cursors: { ttlMs: 3_600_000 },
      federation: { subgraph: false, relayNodeFields: true },
      limits: { maxQueryCost: 5_000, maxDepth: 20, maxAliases: 30, maxTokens: 3_000, maxBodyBytes: 102_400, requestTimeoutMs: 20_000 },
      security: { introspection: true, csrfPrevention: false, blockFieldSuggestions: false },
      readiness: { cacheMs: 30_000 },
      shutdown: { timeoutMs: 25_000 },
      cors: { origins: ['http://localhost:*', 'http://127.0.0.1:*', 'http://[::1]:*'], credentials: false },
      auth: { requireExp: true, maxTokenAgeMs: 86_400_000, maxTokenLifetimeMs: 86_400_000, clockSkewMs: 30_000 },
      log: { level: 'info' },
    });
    // MAX_QUERY_COST follows SSM_MAX_CALLS_PER_REQUEST (ten requests' worth), SSM_MAX_CONCURRENCY follows SSM_MAX_RPS.
    expect(loadConfig({ SSM_MAX_CALLS_PER_REQUEST: '50', SSM_MAX_RPS: '20' })).toMatchObject({ limits: { maxQueryCost: 500 }, ssm: { maxConcurrency: 20 } });
    expect(loadConfig({ SSM_MAX_RPS: '0' }).ssm.maxConcurrency).toBe(100);
    for (const unset of [c.demand.clientIdHeader, c.ssm.region, c.ssm.endpoint, c.cursors.secret, c.auth.jwksUrl, c.auth.secret, c.auth.issuer, c.auth.audience]) expect(unset).toBeUndefined();
  });

  it('follow production mode, from PRODUCTION or NODE_ENV, each overridable', () => {
    const prod = { CURSOR_SECRET: 's' };
    for (const env of [{ PRODUCTION: 'true' }, { PRODUCTION: '1' }, { NODE_ENV: 'production' }]) {
      const c = loadConfig({ ...prod, ...env });
      expect(c.production).toBe(true);
      expect([c.graphiql, c.security.introspection, c.security.csrfPrevention, c.security.blockFieldSuggestions]).toEqual([false, false, true, true]);
      expect(c.cors.origins).toEqual([]);
    }
    expect(loadConfig({ ...prod, NODE_ENV: 'production', PRODUCTION: 'false' }).production).toBe(false);
    const open = loadConfig({ ...prod, PRODUCTION: 'on', GRAPHIQL: 'yes', INTROSPECTION: '1', CSRF_PREVENTION: 'off', BLOCK_FIELD_SUGGESTIONS: 'no' });
    expect([open.graphiql, open.security.introspection, open.security.csrfPrevention, open.security.blockFieldSuggestions]).toEqual([true, true, false, false]);
  });

  it('RELAY_NODE_FIELDS follows SUBGRAPH unless set', () => {
    expect(loadConfig({ SUBGRAPH: 'YES' }).federation).toEqual({ subgraph: true, relayNodeFields: false });
    expect(loadConfig({ SUBGRAPH: 'on', RELAY_NODE_FIELDS: 'TRUE' }).federation).toEqual({ subgraph: true, relayNodeFields: true });
  });

  it('reads AWS_DEFAULT_REGION when AWS_REGION is unset, and treats an empty value as unset', () => {
    expect(loadConfig({ AWS_DEFAULT_REGION: 'eu-west-1' }).ssm.region).toBe('eu-west-1');
    expect(loadConfig({ AWS_REGION: 'us-east-2', AWS_DEFAULT_REGION: 'eu-west-1' }).ssm.region).toBe('us-east-2');
    expect(loadConfig({ PORT: '', GRAPHIQL: '' })).toMatchObject({ port: 4000, graphiql: true });
  });
});

describe('booleans', () => {
  it.each(['true', 'TRUE', 'True', '1', 'yes', 'YES', 'on', 'On', ' true '])('%j is true', (v) => {
    expect(loadConfig({ RESPONSE_CACHE: 'false', SUBGRAPH: v }).federation.subgraph).toBe(true);
    expect(loadConfig({ RESPONSE_CACHE: v }).responseCache).toBe(true);
  });
  it.each(['false', 'FALSE', '0', 'no', 'No', 'off', 'OFF'])('%j is false', (v) => {
    expect(loadConfig({ RESPONSE_CACHE: v }).responseCache).toBe(false);
  });
  it.each(['maybe', 'enabled', '2', 'y', 'tru'])('%j is refused at start, naming the variable and what it accepts', (v) => {
    expect(problems({ PRODUCTION: v })).toEqual([`PRODUCTION=${JSON.stringify(v)} is not valid: expected true/1/yes/on or false/0/no/off.`]);
  });
});

describe('bad values', () => {
  it('are all reported, one line each, naming the variable and what it accepts', () => {
    expect(
      problems({ PORT: '70000', MAX_DEPTH: '1.5', SSM_MAX_CONCURRENCY: '0', CACHE_MAX_BYTES: '-1', LOG_LEVEL: 'loud', AUTH_JWKS_URL: 'ftp://idp/keys', CORS_ORIGINS: 'https://app.example.com/path' }),
    ).toEqual([
      'PORT="70000" is not valid: expected a whole number from 0 to 65535.',
      'CORS_ORIGINS="https://app.example.com/path" is not valid: expected a comma-separated list of origins (scheme://host[:port], the port may be *) or *, or none.',
      'MAX_DEPTH="1.5" is not valid: expected a whole number 0 or more.',
      'AUTH_JWKS_URL="ftp://idp/keys" is not valid: expected an http:// or https:// URL.',
      'LOG_LEVEL="loud" is not valid: expected one of debug, info, warn, error, silent.',
      'SSM_MAX_CONCURRENCY="0" is not valid: expected a whole number 1 or more.',
      'CACHE_MAX_BYTES="-1" is not valid: expected a whole number 0 or more.',
    ]);
  });

  it('CURSOR_SECRET is required in production, without repeating any value', () => {
    expect(problems({ NODE_ENV: 'production' })).toEqual([
      expect.stringMatching(/^CURSOR_SECRET: required in production: without it cursors fail after a restart and across replicas\./),
    ]);
    expect(problems({ PRODUCTION: 'true', CURSOR_SECRET: 'x' })).toEqual([]);
  });

  it('CORS: * only without credentials; origins are parsed and lowercased; none is the empty list', () => {
    expect(problems({ CORS_ORIGINS: '*', CORS_CREDENTIALS: 'true' })).toEqual([
      'CORS_CREDENTIALS: cannot be on while CORS_ORIGINS allows * (browsers refuse credentials with a wildcard): list the origins.',
    ]);
    expect(loadConfig({ CORS_ORIGINS: ' https://App.Example.com , http://localhost:5173,http://[::1]:* ' }).cors.origins).toEqual([
      'https://app.example.com',
      'http://localhost:5173',
      'http://[::1]:*',
    ]);
    expect(loadConfig({ CORS_ORIGINS: 'none' }).cors.origins).toEqual([]);
    expect(loadConfig({ CORS_ORIGINS: '*' }).cors.origins).toEqual(['*']);
  });
});
