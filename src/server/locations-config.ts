/**
 * Which locations the gateway serves, from its settings (SSM_REGIONS,
 * SSM_ACCOUNT_ROLES, SSM_ROLE_*) and, optionally, the JSON file SSM_GRAPH_CONFIG
 * names (main.ts reads it and passes its text here).
 *
 * The file's format (documented in the README, Locations):
 *
 *   { "regions": ["us-east-1", "eu-west-1"],
 *     "accounts": [
 *       { "roleArn": "arn:aws:iam::222222222222:role/ssm-graph-reader",
 *         "regions": ["eu-west-1"], "externalId": "…" } ] }
 *
 * `regions` are the home account's (and every account's unless it lists its
 * own); each account is reached through its role. The environment and the file
 * must not disagree silently: when both give the regions, or both the roles,
 * they must be equal, else the gateway refuses to start naming both.
 */
import { z } from 'zod';
import type { GatewayConfig } from './config.ts';
import { ConfigError } from './settings-loader.ts';

export const REGION_CODE = { schema: z.string().trim().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/), accepts: 'AWS Region codes (us-east-1)' };
const ROLE_ARN_RE = /^arn:aws[\w-]*:iam::(\d{12}):role\/[\w+=,.@/-]+$/;
export const ROLE_ARN = { schema: z.string().trim().regex(ROLE_ARN_RE), accepts: 'IAM role ARNs (arn:aws:iam::123456789012:role/name)' };

export interface AccountPlan {
  roleArn: string;
  accountId: string;
  regions: string[];
  externalId?: string;
}

export interface LocationPlan {
  /** The home account's regions, home region first; empty: the SDK's region. */
  homeRegions: string[];
  accounts: AccountPlan[];
  sessionName: string;
  durationSeconds: number;
}

const FILE = z.strictObject({
  regions: z.array(REGION_CODE.schema).min(1).optional(),
  accounts: z
    .array(
      z.strictObject({
        roleArn: ROLE_ARN.schema,
        regions: z.array(REGION_CODE.schema).min(1).optional(),
        externalId: z.string().min(2).max(1224).optional(),
      }),
    )
    .optional(),
});

/** The locations to serve; ConfigError naming the problem (a bad file, env and file disagreeing). */
export function planLocations(ssm: GatewayConfig['ssm'], fileText?: string): LocationPlan {
  let file: z.infer<typeof FILE> = {};
  if (fileText !== undefined) {
    try {
      file = FILE.parse(JSON.parse(fileText));
    } catch (e) {
      const why = e instanceof z.ZodError ? e.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ') : (e as Error).message;
      throw new ConfigError([`SSM_GRAPH_CONFIG (${ssm.configFile}) is not a valid locations file: ${why}`]);
    }
  }
  const problems: string[] = [];
  const fileRoles = file.accounts?.map((a) => a.roleArn);
  if (file.regions && ssm.regions.length && !sameList(file.regions, ssm.regions)) {
    problems.push(`SSM_REGIONS (${ssm.regions.join(',')}) and SSM_GRAPH_CONFIG's regions (${file.regions.join(',')}) disagree: set one, or make them equal`);
  }
  if (fileRoles && ssm.accountRoles.length && !sameList(fileRoles, ssm.accountRoles)) {
    problems.push(`SSM_ACCOUNT_ROLES and SSM_GRAPH_CONFIG's accounts name different roles: set one, or make them equal`);
  }
  const homeRegions = file.regions ?? ssm.regions;
  const listed: { roleArn: string; regions?: string[]; externalId?: string }[] = file.accounts ?? ssm.accountRoles.map((roleArn) => ({ roleArn }));
  const accounts: AccountPlan[] = listed.map((a) => ({
    roleArn: a.roleArn,
    accountId: ROLE_ARN_RE.exec(a.roleArn)![1],
    regions: a.regions ?? homeRegions,
    externalId: a.externalId ?? ssm.roleExternalId,
  }));
  const seen = new Set<string>();
  for (const a of accounts) {
    if (seen.has(a.accountId)) problems.push(`two roles for account ${a.accountId}: one role per account`);
    seen.add(a.accountId);
  }
  if (problems.length) throw new ConfigError(problems);
  return { homeRegions, accounts, sessionName: ssm.roleSessionName, durationSeconds: ssm.roleDurationSeconds };
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
