/**
 * `createLocationRegistry`: the served locations (contract in locations.ts),
 * from their clients and the one question the home location needs answered:
 * whose are the base credentials.
 */
import type { SSMClient } from '@aws-sdk/client-ssm';
import { classifyError, type SsmError } from './errors.ts';
import {
  locationKey,
  stateAfter,
  type LocationRegistry,
  type LocationStatus,
  type PendingHome,
  type ServedLocation,
} from './locations.ts';
import { createUpstream, type UpstreamCall } from './upstream.ts';

export interface LocationSpec {
  /** The account; undefined for the home location (the base credentials' account, asked of STS). */
  accountId?: string;
  region: string;
  client: SSMClient;
}

export interface RegistryOptions {
  /** Home first: the specs without an account are the home account's regions. */
  specs: LocationSpec[];
  /** The base credentials' account ID (STS GetCallerIdentity). */
  callerAccount: () => Promise<string>;
  /** Upstream calls in flight at once, per location. */
  maxConcurrency?: number;
  onCall?: (call: UpstreamCall & { accountId: string; region: string }) => void;
  /** How long after a failed GetCallerIdentity before it is asked again. */
  retryMs?: number;
  now?: () => number;
}

export function createLocationRegistry(opts: RegistryOptions): LocationRegistry {
  const now = opts.now ?? Date.now;
  const retryMs = opts.retryMs ?? 5_000;
  const served = new Map<string, ServedLocation>();
  const homeRegion = opts.specs[0].region;

  const serve = (spec: LocationSpec, accountId: string, home: boolean): ServedLocation => {
    let status: LocationStatus = { state: 'unknown' };
    const location = { accountId, region: spec.region };
    const upstream = createUpstream({
      client: spec.client,
      maxConcurrency: opts.maxConcurrency,
      location,
      onCall: (call) => {
        const state = call.error ? stateAfter(call.error as SsmError['kind']) : 'ok';
        if (state) status = state === 'ok' ? { state } : { state, code: call.error };
        opts.onCall?.({ ...call, ...location });
      },
    });
    const out: ServedLocation = { ...location, home, namespace: `${locationKey(location)}:`, upstream, client: spec.client, status: () => status };
    served.set(locationKey(location), out);
    return out;
  };
  for (const spec of opts.specs) if (spec.accountId) serve(spec, spec.accountId, false);

  // The home account, asked once; a failure is remembered for `retryMs`, then asked again.
  let homeAccount: Promise<string> | undefined;
  let failed: { at: number; error: SsmError } | undefined;
  const resolveHome = async (): Promise<string> => {
    if (failed && now() - failed.at < retryMs) throw failed.error;
    homeAccount ??= opts.callerAccount().then(
      (accountId) => {
        for (const spec of opts.specs) if (!spec.accountId) serve(spec, accountId, true);
        failed = undefined;
        return accountId;
      },
      (e: unknown) => {
        failed = { at: now(), error: classifyError('GetCallerIdentity', e) };
        homeAccount = undefined;
        throw failed.error;
      },
    );
    return homeAccount;
  };
  const pendingHome = (): PendingHome => ({
    accountId: undefined,
    region: homeRegion,
    home: true,
    status: () => ({ state: 'unavailable', code: failed?.error.kind ?? 'UNAVAILABLE' }),
  });

  return {
    async list() {
      const home = await resolveHome().catch(() => undefined);
      const homes = home
        ? opts.specs.filter((s) => !s.accountId).map((s) => served.get(locationKey({ accountId: home, region: s.region }))!)
        : [pendingHome()];
      return [...homes, ...[...served.values()].filter((l) => !l.home)];
    },
    async home() {
      const accountId = await resolveHome();
      return served.get(locationKey({ accountId, region: homeRegion }))!;
    },
    async find(accountId, region) {
      await resolveHome().catch(() => undefined);
      return served.get(locationKey({ accountId, region }));
    },
    get: (accountId, region) => served.get(locationKey({ accountId, region })),
    known() {
      const locations = [...served.values()];
      return {
        accounts: new Set(locations.map((l) => l.accountId)),
        regions: new Set(opts.specs.map((s) => s.region)),
        homeResolved: locations.some((l) => l.home),
      };
    },
    close() {
      for (const spec of opts.specs) spec.client.destroy();
    },
  };
}
