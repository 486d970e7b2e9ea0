/**
 * Opaque, signed cursors over SSM's NextToken.
 *
 * A cursor names a position in one connection: the upstream token of the page
 * that holds an item and the item's offset in that page (-1: before the page's
 * first item). It also carries the direction it was made for and two digests
 * of where it came from (`CursorScope`): its field (coordinate and arguments,
 * known before execution) and its connection (that and the parent's keys and
 * the upstream order), so a cursor replayed on another connection is refused.
 * The HMAC makes forged or altered cursors fail here, before any upstream call;
 * cursors expire after `ttlMs`. A cursor's issue time is kept to a grain of
 * `ttlMs / 60` (at most a minute), so it expires between `ttlMs` less a grain
 * and `ttlMs` after it was made, and one position encodes to one cursor within
 * a grain: a live poll that reads unchanged data again answers the same
 * cursors, so it sends no event for them alone (src/server/live/cohort.ts).
 *
 * `verify` makes every check but the connection's: the gateway runs it before
 * execution (src/server/preflight/checks.ts), when the parent whose keys make
 * that digest is not loaded yet; `decode`, in the resolver, makes them all.
 * Checks run in this order: format and signature, expiry, direction, field,
 * connection.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { badInput } from './errors.ts';

export type Direction = 'forward' | 'backward';

export interface CursorPosition {
  token: string | undefined;
  /** The page's size when it was not the operation's largest (connection.ts, `firstPageAt`). */
  size?: number;
  offset: number;
}

/** The digests (`CursorCodec.digest`) a cursor is bound to. */
export interface CursorScope {
  /** The field's: its coordinate and arguments, known before execution. */
  field: string;
  /** The connection's: the field's, the parent's keys and the upstream order. */
  connection: string;
}

export interface CursorCodec {
  encode(scope: CursorScope, direction: Direction, position: CursorPosition): string;
  /** Throws BAD_USER_INPUT for a malformed, forged, expired, wrong-direction or foreign cursor. */
  decode(cursor: string, scope: CursorScope, direction: Direction): CursorPosition;
  /**
   * `decode` without the connection digest, and without the field's when it is
   * not given: throws BAD_USER_INPUT for a malformed, forged, expired,
   * wrong-direction or other-field cursor.
   */
  verify(cursor: string, direction: Direction, field?: string): void;
  digest(identity: unknown): string;
  /** A forward cursor holding `state` (a merged connection's positions) rather than one position. */
  encodeState(scope: CursorScope, state: unknown): string;
  /** The state of a cursor from `encodeState` for this connection; BAD_USER_INPUT as `decode` otherwise. */
  decodeState(cursor: string, scope: CursorScope): unknown;
}

interface Payload {
  /** The connection digest. */
  d: string;
  /** The field digest. */
  f: string;
  r: 'f' | 'b';
  t: string | null;
  o: number;
  /** CursorPosition.size, when given. */
  z?: number;
  i: number;
  /** A merged connection's state (each location's position), instead of `t`/`o`. */
  s?: unknown;
}

/** `secret`: the HMAC key, or where to read the current one (a key shared through Redis, src/server/cursor-key.ts). */
export function createCursorCodec(opts: { secret?: string | (() => string); ttlMs?: number } = {}): CursorCodec {
  const given = opts.secret;
  const fixed = typeof given === 'function' ? undefined : given ? Buffer.from(given) : randomBytes(32);
  const keyOf = typeof given === 'function' ? () => Buffer.from(given()) : () => fixed!;
  const ttlMs = opts.ttlMs ?? 60 * 60_000;
  const grain = Math.max(1, Math.min(60_000, Math.floor(ttlMs / 60)));
  const issued = (now = Date.now()) => now - (now % grain);
  const sign = (body: string) => createHmac('sha256', keyOf()).update(body).digest().subarray(0, 16);

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

    encode(scope, direction, { token, size, offset }) {
      const payload: Payload = {
        d: scope.connection,
        f: scope.field,
        r: direction === 'forward' ? 'f' : 'b',
        t: token ?? null,
        o: offset,
        ...(size === undefined ? {} : { z: size }),
        i: issued(),
      };
      const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
      return `${body}.${sign(body).toString('base64url')}`;
    },

    decode(cursor, scope, direction) {
      const p = open(cursor);
      checkDirection(p, direction);
      if (p.f !== scope.field || p.d !== scope.connection) throw foreign();
      return { token: p.t ?? undefined, offset: p.o, ...(Number.isInteger(p.z) && p.z! > 0 ? { size: p.z } : {}) };
    },

    encodeState(scope, state) {
      const payload: Payload = { d: scope.connection, f: scope.field, r: 'f', t: null, o: -1, s: state, i: issued() };
      const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
      return `${body}.${sign(body).toString('base64url')}`;
    },

    decodeState(cursor, scope) {
      const p = open(cursor);
      checkDirection(p, 'forward');
      if (p.f !== scope.field || p.d !== scope.connection || p.s === undefined) throw foreign();
      return p.s;
    },

    verify(cursor, direction, field) {
      const p = open(cursor);
      checkDirection(p, direction);
      if (field !== undefined && p.f !== field) throw foreign();
    },
  };
}

const foreign = () =>
  badInput('This cursor belongs to another connection (other field, parent, filters or order).', { reason: 'FOREIGN_CURSOR' });

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
