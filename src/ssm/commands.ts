/** commands: placeholder, being written. */
import type { SsmSession } from './session.ts';

export function createCommandsApi(session: SsmSession) {
  return { session };
}
