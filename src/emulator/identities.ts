/**
 * Who a call comes from: long-term access keys (each of an account) and the
 * temporary sessions AssumeRole issued.
 *
 * Contract:
 * - strict (an estate): a call must be signed; a long-term key must be one of
 *   `accessKeys` when that map is given (else every key is the home account's);
 *   a temporary key (`ASIA…`) must be one this emulator issued, with its own
 *   session token, and not past its expiry on the emulator's clock;
 * - lenient (`data` alone): any key, signed or not, is the default account;
 *   issued temporary keys still carry their role's account and expiry.
 * Failures are named for the caller to render in its protocol's words.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { RequestCredential } from './credentials.ts';

export interface Session {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** ms since the epoch, on the emulator's clock. */
  expiresAt: number;
  accountId: string;
  roleArn: string;
  roleName: string;
  /** `AROA…`: the role's unique ID. */
  roleId: string;
  sessionName: string;
}

export interface Caller {
  accessKeyId: string;
  accountId: string;
  /** `arn:aws:iam::<acct>:user/…` or `arn:aws:sts::<acct>:assumed-role/<role>/<session>`. */
  arn: string;
  /** `AIDA…` for a user, `AROA…:<session>` for an assumed role. */
  userId: string;
  session?: Session;
}

export type IdentityFailure = 'missing' | 'unrecognized' | 'expired';

/** The IAM user name long-term keys are reported under. */
export const EMULATOR_USER = 'emulator';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
function base32(bytes: Buffer, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += BASE32[bytes[i % bytes.length] & 31];
  return s;
}
/** A stable ID like AWS's unique IDs (`AIDA…`, `AROA…`), derived from `of`. */
export const uniqueId = (prefix: string, of: string): string => prefix + base32(createHash('sha256').update(of).digest(), 17);

export class Identities {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly opts: { strict: boolean; homeAccountId: string; accessKeys?: Record<string, string> },
  ) {}

  resolve(cred: RequestCredential | undefined, now: number): Caller | IdentityFailure {
    if (!cred) return this.opts.strict ? 'missing' : this.user('anonymous', this.opts.homeAccountId);
    const session = this.sessions.get(cred.accessKeyId);
    if (session) {
      if (cred.sessionToken !== session.sessionToken) return 'unrecognized';
      if (now >= session.expiresAt) return 'expired';
      return {
        accessKeyId: cred.accessKeyId,
        accountId: session.accountId,
        arn: `arn:aws:sts::${session.accountId}:assumed-role/${session.roleName}/${session.sessionName}`,
        userId: `${session.roleId}:${session.sessionName}`,
        session,
      };
    }
    if (this.opts.strict && cred.accessKeyId.startsWith('ASIA')) return 'unrecognized';
    const keys = this.opts.accessKeys;
    if (this.opts.strict && keys && !Object.hasOwn(keys, cred.accessKeyId)) return 'unrecognized';
    return this.user(cred.accessKeyId, keys?.[cred.accessKeyId] ?? this.opts.homeAccountId);
  }

  private user(accessKeyId: string, accountId: string): Caller {
    return { accessKeyId, accountId, arn: `arn:aws:iam::${accountId}:user/${EMULATOR_USER}`, userId: uniqueId('AIDA', `${accountId}/${accessKeyId}`) };
  }

  /** Issues temporary credentials for `roleArn` (already allowed) lasting `durationSeconds` from `now`. */
  issue(role: { roleArn: string; accountId: string; roleName: string }, sessionName: string, durationSeconds: number, now: number): Session {
    const session: Session = {
      accessKeyId: `ASIA${base32(randomBytes(16), 16)}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: `IQoJb3JpZ2luX2VtdWxhdG9y${randomBytes(96).toString('base64')}`,
      expiresAt: Math.floor(now / 1000) * 1000 + durationSeconds * 1000, // whole seconds, as STS's Expiration
      accountId: role.accountId,
      roleArn: role.roleArn,
      roleName: role.roleName,
      roleId: uniqueId('AROA', role.roleArn),
      sessionName,
    };
    this.sessions.set(session.accessKeyId, session);
    return session;
  }
}
