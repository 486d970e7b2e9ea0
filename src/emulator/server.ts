/**
 * The SSM emulator's HTTP server.
 *
 * Contract: `startEmulator` listens (127.0.0.1, random port by default) and
 * answers the 17 read operations of the model over AWS JSON 1.1, so that the
 * unmodified AWS SDK talks to it as to SSM. Per call: parse → log → faults →
 * validate against the model → operation → project onto the output shape.
 * `/_emulator/*` is the control plane (call log, reset, faults); it is not
 * logged and never faulted. `close()` drops every connection, hung ones
 * included, and resolves once the server has stopped.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CallLog, type CallRecord } from './call-log.ts';
import { emptyDataset, type Dataset } from './dataset.ts';
import { ServiceError } from './errors.ts';
import { Faults, type FaultRule } from './faults.ts';
import { operation } from './model.ts';
import { handlers } from './operations/index.ts';
import { Pager } from './pagination.ts';
import { parseBody, readBody, sendError, sendJson, targetOperation } from './protocol.ts';
import { toWire } from './serialize.ts';
import { Store } from './store.ts';
import { validateInput } from './validate.ts';
import { handleControl } from './control.ts';

export interface EmulatorOptions {
  /** 0 (default) = a random free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  data: Dataset;
  faults?: FaultRule[];
  /** Short pages and empty filtered pages with a token, as real SSM (default false). */
  stingy?: boolean;
  /** NextToken lifetime, default 1 hour. */
  tokenTtlMs?: number;
  /** Seeds the fault PRNG and the stingy page lengths (default 1). */
  seed?: number;
}

export interface Emulator {
  url: string;
  port: number;
  calls(): CallRecord[];
  reset(): void;
  setFaults(f: FaultRule[]): void;
  setData(d: Dataset): void;
  close(): Promise<void>;
}

export async function startEmulator(opts: EmulatorOptions): Promise<Emulator> {
  const seed = opts.seed ?? 1;
  let store = new Store({ ...emptyDataset(), ...opts.data });
  const pager = new Pager({ stingy: opts.stingy ?? false, tokenTtlMs: opts.tokenTtlMs ?? 3_600_000, seed });
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

  async function handleCall(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    let rec: CallRecord | undefined;
    const answer = (status: number, body: unknown, err?: ServiceError) => {
      if (res.destroyed) return;
      if (err) sendError(res, err);
      else sendJson(res, status, body);
      if (rec) log.finish(rec, err ? err.status : status, Date.now(), err?.type);
    };
    try {
      const text = await readBody(req);
      // Unknown operation is answered before a malformed body, as AWS does.
      let op: string | undefined;
      let failure: unknown;
      try {
        op = targetOperation(req);
      } catch (e) {
        failure = e;
      }
      let input: Record<string, unknown> | undefined;
      try {
        input = parseBody(text);
      } catch (e) {
        failure ??= e;
      }
      rec = log.start(op ?? String(req.headers['x-amz-target'] ?? ''), input, at);
      if (failure || !op || !input) throw failure;
      const decision = faults.decide(op, at);
      if (decision.hang) return; // never answered; close() drops the socket
      if (decision.delayMs > 0) await sleep(decision.delayMs);
      if (decision.error) throw decision.error;
      const def = operation(op)!;
      validateInput(def.input.shape, input);
      const result = handlers[op](input, { store, pager });
      answer(200, toWire(def.output.shape, result));
    } catch (e) {
      if (e instanceof ServiceError) return answer(e.status, undefined, e);
      console.error('ssm-emulator: internal error', e);
      answer(500, undefined, new ServiceError('InternalServerError', 'An internal error occurred.'));
    }
  }

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path.startsWith('/_emulator/')) {
      handleControl(req, res, path, {
        calls: () => log.list(),
        reset,
        faults: () => faults.list(),
        setFaults: (f) => faults.set(f),
      });
      return;
    }
    if (path !== '/' || req.method !== 'POST') {
      req.resume();
      const e = new ServiceError('UnknownOperationException', `${req.method} ${path} is not an SSM operation; use POST / with X-Amz-Target.`, path === '/' ? 400 : 404);
      sendError(res, e);
      return;
    }
    void handleCall(req, res);
  });

  function reset() {
    log.clear();
    faults.reset();
  }

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
    setData: (d) => {
      store = new Store({ ...emptyDataset(), ...d });
      pager.generation++;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
