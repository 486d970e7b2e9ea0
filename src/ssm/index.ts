/**
 * The ssm layer's public face: one `SsmApi` per GraphQL request, over the
 * served locations (locations.ts), their upstream doors and the shared cache.
 * It knows nothing of GraphQL. How a read travels: src/ssm/README.md.
 */
import { createAssociationsApi } from './associations.ts';
import { createAutomationApi } from './automation.ts';
import type { UpstreamCache } from './cache/index.ts';
import { createCommandsApi } from './commands.ts';
import { ENTITIES, type EntityKey, type EntityName } from './entities.ts';
import type { EntityLoader } from './entity-loader.ts';
import { SsmError } from './errors.ts';
import type { Located, Location, LocationRegistry, ServedLocation } from './locations.ts';
import { createMaintenanceWindowsApi } from './maintenance-windows.ts';
import { RequestSession, type SsmSession, type WaitGuard } from './session.ts';

export interface SsmApiOptions {
  locations: LocationRegistry;
  cache: UpstreamCache;
  maxCallsPerRequest?: number;
  /** Bounds this request's waits for upstream results (its deadline). */
  guard?: WaitGuard;
  /** Reads no mutable cache entry loaded before this time (a live poll; see session.ts). */
  freshSince?: number;
}

/** One location's SSM within one request: its domains, each built on first use. */
function createLocationApi(session: SsmSession) {
  return {
    session,
    get automation() {
      return once(this, 'automation', () => createAutomationApi(session));
    },
    get associations() {
      return once(this, 'associations', () => createAssociationsApi(session));
    },
    get maintenanceWindows() {
      return once(this, 'maintenanceWindows', () => createMaintenanceWindowsApi(session));
    },
    get commands() {
      return once(this, 'commands', () => createCommandsApi(session));
    },
    /** The by-key loader of `entity` in this location (its domain's). */
    entity<E extends EntityName>(entity: E): EntityLoader<E, EntityKey<E>> {
      return (this[ENTITIES[entity].domain] as { entities: Record<string, unknown> }).entities[entity] as never;
    },
  };
}
export type LocationApi = ReturnType<typeof createLocationApi>;

export function createSsmApi({ locations, cache, maxCallsPerRequest, guard, freshSince }: SsmApiOptions) {
  const session = new RequestSession({ cache, maxCalls: maxCallsPerRequest, guard, freshSince });
  const apis = new Map<ServedLocation, LocationApi>();
  const at = (location: ServedLocation): LocationApi => {
    let api = apis.get(location);
    if (!api) apis.set(location, (api = createLocationApi(session.at(location))));
    return api;
  };
  /** The served location `l` names; rejects (LOCATION_NOT_CONFIGURED) when the gateway does not serve it. */
  const served = async (l: Location): Promise<ServedLocation> => {
    const found = locations.get(l.accountId, l.region) ?? (await locations.find(l.accountId, l.region));
    if (!found) throw Object.assign(new SsmError('UNSERVED_LOCATION', 'LocationLookup'), { location: { ...l } });
    return found;
  };
  return {
    /** This request's calls, cache hits and the cache entries it read, across locations. */
    session,
    locations,
    /** The API of a location the gateway serves. */
    at,
    /** The API of the location a record (or key) of a served location carries. */
    of: (record: { AccountId: string; Region: string }): LocationApi => {
      const location = locations.get(record.AccountId, record.Region);
      if (!location) throw new Error(`ssm: no served location ${record.AccountId}/${record.Region} for a record that names it`);
      return at(location);
    },
    /** The API of location `l`, or LOCATION_NOT_CONFIGURED. */
    in: async (l: Location): Promise<LocationApi> => at(await served(l)),
    /** The home location's API (its account resolved once, see locations.ts). */
    home: async (): Promise<LocationApi> => at(await locations.home()),
    /**
     * Loads records of `entity` by key, each in the location its key names:
     * keys are grouped by location, so one upstream call never mixes locations.
     */
    entity<E extends EntityName>(entity: E) {
      const load = async (key: EntityKey<E>) => (await this.in({ accountId: (key as unknown as Located).AccountId, region: (key as unknown as Located).Region })).entity(entity).load(key);
      return {
        load,
        loadMany: (keys: readonly EntityKey<E>[]) => Promise.all(keys.map((k) => load(k).catch((e: Error) => e))),
      };
    },
  };
}

/** Replaces the getter `key` of `target` by the value `make` returns, and returns it. */
function once<T>(target: object, key: string, make: () => T): T {
  const value = make();
  Object.defineProperty(target, key, { value, enumerable: true });
  return value;
}

export type SsmApi = ReturnType<typeof createSsmApi>;
export type { Page, WaitGuard } from './session.ts';
export { SsmError } from './errors.ts';
