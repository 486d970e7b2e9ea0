/**
 * Relay global IDs: base64url of `Type:key`, where the key holds every SSM ID
 * needed to fetch the object again, joined by `/` (a step's key is its
 * automation execution's ID and its own). A malformed ID is refused here, with
 * BAD_USER_INPUT, before any upstream call.
 */
import { badInput } from './errors.ts';

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

/**
 * Splits a node key into its parts and checks each against its validator
 * (the SSM model's constraint for that ID). Throws BAD_USER_INPUT naming the part.
 */
export function parseKey(typename: string, key: string, parts: [name: string, valid: (v: string) => boolean][]): string[] {
  const values = key.split('/');
  if (values.length !== parts.length) {
    throw badInput(`Malformed ${typename} ID: expected ${parts.map(([n]) => n).join(', ')}.`, { reason: 'MALFORMED_ID' });
  }
  values.forEach((v, i) => {
    const [name, valid] = parts[i];
    if (!valid(v)) throw badInput(`Malformed ${typename} ID: invalid ${name} "${truncate(v)}".`, { reason: 'MALFORMED_ID' });
  });
  return values;
}

const truncate = (s: string) => (s.length > 64 ? `${s.slice(0, 64)}…` : s);
