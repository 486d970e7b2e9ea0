/**
 * Opaque, signed cursors over SSM's NextToken.
 *
 * A cursor names a position in one connection: the upstream token of the page
 * that holds an item and the item's offset in that page (-1: before the page's
 * first item). It also carries a digest of the connection it came from (parent
 * keys, filters, upstream order) and the direction it was made for, so a cursor
 * replayed on another connection is refused. The HMAC makes forged or altered
 * cursors fail here, before any upstream call; cursors expire after `ttlMs`.
 *
 * `verify` makes every check but the connection's: the gateway runs it before
 * execution (src/server/preflight/checks.ts), when the parent whose keys make
 * the digest is not loaded yet; `decode`, in the resolver, makes them all.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { badInput } from './errors.ts';

export type Direction = 'forward' | 'backward';

export interface CursorPosition {
  token: string | undefined;
  offset: number;
}

export interface CursorCodec {
  encode(digest: string, direction: Direction, position: CursorPosition): string;
  /** Throws BAD_USER_INPUT for a malformed, forged, expired or foreign cursor. */
  decode(cursor: string, digest: string, direction: Direction): CursorPosition;
  /** `decode` without the connection digest: throws BAD_USER_INPUT for a malformed, forged, expired or wrong-direction cursor. */
  verify(cursor: string, direction: Direction): void;
  digest(identity: unknown): string;
  /** A forward cursor holding `state` (a merged connection's positions) rather than one position. */
  encodeState(digest: string, state: unknown): string;
  /** The state of a cursor from `encodeState` for this connection; BAD_USER_INPUT as `decode` otherwise. */
  decodeState(cursor: string, digest: string): unknown;
}

interface Payload {
  d: string;
  r: 'f' | 'b';
  t: string | null;
  o: number;
  i: number;
  /** A merged connection's state (each location's position), instead of `t`/`o`. */
  s?: unknown;
}

export function createCursorCodec(opts: { secret?: string; ttlMs?: number } = {}): CursorCodec {
  const secret = opts.secret ? Buffer.from(opts.secret) : randomBytes(32);
  const ttlMs = opts.ttlMs ?? 60 * 60_000;
  const sign = (body: string) => createHmac('sha256', secret).update(body).digest().subarray(0, 16);

  /** The payload of a well-formed cursor this server signed and that has not expired. */
  const open = (cursor: string): Payload => {
    const [body, sig, extra] = cursor.split('.');
    if (!body || !sig || extra !== undefined || !/^[\w-]+$/.test(body) || !/^[\w-]+$/.test(sig)) {
      throw badInput('Malformed cursor: use a cursor exactly as the API returned it.', { reason: 'MALFORMED_CURSOR' });
    }
    const given = Buffer.from(sig, 'base64url');
    const expected = sign(body);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw badInput('Invalid cursor: it was not issued by this server, or was altered.', { reason: 'INVALID_CURSOR' });
    }
    const p = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Payload;
    if (Date.now() - p.i > ttlMs) {
      throw badInput('Expired cursor: start the connection again without `after`/`before`.', { reason: 'EXPIRED_CURSOR' });
    }
    return p;
  };

  return {
    digest: (identity) => createHash('sha256').update(JSON.stringify(identity)).digest('base64url').slice(0, 12),

    encode(digest, direction, { token, offset }) {
      const payload: Payload = { d: digest, r: direction === 'forward' ? 'f' : 'b', t: token ?? null, o: offset, i: Date.now() };
      const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
      return `${body}.${sign(body).toString('base64url')}`;
    },

    decode(cursor, digest, direction) {
      const p = open(cursor);
      if (p.d !== digest) {
        throw badInput('This cursor belongs to another connection (other parent, filters or order).', {
          reason: 'FOREIGN_CURSOR',
        });
      }
      checkDirection(p, direction);
      return { token: p.t ?? undefined, offset: p.o };
    },

    encodeState(digest, state) {
      const payload: Payload = { d: digest, r: 'f', t: null, o: -1, s: state, i: Date.now() };
      const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
      return `${body}.${sign(body).toString('base64url')}`;
    },

    decodeState(cursor, digest) {
      const p = open(cursor);
      if (p.d !== digest || p.s === undefined) {
        throw badInput('This cursor belongs to another connection (other parent, filters or order).', { reason: 'FOREIGN_CURSOR' });
      }
      checkDirection(p, 'forward');
      return p.s;
    },

    verify(cursor, direction) {
      checkDirection(open(cursor), direction);
    },
  };
}

function checkDirection(p: Payload, direction: Direction) {
  if (p.r !== (direction === 'forward' ? 'f' : 'b')) {
    throw badInput(
      direction === 'forward'
        ? 'A cursor from a `last`/`before` page cannot be used with `after`.'
        : 'A cursor from a `first`/`after` page cannot be used with `before`.',
      { reason: 'WRONG_DIRECTION_CURSOR' },
    );
  }
}
