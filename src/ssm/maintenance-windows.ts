/** maintenance-windows: placeholder, being written. */
import type { SsmSession } from './session.ts';

export function createMaintenanceWindowsApi(session: SsmSession) {
  return { session };
}
