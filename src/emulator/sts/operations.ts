/**
 * STS: AssumeRole and GetCallerIdentity.
 *
 * Contract:
 * - AssumeRole: RoleArn and RoleSessionName required; constraints of the STS
 *   API reference (below) answer ValidationError in AWS's words. An unknown
 *   role, a role configured `refuse`, or a wrong or missing ExternalId answer
 *   AccessDenied (403) "User: <caller> is not authorized to perform:
 *   sts:AssumeRole on resource: <role>". DurationSeconds (default 3600) above
 *   the role's MaxSessionDuration, or above 3600 when the caller is itself an
 *   assumed role (role chaining), is a ValidationError. Success issues an
 *   `ASIA…` key, secret and session token acting in the role's account.
 * - GetCallerIdentity: Account, Arn and UserId of the caller.
 * With `data` alone (`anyRole`), every well-formed role ARN can be assumed.
 */
import { ROLE_ARN_RE, type EstateRole } from '../estate.ts';
import type { Caller, Identities } from '../identities.ts';
import { StsError } from './query.ts';

/** Constraints of AssumeRole's members, from the STS API reference (RoleArn's own pattern is any printable text). */
const ASSUME_ROLE_MEMBERS: Record<string, { min?: number; max?: number; pattern?: RegExp; source?: string; int?: boolean; required?: boolean }> = {
  RoleArn: { min: 20, max: 2048, required: true },
  RoleSessionName: { min: 2, max: 64, pattern: /^[\w+=,.@-]*$/, source: '[\\w+=,.@-]*', required: true },
  DurationSeconds: { min: 900, max: 43200, int: true },
  ExternalId: { min: 2, max: 1224, pattern: /^[\w+=,.@:/-]*$/, source: '[\\w+=,.@:\\/-]*' },
};
const DEFAULT_DURATION_S = 3600;
const ROLE_CHAINING_MAX_S = 3600;

function validate(params: Record<string, string>): void {
  const violations: string[] = [];
  for (const [name, c] of Object.entries(ASSUME_ROLE_MEMBERS)) {
    const v = params[name];
    const at = `at '${name.charAt(0).toLowerCase()}${name.slice(1)}' failed to satisfy constraint:`;
    if (v === undefined) {
      if (c.required) violations.push(`Value null ${at} Member must not be null`);
      continue;
    }
    if (c.int) {
      const n = Number(v);
      if (!/^-?\d+$/.test(v)) throw new StsError('ValidationError', `Value '${v}' for DurationSeconds is not a valid integer.`);
      if (n < c.min!) violations.push(`Value '${v}' ${at} Member must have value greater than or equal to ${c.min}`);
      if (n > c.max!) violations.push(`Value '${v}' ${at} Member must have value less than or equal to ${c.max}`);
      continue;
    }
    if (c.min !== undefined && v.length < c.min) violations.push(`Value '${v}' ${at} Member must have length greater than or equal to ${c.min}`);
    if (c.max !== undefined && v.length > c.max) violations.push(`Value '${v}' ${at} Member must have length less than or equal to ${c.max}`);
    if (c.pattern && !c.pattern.test(v)) violations.push(`Value '${v}' ${at} Member must satisfy regular expression pattern: ${c.source}`);
  }
  const n = violations.length;
  if (n) throw new StsError('ValidationError', `${n} validation error${n > 1 ? 's' : ''} detected: ${violations.join('; ')}`);
}

export interface StsContext {
  caller: Caller;
  identities: Identities;
  roles: Map<string, EstateRole>;
  /** Any well-formed role may be assumed (`data` alone). */
  anyRole: boolean;
  now: number;
}

export function assumeRole(params: Record<string, string>, ctx: StsContext): Record<string, unknown> {
  validate(params);
  const { RoleArn: roleArn, RoleSessionName: sessionName } = params;
  const m = ROLE_ARN_RE.exec(roleArn);
  const role = ctx.roles.get(roleArn) ?? (ctx.anyRole && m ? { roleArn } : undefined);
  const denied = () => new StsError('AccessDenied', `User: ${ctx.caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);
  if (!m || !role || role.refuse) throw denied();
  if (role.externalId !== undefined && params.ExternalId !== role.externalId) throw denied();
  const duration = params.DurationSeconds === undefined ? DEFAULT_DURATION_S : Number(params.DurationSeconds);
  if (ctx.caller.session && duration > ROLE_CHAINING_MAX_S) {
    throw new StsError('ValidationError', 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
  }
  if (duration > (role.maxSessionDurationSeconds ?? DEFAULT_DURATION_S)) {
    throw new StsError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  }
  const s = ctx.identities.issue({ roleArn, accountId: m[1], roleName: m[2] }, sessionName, duration, ctx.now);
  return {
    Credentials: { AccessKeyId: s.accessKeyId, SecretAccessKey: s.secretAccessKey, SessionToken: s.sessionToken, Expiration: new Date(s.expiresAt) },
    AssumedRoleUser: { AssumedRoleId: `${s.roleId}:${sessionName}`, Arn: `arn:aws:sts::${s.accountId}:assumed-role/${s.roleName}/${sessionName}` },
  };
}

export function getCallerIdentity(ctx: StsContext): Record<string, unknown> {
  return { UserId: ctx.caller.userId, Account: ctx.caller.accountId, Arn: ctx.caller.arn };
}

export const STS_OPERATIONS = ['AssumeRole', 'GetCallerIdentity'] as const;
