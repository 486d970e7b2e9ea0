/**
 * An estate: the accounts and regions the emulator pretends to be.
 *
 * Contract. A location is (accountId, region); each configured location has
 * its own Dataset. A call is routed by the region of its SigV4 credential scope
 * and the account of its access key (see `identities.ts`):
 * - a configured location answers from its data;
 * - a known account (of a location, a role or an access key) in a region that
 *   is not disabled, with no data, answers like an empty account;
 * - a region in `disabledRegions` answers as AWS does for a region not enabled
 *   for the account (`UnrecognizedClientException`, "The security token
 *   included in the request is invalid.");
 * - with `data` alone (no estate) the one dataset answers every account and
 *   region, and any access key and role are accepted.
 */
import type { Dataset } from './dataset.ts';

export interface EstateLocation {
  /** 12 digits. */
  accountId: string;
  /** e.g. `us-east-1`. */
  region: string;
  data: Dataset;
}

export interface EstateRole {
  /** `arn:aws:iam::<account>:role/<path/>name`; the account is the one its sessions act in. */
  roleArn: string;
  /** Every AssumeRole of this role answers AccessDenied (a trust policy that does not trust the caller). */
  refuse?: boolean;
  /** When set, AssumeRole must pass exactly this ExternalId, else AccessDenied. */
  externalId?: string;
  /** The role's MaxSessionDuration in seconds (default 3600, as IAM's; at most 43200). */
  maxSessionDurationSeconds?: number;
}

export interface Estate {
  /** The first location's account is the home account. At least one location. */
  locations: EstateLocation[];
  /** Roles AssumeRole may be asked for; any other role answers AccessDenied. */
  roles?: EstateRole[];
  /**
   * Long-term access key ID → account ID. When given, only these keys (and the
   * temporary ones AssumeRole issued) are accepted; others answer
   * UnrecognizedClientException. When absent, every key belongs to the home account.
   */
  accessKeys?: Record<string, string>;
  /** Regions not enabled for any account of the estate. */
  disabledRegions?: string[];
}

export const ACCOUNT_ID_RE = /^\d{12}$/;
export const REGION_RE = /^[a-z]{2}(-[a-z]+)+-\d+$/;
/** `arn:aws:iam::<account>:role/[path/]name`: group 1 the account, group 2 the role name. */
export const ROLE_ARN_RE = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;

export const locationKey = (accountId: string, region: string): string => `${accountId}/${region}`;

/** Throws a descriptive Error when an estate is malformed (duplicate locations, bad IDs, unknown key accounts). */
export function checkEstate(e: Estate): Estate {
  const problems: string[] = [];
  if (!Array.isArray(e?.locations) || e.locations.length === 0) throw new Error('estate: locations must be a non-empty array');
  const seen = new Set<string>();
  e.locations.forEach((l, i) => {
    if (!ACCOUNT_ID_RE.test(String(l.accountId))) problems.push(`locations[${i}].accountId: ${JSON.stringify(l.accountId)} is not a 12-digit account ID`);
    if (!REGION_RE.test(String(l.region))) problems.push(`locations[${i}].region: ${JSON.stringify(l.region)} is not a region name`);
    const k = locationKey(l.accountId, l.region);
    if (seen.has(k)) problems.push(`locations[${i}]: duplicate location ${k}`);
    seen.add(k);
    if (typeof l.data !== 'object' || l.data === null) problems.push(`locations[${i}].data: expected a dataset`);
  });
  (e.roles ?? []).forEach((r, i) => {
    if (!ROLE_ARN_RE.test(String(r.roleArn))) problems.push(`roles[${i}].roleArn: ${JSON.stringify(r.roleArn)} is not an IAM role ARN`);
    const max = r.maxSessionDurationSeconds;
    if (max !== undefined && !(Number.isInteger(max) && max >= 900 && max <= 43200)) problems.push(`roles[${i}].maxSessionDurationSeconds: must be an integer in [900, 43200]`);
  });
  for (const [key, account] of Object.entries(e.accessKeys ?? {})) {
    if (!/^[A-Z0-9]{16,128}$/.test(key)) problems.push(`accessKeys: ${JSON.stringify(key)} is not an access key ID (16+ upper-case letters and digits)`);
    if (!ACCOUNT_ID_RE.test(String(account))) problems.push(`accessKeys[${key}]: ${JSON.stringify(account)} is not a 12-digit account ID`);
  }
  for (const r of e.disabledRegions ?? []) if (!REGION_RE.test(String(r))) problems.push(`disabledRegions: ${JSON.stringify(r)} is not a region name`);
  for (const l of e.locations) if ((e.disabledRegions ?? []).includes(l.region)) problems.push(`disabledRegions: ${l.region} holds the location ${locationKey(l.accountId, l.region)}`);
  if (problems.length) throw new Error(`estate: ${problems.join('; ')}`);
  return e;
}

/** Every account the estate knows: of its locations, roles and access keys. */
export function estateAccounts(e: Estate): Set<string> {
  const out = new Set(e.locations.map((l) => l.accountId));
  for (const r of e.roles ?? []) out.add(ROLE_ARN_RE.exec(r.roleArn)![1]);
  for (const a of Object.values(e.accessKeys ?? {})) out.add(a);
  return out;
}
