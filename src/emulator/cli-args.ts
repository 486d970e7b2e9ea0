/**
 * The emulator CLI's flags: parsed and checked before anything starts.
 *
 * Contract: `parseCliArgs(argv)` returns the settings, `{ help: true }` for
 * -h/--help, or throws a `UsageError` naming the problem (an unknown flag, a
 * missing or bad value, flags that do not go together); the CLI prints it with
 * the usage and exits 2, without a stack.
 */
import { parseArgs } from 'node:util';
import type { DatasetSize } from './generate.ts';

export class UsageError extends Error {}

export const USAGE = `usage: npm run emulator -- [flags]
  --port N          port (default 4566; 0 = a free one)
  --host H          interface (default 127.0.0.1)
  --size S          generated size: small | medium | large (default small)
  --seed N          generator, stingy-page and fault seed (default 1)
  --now T           reference time of generated data: ISO-8601 or "now" (default now)
  --estate          generate an estate (2 accounts x 2 regions, roles, access keys) instead of one account
  --data FILE       serve this data file (one dataset, or an estate with "locations") instead of generated data
  --live            executions in progress advance on the clock; new window executions start (generated data only)
  --manual-clock    the clock starts at --now and moves only by POST /_emulator/clock {"advanceMs": n}
  --stingy          short pages and empty filtered pages with a NextToken
  --token-ttl MS    NextToken lifetime (default 3600000)
  --latency MS      added latency on every call
  --jitter MS       extra random latency in [0, MS]
  --throttle-rps N  ThrottlingException above N calls/s (all operations together)
  --error-rate P    probability 0..1 of InternalServerError
  --faults RULES    fault rules as JSON (an array of FaultRule or {"faults": [...]}), inline or a file path
  -h, --help        this text`;

export interface CliSettings {
  help?: false;
  port: number;
  host: string;
  size: DatasetSize;
  seed: number;
  /** ms since the epoch. */
  now: number;
  estate: boolean;
  data?: string;
  live: boolean;
  manualClock: boolean;
  stingy: boolean;
  tokenTtlMs?: number;
  latencyMs?: number;
  jitterMs?: number;
  throttleRps?: number;
  errorRate?: number;
  faults?: string;
}

function num(name: string, v: string | undefined, check: (n: number) => boolean = (n) => n >= 0, what = 'a non-negative number'): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || !check(n)) throw new UsageError(`--${name} must be ${what}, got ${JSON.stringify(v)}`);
  return n;
}

export function parseCliArgs(argv: string[], wallClock: () => number = Date.now): CliSettings | { help: true } {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string', default: '4566' },
        host: { type: 'string', default: '127.0.0.1' },
        size: { type: 'string', default: 'small' },
        seed: { type: 'string', default: '1' },
        now: { type: 'string', default: 'now' },
        estate: { type: 'boolean', default: false },
        data: { type: 'string' },
        live: { type: 'boolean', default: false },
        'manual-clock': { type: 'boolean', default: false },
        stingy: { type: 'boolean', default: false },
        'token-ttl': { type: 'string' },
        latency: { type: 'string' },
        jitter: { type: 'string' },
        'throttle-rps': { type: 'string' },
        'error-rate': { type: 'string' },
        faults: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (values.help) return { help: true };
  const str = (k: string) => values[k] as string | undefined;
  const size = str('size') as DatasetSize;
  if (!['small', 'medium', 'large'].includes(size)) throw new UsageError(`--size must be small, medium or large, got ${JSON.stringify(size)}`);
  const nowArg = str('now')!;
  const now = nowArg === 'now' ? wallClock() : Date.parse(nowArg);
  if (!Number.isFinite(now) || (nowArg !== 'now' && !/^\d{4}-\d{2}-\d{2}/.test(nowArg))) throw new UsageError(`--now must be an ISO-8601 time (2026-01-01T00:00:00Z) or "now", got ${JSON.stringify(nowArg)}`);
  if (values.data && values.live) throw new UsageError('--live needs generated data: a data file holds no plans of how its executions go on');
  if (values.data && values.estate) throw new UsageError('--estate generates an estate; a data file with "locations" is one already: give one of --estate and --data');
  return {
    port: num('port', str('port'), (n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'an integer port in [0, 65535]')!,
    host: str('host')!,
    size,
    seed: num('seed', str('seed'), Number.isInteger, 'an integer')!,
    now,
    estate: values.estate === true,
    data: str('data'),
    live: values.live === true,
    manualClock: values['manual-clock'] === true,
    stingy: values.stingy === true,
    tokenTtlMs: num('token-ttl', str('token-ttl')),
    latencyMs: num('latency', str('latency')),
    jitterMs: num('jitter', str('jitter')),
    throttleRps: num('throttle-rps', str('throttle-rps')),
    errorRate: num('error-rate', str('error-rate'), (n) => n >= 0 && n <= 1, 'a probability in [0, 1]'),
    faults: str('faults'),
  };
}
