/**
 * The control plane over HTTP, under `/_emulator/` (never logged, never faulted):
 * - `GET  /_emulator/calls`  → 200, the call log (JSON array of CallRecord)
 * - `POST /_emulator/reset`  → 204, clears the call log and throttle windows
 * - `GET  /_emulator/faults` → 200, the fault rules
 * - `PUT  /_emulator/faults` → 200, replaces the rules (body: array of FaultRule
 *   or `{ "faults": [...] }`); 400 `{ "message" }` when malformed
 * - `GET  /_emulator/health` → 200 `{ "ok": true }`
 * - `GET  /_emulator/clock`  → 200 `{ "now": ISO time, "manual": boolean }`
 * - `POST /_emulator/clock`  → 200, moves a manual clock forward (body
 *   `{ "advanceMs": n }`, n >= 0) and answers as GET; 409 when the clock is not
 *   manual, 400 `{ "message" }` when the body is malformed
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallRecord } from './call-log.ts';
import type { FaultRule } from './faults.ts';
import { readBody } from './protocol.ts';

export interface Control {
  calls(): CallRecord[];
  reset(): void;
  faults(): FaultRule[];
  setFaults(f: FaultRule[]): void;
  clock(): { now: string; manual: boolean };
  /** Throws when the clock is not manual. */
  advance(ms: number): number;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function handleControl(req: IncomingMessage, res: ServerResponse, path: string, c: Control): void {
  const route = `${req.method} ${path.replace(/\/+$/, '')}`;
  switch (route) {
    case 'GET /_emulator/calls':
      req.resume();
      return json(res, 200, c.calls());
    case 'POST /_emulator/reset':
      req.resume();
      c.reset();
      res.writeHead(204).end();
      return;
    case 'GET /_emulator/faults':
      req.resume();
      return json(res, 200, c.faults());
    case 'GET /_emulator/health':
      req.resume();
      return json(res, 200, { ok: true });
    case 'GET /_emulator/clock':
      req.resume();
      return json(res, 200, c.clock());
    case 'POST /_emulator/clock':
      readBody(req).then(
        (text) => {
          let ms: unknown;
          try {
            ms = (JSON.parse(text) as { advanceMs?: unknown } | null)?.advanceMs;
          } catch {
            /* reported below */
          }
          if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) return json(res, 400, { message: 'expected a JSON body { "advanceMs": n } with n >= 0' });
          if (!c.clock().manual) return json(res, 409, { message: 'the emulator clock is not manual (start it with a manual clock, e.g. the CLI flag --manual-clock)' });
          c.advance(ms);
          json(res, 200, c.clock());
        },
        () => json(res, 400, { message: 'could not read the request body' }),
      );
      return;
    case 'PUT /_emulator/faults':
      readBody(req).then(
        (text) => {
          try {
            const body = JSON.parse(text) as unknown;
            const rules = Array.isArray(body) ? body : (body as { faults?: unknown })?.faults;
            c.setFaults(rules as FaultRule[]);
            json(res, 200, c.faults());
          } catch (e) {
            json(res, 400, { message: e instanceof Error ? e.message : String(e) });
          }
        },
        () => json(res, 400, { message: 'could not read the request body' }),
      );
      return;
    default:
      req.resume();
      return json(res, 404, { message: `No such emulator endpoint: ${route}` });
  }
}
