/**
 * The ssm layer's public face: one `SsmApi` per GraphQL request, over a shared
 * upstream and cache. It knows nothing of GraphQL.
 */
import { createAssociationsApi } from './associations.ts';
import { createAutomationApi } from './automation.ts';
import { createCommandsApi } from './commands.ts';
import { createMaintenanceWindowsApi } from './maintenance-windows.ts';
import type { UpstreamCache } from './cache/index.ts';
import { ENTITIES, type EntityKey, type EntityName } from './entities.ts';
import type { EntityLoader } from './entity-loader.ts';
import { SsmSession, type WaitGuard } from './session.ts';
import type { Upstream } from './upstream.ts';

export interface SsmApiOptions {
  upstream: Upstream;
  cache: UpstreamCache;
  maxCallsPerRequest?: number;
  /** Bounds this request's waits for upstream results (its deadline). */
  guard?: WaitGuard;
}

export function createSsmApi({ upstream, cache, maxCallsPerRequest, guard }: SsmApiOptions) {
  const session = new SsmSession({ upstream, cache, maxCalls: maxCallsPerRequest, guard });
  // Each domain's loaders are built on first use: most requests touch one or two domains.
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
    /** The by-key loader of `entity` (its domain's, built on first use). */
    entity<E extends EntityName>(entity: E): EntityLoader<E, EntityKey<E>> {
      return (this[ENTITIES[entity].domain] as { entities: Record<string, unknown> }).entities[entity] as never;
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
