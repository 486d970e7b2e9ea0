/**
 * What the emulator serves at a time: its locations, who may call, and which
 * roles may be assumed. Rebuilt by `setData` / `setEstate` (temporary
 * credentials issued before are forgotten then).
 */
import type { Dataset } from './dataset.ts';
import type { Estate, EstateRole } from './estate.ts';
import { DEFAULT_ACCOUNT_ID, DEFAULT_REGION } from './generate/prng.ts';
import { Identities } from './identities.ts';
import { Locations, type LocationOptions } from './locations.ts';

export interface World {
  locations: Locations;
  identities: Identities;
  roles: Map<string, EstateRole>;
  /** `data` alone: any role can be assumed. */
  anyRole: boolean;
  /** The region of an unsigned call (`data` alone only; an estate refuses those). */
  defaultRegion: string;
}

export function createWorld(source: { data: Dataset } | { estate: Estate }, opts: LocationOptions): World {
  const locations = new Locations(source, opts);
  if (!('estate' in source)) {
    return { locations, identities: new Identities({ strict: false, homeAccountId: DEFAULT_ACCOUNT_ID }), roles: new Map(), anyRole: true, defaultRegion: DEFAULT_REGION };
  }
  const e = source.estate;
  const home = e.locations[0];
  return {
    locations,
    identities: new Identities({ strict: true, homeAccountId: home.accountId, accessKeys: e.accessKeys }),
    roles: new Map((e.roles ?? []).map((r) => [r.roleArn, r])),
    anyRole: false,
    defaultRegion: home.region,
  };
}

