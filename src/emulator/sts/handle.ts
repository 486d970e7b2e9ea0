/**
 * One STS call on the emulator's port: parse the form → identify the caller →
 * log → faults → operation, answered in the Query protocol's XML.
 *
 * Contract (errors as STS answers them): unknown Action or Version →
 * InvalidAction (400); unsigned → MissingAuthenticationToken (403); an unknown
 * key, a wrong session token, or a disabled region → InvalidClientTokenId
 * (403, "The security token included in the request is invalid."); expired
 * temporary credentials → ExpiredToken (400, "The security token included in
 * the request is expired"); injected faults → Throttling (400) /
 * InternalFailure (500).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallRecord } from '../call-log.ts';
import { requestCredential } from '../credentials.ts';
import type { CallDeps } from '../ssm-call.ts';
import { readBody } from '../protocol.ts';
import { STS_OPERATIONS, assumeRole, getCallerIdentity, type StsContext } from './operations.ts';
import { STS_VERSION, StsError, parseForm, sendResult, sendStsError } from './query.ts';

const IDENTITY_ERRORS = {
  missing: () => new StsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403),
  unrecognized: () => new StsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403),
  expired: () => new StsError('ExpiredToken', 'The security token included in the request is expired', 400),
};

const OPERATIONS: Record<(typeof STS_OPERATIONS)[number], (params: Record<string, string>, ctx: StsContext) => Record<string, unknown>> = {
  AssumeRole: assumeRole,
  GetCallerIdentity: (_params, ctx) => getCallerIdentity(ctx),
};

export async function handleStsCall(req: IncomingMessage, res: ServerResponse, deps: CallDeps): Promise<void> {
  const at = Date.now();
  const world = deps.world();
  let rec: CallRecord | undefined;
  const answer = (action: string, result?: Record<string, unknown>, err?: StsError) => {
    if (res.destroyed) return;
    if (err) sendStsError(res, err);
    else sendResult(res, action, result!);
    if (rec) deps.log.finish(rec, err ? err.status : 200, Date.now(), err?.code);
  };
  let action = '';
  try {
    const params = parseForm(await readBody(req));
    action = params.Action ?? '';
    const cred = requestCredential(req);
    const now = deps.clock();
    const caller = world.identities.resolve(cred, now);
    const region = cred?.region ?? world.defaultRegion;
    const { Action: _a, Version: _v, ...input } = params;
    rec = deps.log.start(action, input, at, { service: 'sts', accountId: typeof caller === 'string' ? undefined : caller.accountId, region });
    const run = Object.hasOwn(OPERATIONS, action) ? OPERATIONS[action as keyof typeof OPERATIONS] : undefined;
    if (!run || params.Version !== STS_VERSION) throw new StsError('InvalidAction', `Could not find operation ${action} for version ${params.Version ?? 'NO_VERSION_SPECIFIED'}`);
    if (typeof caller === 'string') throw IDENTITY_ERRORS[caller]();
    if (world.locations.resolve(caller.accountId, region) === 'disabled') throw IDENTITY_ERRORS.unrecognized();
    const decision = deps.faults.decide(action, at, { accountId: caller.accountId, region });
    if (decision.hang) return;
    if (decision.delayMs > 0) await deps.sleep(decision.delayMs);
    if (decision.error === 'throttle') throw new StsError('Throttling', 'Rate exceeded', 400);
    if (decision.error === 'internal') throw new StsError('InternalFailure', 'An internal error occurred (injected fault).', 500);
    answer(action, run(input, { caller, identities: world.identities, roles: world.roles, anyRole: world.anyRole, now: deps.clock() }));
  } catch (e) {
    if (e instanceof StsError) return answer(action, undefined, e);
    console.error('ssm-emulator: internal error (STS)', e);
    answer(action, undefined, new StsError('InternalFailure', 'An internal error occurred.', 500));
  }
}
