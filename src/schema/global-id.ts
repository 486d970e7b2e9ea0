/**
 * Relay global IDs: base64url of `Type:key`, where the key holds every SSM ID
 * needed to fetch the object again, joined by `/` (src/ssm/entities.ts). A
 * malformed ID is refused here, with BAD_USER_INPUT, before any upstream call;
 * each key part is checked by the entity's node (src/schema/entity.ts).
 */
import { badInput, truncate } from './errors.ts';

const GLOBAL_ID = /^[A-Za-z0-9_-]+={0,2}$/;

export function encodeGlobalId(typename: string, id: string | number | bigint): string {
  return Buffer.from(`${typename}:${id}`).toString('base64url');
}

export function decodeGlobalId(globalId: string): { typename: string; id: string } {
  const text = GLOBAL_ID.test(globalId) ? Buffer.from(globalId, 'base64url').toString('utf8') : '';
  const sep = text.indexOf(':');
  if (sep < 1 || !/^[A-Za-z]\w*$/.test(text.slice(0, sep)) || sep === text.length - 1) {
    throw badInput(`Malformed ID "${truncate(globalId)}": pass an \`id\` exactly as the API returned it.`, {
      reason: 'MALFORMED_ID',
    });
  }
  return { typename: text.slice(0, sep), id: text.slice(sep + 1) };
}
