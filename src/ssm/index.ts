/**
 * The ssm layer's public face: one `SsmApi` per GraphQL request, over a shared
 * upstream and cache. It knows nothing of GraphQL.
 */
import { createAssociationsApi } from './associations.ts';
import { createAutomationApi } from './automation.ts';
import { createCommandsApi } from './commands.ts';
import { createMaintenanceWindowsApi } from './maintenance-windows.ts';
import type { ResponseCache } from './cache.ts';
import { SsmSession } from './session.ts';
import type { Upstream } from './upstream.ts';

export interface SsmApiOptions {
  upstream: Upstream;
  cache: ResponseCache;
  maxCallsPerRequest?: number;
}

export function createSsmApi({ upstream, cache, maxCallsPerRequest }: SsmApiOptions) {
  const session = new SsmSession({ upstream, cache, maxCalls: maxCallsPerRequest });
  return {
    session,
    automation: createAutomationApi(session),
    associations: createAssociationsApi(session),
    maintenanceWindows: createMaintenanceWindowsApi(session),
    commands: createCommandsApi(session),
  };
}

export type SsmApi = ReturnType<typeof createSsmApi>;
export type { Page } from './session.ts';
export { SsmError } from './errors.ts';
