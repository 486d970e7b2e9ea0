/**
 * The stack every gateway test drives: the emulator on a real port with
 * generated data (one dataset for every location, or an estate of several), the
 * real AWS SDK (SSM and STS, with its real assumed-role credential provider)
 * pointed at it, and the gateway queried over HTTP semantics through
 * `yoga.fetch`. Upstream calls are counted from the emulator's own call log.
 */
import { startEmulator, type CallRecord, type Clock, type Emulator, type Estate, type FaultRule } from '../../src/emulator/index.ts';
import { generateDataset, type DatasetSize } from '../../src/emulator/generate.ts';
import type { Dataset } from '../../src/emulator/dataset.ts';
import { loadConfig, type GatewayConfig } from '../../src/server/config.ts';
import { createGateway, type Gateway } from '../../src/server/gateway.ts';
import { createGatewayEstate } from '../../src/server/estate.ts';
import type { LiveTimers } from '../../src/server/live/index.ts';
import type { SSMClient } from '@aws-sdk/client-ssm';

export interface StackOptions {
  size?: DatasetSize;
  seed?: number;
  data?: Dataset;
  /** Several locations instead of one dataset (with `env` naming their SSM_REGIONS and SSM_ACCOUNT_ROLES). */
  estate?: Estate;
  /** Base credentials' access key (an estate's accessKeys name the account); default `test`. */
  accessKeyId?: string;
  stingy?: boolean;
  faults?: FaultRule[];
  env?: Record<string, string>;
  config?: (c: GatewayConfig) => GatewayConfig;
  maxAttempts?: number;
  requestTimeoutMs?: number;
  /** The explorer build the gateway serves (the e2e tests build their own). */
  explorerDir?: string;
  /** The emulator's live mode (with data generated `live: true`) and clock. */
  live?: boolean;
  clock?: Clock;
  /** How live polls wait between ticks (src/server/live/target.ts); default setTimeout. */
  liveTimers?: LiveTimers;
}

export interface GraphQLResponse<D = any> {
  data?: D;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
  extensions?: Record<string, any>;
}

/** A call-log record whose input tests read freely. */
export type Call = Omit<CallRecord, 'input'> & { input: any };

export interface Stack {
  data: Dataset;
  emulator: Emulator;
  gateway: Gateway;
  /** The SSM client the gateway calls through (its retry strategy, for tests of retries). */
  client: SSMClient;
  /** POSTs a query to the gateway and returns the parsed JSON body (and the HTTP status). */
  query<D = any>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<D> & { status: number }>;
  /** SSM calls the emulator saw since the last `resetCalls()`. */
  calls(): Call[];
  /** STS calls (AssumeRole, GetCallerIdentity) the emulator saw since the last `resetCalls()`. */
  stsCalls(): Call[];
  resetCalls(): void;
  close(): Promise<void>;
}

const cachedData = new Map<string, Dataset>();

/**
 * For tests that compare whole trees with the dataset (`first: 500` at every
 * level): the cost estimate assumes every connection is full and rightly refuses
 * such queries under the default budget, so these tests lift it explicitly.
 */
export const WHOLE_TREE_ENV = { MAX_QUERY_COST: '0' } as const;

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const key = `${opts.seed ?? 1}:${opts.size ?? 'small'}`;
  const data = opts.data ?? cachedData.get(key) ?? generateDataset({ seed: opts.seed ?? 1, size: opts.size ?? 'small' });
  if (!opts.data) cachedData.set(key, data);
  const emulator = await startEmulator({
    port: 0,
    ...(opts.estate ? { estate: opts.estate } : { data }),
    stingy: opts.stingy ?? true,
    faults: opts.faults,
    live: opts.live,
    clock: opts.clock,
  });
  // LOG_LEVEL warn: no access-log line per request in test output (tests of the log set info).
  const base = loadConfig({
    CURSOR_SECRET: 'test-secret',
    LOG_LEVEL: 'warn',
    SSM_REGIONS: 'us-east-1',
    SSM_MAX_ATTEMPTS: String(opts.maxAttempts ?? 1),
    ...(opts.requestTimeoutMs ? { SSM_REQUEST_TIMEOUT_MS: String(opts.requestTimeoutMs) } : {}),
    ...opts.env,
  });
  const config = opts.config ? opts.config(base) : base;
  const locations = await createGatewayEstate(config, {
    endpoint: emulator.url,
    stsEndpoint: emulator.url,
    credentials: { accessKeyId: opts.accessKeyId ?? 'test', secretAccessKey: 'test' },
  });
  const gateway = createGateway({ locations, config, explorerDir: opts.explorerDir, liveTimers: opts.liveTimers });
  // The home account is asked of STS once (GetCallerIdentity); tests count SSM calls from here.
  await locations.list();
  const { client } = await locations.home();
  emulator.reset();
  return {
    data,
    emulator,
    gateway,
    client,
    async query(query, variables) {
      const res = await gateway.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, ...(await res.json()) };
    },
    calls: () => emulator.calls().filter((c) => c.service === 'ssm') as Call[],
    stsCalls: () => emulator.calls().filter((c) => c.service === 'sts') as Call[],
    resetCalls: () => emulator.reset(),
    async close() {
      locations.close();
      await emulator.close();
    },
  };
}

/** The location the emulator's one dataset answers as (its home account; the stack's region). */
export const HOME = { accountId: '123456789012', region: 'us-east-1' } as const;

/** The global ID the gateway gives a record of `type` with SSM key `key` (parts joined by `/`) in `location`. */
export function globalId(type: string, key: string, location: { accountId: string; region: string } = HOME): string {
  return Buffer.from(`${type}:${location.accountId}/${location.region}/${key}`).toString('base64url');
}

/** Upstream calls grouped as `Operation:input` strings, to assert none repeats. */
export function callKeys(calls: Call[]): string[] {
  return calls.map((c) => `${c.operation}:${JSON.stringify(c.input)}`);
}
