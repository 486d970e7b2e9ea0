/**
 * Locations in the graph: `Query.locations`, every record's `accountId` and
 * `region`, and the location arguments of the root fields.
 *
 * - Single-record root fields take `accountId` and `region`, each defaulting to
 *   the home location's.
 * - Root lists take `accountIds` and `regions` (default: every served
 *   location) and answer one connection over the locations both select
 *   (estate-connection.ts).
 * An account or region the gateway does not serve is BAD_USER_INPUT (reason
 * UNKNOWN_LOCATION) with no upstream call; the pre-execution checks refuse it
 * too (`checkLocationArgs`, src/server/preflight/checks.ts).
 */
import type { LocationApi } from '../ssm/index.ts';
import type { LocationRegistry, LocationStatus, ServedLocation } from '../ssm/locations.ts';
import { builder } from './builder.ts';
import type { SchemaContext } from './context.ts';
import { BY_KIND_CODE, badInput } from './errors.ts';

// Pothos' field builder, typed loosely: these helpers add fields to several types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type FieldBuilder = any;

interface LocationInfo {
  accountId?: string;
  region: string;
  home: boolean;
  status(): LocationStatus;
}

const LocationState = builder.enumType('LocationState', {
  description: 'What the last upstream call to a location said.',
  values: {
    OK: { value: 'ok', description: 'It answered.' },
    FORBIDDEN: { value: 'forbidden', description: "It refused the gateway's credentials (its role cannot be assumed, or the region is not enabled)." },
    UNAVAILABLE: { value: 'unavailable', description: 'SSM or STS failed or could not be reached there.' },
    UNKNOWN: { value: 'unknown', description: 'No call has been made there yet.' },
  },
});

const Location = builder.objectRef<LocationInfo>('Location').implement({
  description: 'An (account, region) the gateway serves.',
  fields: (t) => ({
    accountId: t.id({
      nullable: true,
      description: "The 12-digit account ID; null for the home location until its account is known (STS GetCallerIdentity).",
      resolve: (l) => l.accountId ?? null,
    }),
    region: t.exposeString('region', { description: 'The AWS Region code.' }),
    home: t.exposeBoolean('home', { description: "True for the base credentials' own account, in its regions." }),
    state: t.field({ type: LocationState, description: 'Its last known state.', resolve: (l) => l.status().state }),
    errorCode: t.string({
      nullable: true,
      description: 'The `extensions.code` of its last failure, when its state is not OK.',
      resolve: (l) => {
        const { state, code } = l.status();
        return state === 'ok' || !code ? null : (BY_KIND_CODE[code as keyof typeof BY_KIND_CODE] ?? code);
      },
    }),
  }),
});

builder.queryField('locations', (t) =>
  t.field({
    type: [Location],
    description: 'The accounts and regions the gateway serves (SSM_REGIONS, SSM_ACCOUNT_ROLES, SSM_GRAPH_CONFIG), home first.',
    resolve: (_root, _args, ctx) => ctx.ssm.locations.list(),
  }),
);

/** `accountId` and `region` on a record type, from the members every record carries. */
export function locationFields(t: FieldBuilder): Record<string, unknown> {
  return {
    accountId: t.exposeID('AccountId', { nullable: false, description: 'The AWS account the record lives in.' }),
    region: t.exposeString('Region', { nullable: false, description: 'The AWS Region the record lives in.' }),
  };
}

/** The arguments of a single-record root field that choose its location. */
export const recordLocationArgs = (t: FieldBuilder) => ({
  accountId: t.arg.id({ description: "The record's account (default: the home location's)." }),
  region: t.arg.string({ description: "The record's Region (default: the home location's)." }),
});

/** The arguments of a root list that choose its locations. */
export const listLocationArgs = (t: FieldBuilder) => ({
  accountIds: t.arg.idList({ description: 'Only these accounts (default: every served account).' }),
  regions: t.arg.stringList({ description: 'Only these Regions (default: every served Region).' }),
});

interface RecordArgs {
  accountId?: unknown;
  region?: unknown;
}
interface ListArgs {
  accountIds?: readonly (string | number)[] | null;
  regions?: readonly string[] | null;
}

/** BAD_USER_INPUT (UNKNOWN_LOCATION) for location arguments naming what the gateway does not serve; makes no call. */
export function checkLocationArgs(args: RecordArgs & ListArgs, registry: LocationRegistry): void {
  const { accounts, regions, homeResolved } = registry.known();
  const accountList = [...(args.accountIds ?? []), ...(args.accountId != null ? [args.accountId] : [])].map(String);
  const regionList = [...(args.regions ?? []), ...(args.region != null ? [String(args.region)] : [])];
  // Until the home account is known, an account ID that is none of the roles' may be it.
  for (const a of accountList) if (!accounts.has(a) && homeResolved) throw unknown('accountId', a, [...accounts]);
  for (const r of regionList) if (!regions.has(r)) throw unknown('region', r, [...regions]);
}

const unknown = (argument: string, value: string, served: string[]) =>
  badInput(`This gateway serves no ${argument === 'region' ? 'Region' : 'account'} "${value.slice(0, 64)}" (it serves ${served.join(', ')}).`, {
    argument,
    reason: 'UNKNOWN_LOCATION',
  });

/** The location a single-record root field reads: its arguments, defaulting to the home location's parts. */
export async function recordLocation(ctx: SchemaContext, args: RecordArgs): Promise<LocationApi> {
  checkLocationArgs(args, ctx.ssm.locations);
  if (args.accountId == null && args.region == null) return ctx.ssm.home();
  const home = await ctx.ssm.locations.home().catch(() => undefined);
  const accountId = args.accountId != null ? String(args.accountId) : home?.accountId;
  const region = args.region != null ? String(args.region) : home?.region;
  if (!accountId || !region) return ctx.ssm.home(); // rejects with why the home location is not known
  const found = await ctx.ssm.locations.find(accountId, region);
  if (!found) throw badInput(`This gateway does not serve ${accountId} in ${region}.`, { reason: 'UNKNOWN_LOCATION' });
  return ctx.ssm.at(found);
}

/**
 * The served locations a root list reads, home first, and (`pending`) why the
 * home location cannot be read when its account is not known yet and no
 * argument leaves it out; BAD_USER_INPUT for unknown arguments.
 */
export async function listLocations(ctx: SchemaContext, args: ListArgs): Promise<{ served: ServedLocation[]; pending: unknown[] }> {
  checkLocationArgs(args, ctx.ssm.locations);
  const accounts = args.accountIds?.map(String);
  const inRegion = (region: string) => !args.regions || args.regions.includes(region);
  const all = await ctx.ssm.locations.list();
  const served = all.filter((l): l is ServedLocation => l.accountId !== undefined);
  const unknownHome = all.find((l) => l.accountId === undefined);
  const pending = unknownHome && !accounts && inRegion(unknownHome.region) ? [await ctx.ssm.locations.home().then(() => undefined, (e: unknown) => e)] : [];
  return {
    served: served.filter((l) => (!accounts || accounts.includes(l.accountId)) && inRegion(l.region)),
    pending: pending.filter((e) => e !== undefined),
  };
}
