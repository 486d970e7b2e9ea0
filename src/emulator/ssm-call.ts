/**
 * One SSM call: parse → identify the caller → log → route to its location →
 * faults → validate against the model → operation → project onto the output
 * shape.
 *
 * Contract: protocol failures (unknown operation, malformed body) are answered
 * first, as AWS does, then the caller: an unsigned call to an estate →
 * MissingAuthenticationTokenException; an unknown key or a disabled region →
 * UnrecognizedClientException; an expired temporary key →
 * ExpiredTokenException (all HTTP 400, as SSM answers them).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallLog, CallRecord } from './call-log.ts';
import type { Clock } from './clock.ts';
import { requestCredential } from './credentials.ts';
import { ServiceError } from './errors.ts';
import type { FaultDecision, Faults } from './faults.ts';
import { operation } from './model.ts';
import { handlers } from './operations/index.ts';
import { parseBody, readBody, sendError, sendJson, targetOperation } from './protocol.ts';
import { toWire } from './serialize.ts';
import { validateInput } from './validate.ts';
import type { World } from './world.ts';

export interface CallDeps {
  world: () => World;
  log: CallLog;
  faults: Faults;
  clock: Clock;
  /** Waits `ms` (cancelled by close). */
  sleep: (ms: number) => Promise<void>;
}

const IDENTITY_ERRORS = {
  missing: () => new ServiceError('MissingAuthenticationTokenException', 'Request is missing Authentication Token'),
  unrecognized: () => new ServiceError('UnrecognizedClientException', 'The security token included in the request is invalid.'),
  expired: () => new ServiceError('ExpiredTokenException', 'The security token included in the request is expired'),
};

export function faultError(d: FaultDecision): ServiceError | undefined {
  if (d.error === 'throttle') return new ServiceError('ThrottlingException', 'Rate exceeded');
  if (d.error === 'internal') return new ServiceError('InternalServerError', 'An internal error occurred (injected fault).');
  return undefined;
}

export async function handleSsmCall(req: IncomingMessage, res: ServerResponse, deps: CallDeps): Promise<void> {
  const at = Date.now();
  const world = deps.world();
  let rec: CallRecord | undefined;
  const answer = (status: number, body: unknown, err?: ServiceError) => {
    if (res.destroyed) return;
    if (err) sendError(res, err);
    else sendJson(res, status, body);
    if (rec) deps.log.finish(rec, err ? err.status : status, Date.now(), err?.type);
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
    const cred = requestCredential(req);
    const now = deps.clock();
    const caller = world.identities.resolve(cred, now);
    const region = cred?.region ?? world.defaultRegion;
    const accountId = typeof caller === 'string' ? undefined : caller.accountId;
    rec = deps.log.start(op ?? String(req.headers['x-amz-target'] ?? ''), input, at, { service: 'ssm', accountId, region });
    if (failure || !op || !input) throw failure;
    if (typeof caller === 'string') throw IDENTITY_ERRORS[caller]();
    const location = world.locations.resolve(caller.accountId, region);
    if (location === 'disabled') throw IDENTITY_ERRORS.unrecognized();
    const decision = deps.faults.decide(op, at, { accountId: caller.accountId, region });
    if (decision.hang) return; // never answered; close() drops the socket
    if (decision.delayMs > 0) await deps.sleep(decision.delayMs);
    const injected = faultError(decision);
    if (injected) throw injected;
    const def = operation(op)!;
    validateInput(def.input.shape, input);
    const result = handlers[op](input, { store: location.storeAt(deps.clock()), pager: location.pager });
    answer(200, toWire(def.output.shape, result));
  } catch (e) {
    if (e instanceof ServiceError) return answer(e.status, undefined, e);
    console.error('ssm-emulator: internal error', e);
    answer(500, undefined, new ServiceError('InternalServerError', 'An internal error occurred.'));
  }
}
