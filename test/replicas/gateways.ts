/**
 * Gateway replicas as their own processes (`node --import tsx src/main.ts`,
 * the server from source), pointed at one emulator and given one REDIS_URL,
 * and an in-process gateway with the same settings and no Redis: the baseline
 * a single replica would be.
 */
import { createGateway, type Gateway } from '../../src/server/gateway.ts';
import { loadConfig } from '../../src/server/config.ts';
import { createGatewayEstate } from '../../src/server/estate.ts';
import type { Emulator } from '../../src/emulator/index.ts';
import { isolatedEnv, listening, runMain, type Running } from '../server/processes.ts';

export interface Replica {
  process: Running;
  /** http://127.0.0.1:port */
  base: string;
  query(query: string, variables?: Record<string, unknown>): Promise<{ status: number; body: any }>;
  ready(): Promise<{ status: number; body: any }>;
}

/** Settings every replica and the baseline share: the emulator, LOG_LEVEL warn, long mutable TTLs (no refetch mid-test). */
export const commonEnv = (emulator: Emulator): Record<string, string> => ({
  SSM_ENDPOINT: emulator.url,
  AWS_ENDPOINT_URL_STS: emulator.url,
  AWS_REGION: 'us-east-1',
  SSM_REGIONS: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  SSM_MAX_ATTEMPTS: '1',
  LOG_LEVEL: 'warn',
  CACHE_TTL_MUTABLE_MS: '120000',
});

const post = async (url: string, query: string, variables?: Record<string, unknown>) => {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  return { status: res.status, body: await res.json() };
};

/** `startMs`: how long each may take to listen (several processes compiling at once on a busy machine are slow). */
export async function startReplicas(n: number, env: Record<string, string>, startMs?: number): Promise<Replica[]> {
  const started = Array.from({ length: n }, () => runMain(isolatedEnv(env)));
  return Promise.all(
    started.map(async (p) => {
      const { port } = await listening(p, startMs);
      const base = `http://127.0.0.1:${port}`;
      return {
        process: p,
        base,
        query: (q, v) => post(`${base}/graphql`, q, v),
        ready: () => fetch(`${base}/ready`).then(async (r) => ({ status: r.status, body: await r.json() })),
      };
    }),
  );
}

/** One gateway in this process with `env`: what a single replica answers and calls. */
export async function baselineGateway(env: Record<string, string>, emulator: Emulator) {
  const config = loadConfig({ CURSOR_SECRET: 'baseline', ...env });
  const locations = await createGatewayEstate(config, { endpoint: emulator.url, stsEndpoint: emulator.url, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  const gateway: Gateway = createGateway({ locations, config });
  await locations.list();
  return {
    gateway,
    query: async (query: string, variables?: Record<string, unknown>) => {
      const res = await gateway.fetch('http://baseline/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
      return { status: res.status, body: (await res.json()) as any };
    },
    close: () => locations.close(),
  };
}

/** A response's data with its cursors left out (they carry their key and issue time). */
/** What two gateways must agree on: data and errors without cursors (`extensions.cost` is each request's own). */
export function answerOf(body: { data?: unknown; errors?: unknown }): unknown {
  return withoutCursors({ data: body.data, errors: body.errors });
}

export function withoutCursors(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutCursors);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'cursor' && k !== 'endCursor' && k !== 'startCursor').map(([k, v]) => [k, withoutCursors(v)]));
}

/** SSM calls per operation, from the emulator's call log. */
export function callsByOperation(emulator: Emulator): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of emulator.calls()) if (c.service === 'ssm') out[c.operation] = (out[c.operation] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort());
}
