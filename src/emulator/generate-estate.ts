/**
 * Deterministic generator of an estate: several accounts × regions, each
 * location with its own data (the home location the richest), multi-account
 * automations from the home location into the others, one assumable role per
 * non-home account, a refused role in a further account, an access key per
 * account and a disabled region.
 *
 * The same seed, size and `now` give deep-equal estates. The home location
 * holds `generateDataset({ seed, size, now })`'s kind of data (with the home
 * account and region in its ARNs) plus the CrossAccount parents; the other
 * locations are one size smaller (`tiny` under a small estate).
 */
import { describeDataset, generateLocation, type DatasetSize } from './generate.ts';
import type { Estate, EstateLocation } from './estate.ts';
import { crossAccountAutomation, crossAccountStart, type CrossAccountTarget } from './generate/cross-account.ts';
import { ANCHOR_MS, Rng } from './generate/prng.ts';
import type { LocationSize } from './generate/profiles.ts';
import type { Ctx } from './generate/run-state.ts';

export interface EstateGenerateOptions {
  /** Default 1. */
  seed?: number;
  /** Size of the home location (default small); the others are one size smaller. */
  size?: DatasetSize;
  /** Reference time (default `ANCHOR_MS`). */
  now?: Date | number;
  /** Plan executions in progress for live mode (see `generateDataset`). */
  live?: boolean;
  /** Accounts with data, the first being home (default 111111111111, 222222222222). */
  accounts?: string[];
  /** Regions with data, the first being home (default us-east-1, eu-west-1). */
  regions?: string[];
}

export interface GeneratedEstate extends Estate {
  home: { accountId: string; region: string };
  /** A long-term access key of each account with data (also in `accessKeys`). */
  accessKeyOf: Record<string, string>;
  /** The assumable role of each non-home account with data. */
  roleOf: Record<string, string>;
  /** A role in an account without data whose AssumeRole is always refused. */
  refusedRoleArn: string;
  /** The CrossAccount parents in the home location and every location they target. */
  crossAccount: {
    parentIds: string[];
    /** Targets with data: each child is there. */
    served: { accountId: string; region: string }[];
    /** Targets the estate does not serve: steps name children no location holds. */
    unserved: { accountId: string; region: string; why: string }[];
  };
}

export const DEFAULT_ESTATE_ACCOUNTS = ['111111111111', '222222222222'];
export const DEFAULT_ESTATE_REGIONS = ['us-east-1', 'eu-west-1'];
/** The account of the refused role: known to the estate, no data, not assumable. */
export const REFUSED_ACCOUNT_ID = '333333333333';
/** Disabled in every generated estate, for the unreachable-location path. */
export const DISABLED_REGION = 'ap-east-1';
/** Served by no generated estate (a region the gateway is not told about). */
export const UNSERVED_REGION = 'ap-southeast-2';
export const READER_ROLE_NAME = 'ssm-graph-reader';

const SMALLER: Record<DatasetSize, LocationSize> = { small: 'tiny', medium: 'small', large: 'medium' };
export const accessKeyFor = (accountId: string): string => `AKIAEMU${accountId}`;
export const readerRoleArn = (accountId: string): string => `arn:aws:iam::${accountId}:role/${READER_ROLE_NAME}`;

export function generateEstate(opts: EstateGenerateOptions = {}): GeneratedEstate {
  const seed = opts.seed ?? 1;
  const size = opts.size ?? 'small';
  const now = opts.now === undefined ? ANCHOR_MS : new Date(opts.now).getTime();
  const accounts = opts.accounts ?? DEFAULT_ESTATE_ACCOUNTS;
  const regions = opts.regions ?? DEFAULT_ESTATE_REGIONS;
  if (accounts.length === 0 || regions.length === 0) throw new Error('generateEstate: at least one account and one region');
  if (regions.includes(UNSERVED_REGION) || regions.includes(DISABLED_REGION)) throw new Error(`generateEstate: ${UNSERVED_REGION} and ${DISABLED_REGION} are kept without data`);
  if (accounts.includes(REFUSED_ACCOUNT_ID)) throw new Error(`generateEstate: ${REFUSED_ACCOUNT_ID} is the refused role's account`);
  const ctxs: Ctx[] = [];
  accounts.forEach((accountId, a) =>
    regions.forEach((region, r) => {
      const home = a === 0 && r === 0;
      ctxs.push(generateLocation({ seed: home ? seed : (Math.imul(seed, 7919) + ctxs.length) | 0, size: home ? size : SMALLER[size], now, accountId, region, live: opts.live }));
    }),
  );
  const [home, ...others] = ctxs;

  // Cross-account runs: every other served location, one the estate does not serve, and the refused account.
  const rng = new Rng(seed ^ 0x0c7055ac);
  const targets: CrossAccountTarget[] = [
    ...others.map((c) => ({ accountId: c.accountId, region: c.region, ctx: c })),
    { accountId: accounts[accounts.length - 1], region: UNSERVED_REGION },
    { accountId: REFUSED_ACCOUNT_ID, region: regions[0] },
  ];
  const parentIds = [0, 1].map((i) => crossAccountAutomation(home, rng, targets, crossAccountStart(now, i, rng), i === 1 ? others.length - 1 : -1).AutomationExecutionId!);

  const locations: EstateLocation[] = ctxs.map((c) => ({ accountId: c.accountId, region: c.region, data: c.d }));
  const accessKeyOf = Object.fromEntries(accounts.map((acct) => [acct, accessKeyFor(acct)]));
  const roleOf = Object.fromEntries(accounts.slice(1).map((acct) => [acct, readerRoleArn(acct)]));
  return {
    locations,
    roles: [...Object.values(roleOf).map((roleArn) => ({ roleArn })), { roleArn: readerRoleArn(REFUSED_ACCOUNT_ID), refuse: true }],
    accessKeys: Object.fromEntries(accounts.map((acct) => [accessKeyFor(acct), acct])),
    disabledRegions: [DISABLED_REGION],
    home: { accountId: home.accountId, region: home.region },
    accessKeyOf,
    roleOf,
    refusedRoleArn: readerRoleArn(REFUSED_ACCOUNT_ID),
    crossAccount: {
      parentIds,
      served: others.map((c) => ({ accountId: c.accountId, region: c.region })),
      unserved: [
        { accountId: accounts[accounts.length - 1], region: UNSERVED_REGION, why: 'a region the estate has no data for (answers as an empty account)' },
        { accountId: REFUSED_ACCOUNT_ID, region: regions[0], why: 'an account whose role refuses AssumeRole' },
      ],
    },
  };
}

/** `describeDataset` per location, keyed `account/region`. */
export function describeEstate(e: Estate): Record<string, Record<string, number>> {
  return Object.fromEntries(e.locations.map((l) => [`${l.accountId}/${l.region}`, describeDataset(l.data)]));
}
