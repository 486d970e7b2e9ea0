/** associations: placeholder, being written. */
import type { SsmSession } from './session.ts';

export function createAssociationsApi(session: SsmSession) {
  return { session };
}
