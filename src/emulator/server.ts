/**
 * The emulator's HTTP server: SSM (AWS JSON 1.1) and STS (Query) on one port.
 *
 * Contract: `startEmulator` listens (127.0.0.1, random port by default) and
 * answers the 17 read operations of the SSM model, so that the unmodified AWS
 * SDK talks to it as to SSM (`ssm-call.ts`), and STS AssumeRole /
 * GetCallerIdentity (`sts/handle.ts`). A call is STS's when its SigV4 scope
 * names `sts`, or when it carries no `X-Amz-Target` and a form-encoded body.
 * It serves `data` (one dataset for every account and region, as before) or an
 * `estate` (several locations, see `estate.ts`); exactly one of them.
 * `/_emulator/*` is the control plane (call log, reset, faults, clock); it is
 * not logged and never faulted. `close()` drops every connection, hung ones
 * included, and resolves once the server has stopped.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CallLog, type CallRecord } from './call-log.ts';
import { isManualClock, type Clock } from './clock.ts';
import { handleControl } from './control.ts';
import { requestCredential } from './credentials.ts';
import type { Dataset } from './dataset.ts';
import type { Estate } from './estate.ts';
import { ServiceError } from './errors.ts';
import { Faults, type FaultRule } from './faults.ts';
import { Pager } from './pagination.ts';
import { sendError } from './protocol.ts';
import { handleSsmCall, type CallDeps } from './ssm-call.ts';
import { handleStsCall } from './sts/handle.ts';
import { createWorld, type World } from './world.ts';

export interface EmulatorOptions {
  /** 0 (default) = a random free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** One dataset answering every account and region (any credentials work). */
  data?: Dataset;
  /** Several locations, roles and access keys (see `Estate`). Exactly one of `data` and `estate`. */
  estate?: Estate;
  faults?: FaultRule[];
  /** Short pages and empty filtered pages with a token, as real SSM (default false). */
  stingy?: boolean;
  /** NextToken lifetime, default 1 hour. */
  tokenTtlMs?: number;
  /** Seeds the fault PRNG and the stingy page lengths (default 1). */
  seed?: number;
  /** "Now" for token lifetimes, credential expiry and live mode (default `Date.now`); `createManualClock()` for tests. */
  clock?: Clock;
  /** Executions in progress advance on the clock (data generated with `live: true` carries their plans). Default false. */
  live?: boolean;
}

export interface Emulator {
  url: string;
  port: number;
  calls(): CallRecord[];
  reset(): void;
  setFaults(f: FaultRule[]): void;
  /** Serve one dataset for every account and region (outstanding NextTokens and issued credentials become invalid). */
  setData(d: Dataset): void;
  /** Serve an estate (outstanding NextTokens and issued credentials become invalid). */
  setEstate(e: Estate): void;
  /** The emulator's clock. */
  now(): number;
  /** Moves a manual clock forward (throws with any other clock); returns the new time. */
  advance(ms: number): number;
  close(): Promise<void>;
}

/** Is this call STS's (Query protocol) rather than SSM's (JSON 1.1)? */
function isSts(req: IncomingMessage): boolean {
  const cred = requestCredential(req);
  if (cred) return cred.service === 'sts';
  return req.headers['x-amz-target'] === undefined && String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
}

export async function startEmulator(opts: EmulatorOptions): Promise<Emulator> {
  if ((opts.data === undefined) === (opts.estate === undefined)) throw new Error('startEmulator: give exactly one of data and estate');
  const seed = opts.seed ?? 1;
  const clock: Clock = opts.clock ?? Date.now;
  const pager = new Pager({ stingy: opts.stingy ?? false, tokenTtlMs: opts.tokenTtlMs ?? 3_600_000, seed, now: clock });
  const build = (source: { data: Dataset } | { estate: Estate }) => createWorld(source, { pager, live: opts.live ?? false, now: clock() });
  let world: World = build(opts.estate ? { estate: opts.estate } : { data: opts.data! });
  const faults = new Faults(opts.faults ?? [], seed);
  const log = new CallLog();
  const timers = new Set<NodeJS.Timeout>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });
  const deps: CallDeps = { world: () => world, log, faults, clock, sleep };

  const advance = (ms: number): number => {
    if (!isManualClock(clock)) throw new Error('advance: the emulator runs on a clock that is not manual (pass clock: createManualClock())');
    return clock.advance(ms);
  };
  const reset = () => {
    log.clear();
    faults.reset();
  };
  const replace = (source: { data: Dataset } | { estate: Estate }) => {
    world = build(source);
    pager.generation++;
  };

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path.startsWith('/_emulator/')) {
      handleControl(req, res, path, {
        calls: () => log.list(),
        reset,
        faults: () => faults.list(),
        setFaults: (f) => faults.set(f),
        clock: () => ({ now: new Date(clock()).toISOString(), manual: isManualClock(clock) }),
        advance,
      });
      return;
    }
    if (path !== '/' || req.method !== 'POST') {
      req.resume();
      const e = new ServiceError('UnknownOperationException', `${req.method} ${path} is not an SSM operation; use POST / with X-Amz-Target.`, path === '/' ? 400 : 404);
      sendError(res, e);
      return;
    }
    void (isSts(req) ? handleStsCall(req, res, deps) : handleSsmCall(req, res, deps));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;

  return {
    url: `http://${host}:${addr.port}`,
    port: addr.port,
    calls: () => log.list(),
    reset,
    setFaults: (f) => faults.set(f),
    setData: (d) => replace({ data: d }),
    setEstate: (e) => replace({ estate: e }),
    now: () => clock(),
    advance,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
