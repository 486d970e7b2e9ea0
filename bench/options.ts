/**
 * The benchmark's command line (documented in run.ts) and the setting every
 * part shares: the generated dataset, its queries and the gateway's config.
 */
import { parseArgs } from 'node:util';
import type { Dataset } from '../src/emulator/dataset.ts';
import { generateDataset } from '../src/emulator/generate.ts';
import { type GatewayConfig, loadConfig } from '../src/server/config.ts';
import { createSsmClient } from '../src/ssm/client.ts';
import { type BenchQuery, benchQueries } from './queries.ts';

export interface BenchOptions {
  quick: boolean;
  stingy: boolean;
  /** Latency per upstream call, ms. */
  latency: number;
  /** Samples per latency cell. */
  iterations: number;
  /** Seconds of load per server. */
  duration: number;
  connections: number;
  rssQueries: number;
  rssSeconds: number;
  /** Parts not run: calls, load, rss. */
  skip: Set<string>;
}

export function parseBenchArgs(args: string[] = process.argv.slice(2)): BenchOptions {
  const { values } = parseArgs({
    args,
    options: {
      quick: { type: 'boolean', default: false },
      stingy: { type: 'boolean', default: false },
      latency: { type: 'string', default: '40' },
      iterations: { type: 'string' },
      duration: { type: 'string' },
      connections: { type: 'string', default: '10' },
      'rss-queries': { type: 'string' },
      'rss-seconds': { type: 'string' },
      skip: { type: 'string', default: '' },
    },
  });
  const quick = values.quick;
  return {
    quick,
    stingy: values.stingy,
    latency: Number(values.latency),
    iterations: Number(values.iterations ?? (quick ? 2 : 20)),
    duration: Number(values.duration ?? (quick ? 2 : 10)),
    connections: Number(values.connections),
    rssQueries: Number(values['rss-queries'] ?? (quick ? 2_000 : 100_000)),
    rssSeconds: Number(values['rss-seconds'] ?? (quick ? 60 : 420)),
    skip: new Set(values.skip.split(',').filter(Boolean)),
  };
}

export const SEED = 1;
export const SIZE = 'large';

/** What every part of the benchmark runs on. */
export interface BenchSetting {
  opts: BenchOptions;
  data: Dataset;
  queries: BenchQuery[];
  config: GatewayConfig;
  /** The gateway's upstream concurrency cap (SSM_MAX_CONCURRENCY). */
  cap: number;
}

export function benchSetting(opts: BenchOptions): BenchSetting {
  const data = generateDataset({ seed: SEED, size: SIZE });
  const config = loadConfig({ CURSOR_SECRET: 'bench', GRAPHIQL: 'false', LOG_LEVEL: 'warn' });
  return { opts, data, queries: benchQueries(data, { heavyWindow: true }), config, cap: config.ssm.maxConcurrency };
}

/** An SDK client of its own on the emulator (the naive server's, and the RTT probe's). */
export function clientOf(endpoint: string) {
  return createSsmClient({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    maxAttempts: 1,
  });
}
