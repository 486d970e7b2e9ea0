/**
 * NextToken pagination like SSM's.
 *
 * Contract:
 * - A token is opaque to clients: base64url(JSON payload) + "." + HMAC-SHA256
 *   signature with a per-emulator random secret. The payload holds the
 *   operation, a hash of the request's parameters except NextToken/MaxResults
 *   (its "binding"), the data generation, the issue time and the position.
 * - A token that does not verify, belongs to another operation or other
 *   parameters, predates `setData`, or is older than the TTL → InvalidNextToken.
 * - The position is an index into the operation's full sorted list *before*
 *   filtering, so a page of a filtered request is "the matches found while
 *   scanning from here", as SSM's backend does.
 * - Normal mode: a page holds the next `MaxResults` matches (default: the
 *   model's maximum for the operation).
 * - Stingy mode: a page holds 1..MaxResults items and, with a filter, scans only
 *   a window of 1..MaxResults records, so it may hold none and still carry a
 *   token. Lengths are a hash of (seed, operation, binding, position,
 *   MaxResults): refetching a token yields the same page.
 * - A NextToken is returned only when at least one more match exists.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ServiceError } from './errors.ts';
import { pageSizeRange } from './model.ts';

export interface PaginationOptions {
  stingy: boolean;
  tokenTtlMs: number;
  seed: number;
  now?: () => number;
}

interface TokenPayload {
  o: string; // operation
  b: string; // binding hash
  g: number; // data generation
  t: number; // issued at (ms)
  p: number; // position in the unfiltered sorted list
}

export interface PageResult<T> {
  items: T[];
  nextToken?: string;
}

/** Canonical JSON: object keys sorted, so equal parameters hash equally. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

export function bindingOf(op: string, input: Record<string, unknown>): string {
  const { NextToken: _t, MaxResults: _m, ...rest } = input;
  return createHash('sha256').update(op).update('\0').update(canonical(rest)).digest('base64url').slice(0, 22);
}

export class Pager {
  private readonly secret = randomBytes(32);
  /** Bumped when the dataset is replaced: older tokens no longer point anywhere meaningful. */
  generation = 0;

  constructor(private readonly opts: PaginationOptions) {}

  private now(): number {
    return this.opts.now ? this.opts.now() : Date.now();
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }

  encode(payload: TokenPayload): string {
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  /** Verifies a token for this operation and binding; returns its position. */
  decode(token: string, op: string, binding: string): number {
    const bad = (why: string) => new ServiceError('InvalidNextToken', `The specified token isn't valid (${why}).`);
    const [body, sig, extra] = token.split('.');
    if (!body || !sig || extra !== undefined) throw bad('malformed');
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw bad('signature');
    let p: TokenPayload;
    try {
      p = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenPayload;
    } catch {
      throw bad('malformed');
    }
    if (p.o !== op || p.b !== binding) throw bad('issued for a different request');
    if (p.g !== this.generation) throw bad('the data changed');
    if (this.now() - p.t > this.opts.tokenTtlMs) throw bad('expired');
    if (!Number.isInteger(p.p) || p.p < 0) throw bad('malformed');
    return p.p;
  }

  /** Two deterministic uint32s for the stingy lengths of this page. */
  private stingyDraws(op: string, binding: string, pos: number, limit: number): [number, number] {
    const h = createHash('sha256').update(`${this.opts.seed}|${op}|${binding}|${pos}|${limit}`).digest();
    return [h.readUInt32BE(0), h.readUInt32BE(4)];
  }

  /**
   * One page of `sorted` (the operation's full list in its sort order).
   * `match` is the request's filter, or undefined when it has none.
   */
  page<T>(
    op: string,
    input: Record<string, unknown>,
    sorted: readonly T[],
    match?: (item: T) => boolean,
  ): PageResult<T> {
    const binding = bindingOf(op, input);
    const token = input.NextToken;
    const start = typeof token === 'string' && token !== '' ? this.decode(token, op, binding) : 0;
    if (start > sorted.length) throw new ServiceError('InvalidNextToken', "The specified token isn't valid.");
    const limit = typeof input.MaxResults === 'number' ? input.MaxResults : pageSizeRange(op).max;
    const isMatch = match ?? (() => true);

    let want = limit;
    let window = Number.POSITIVE_INFINITY;
    if (this.opts.stingy) {
      const [a, b] = this.stingyDraws(op, binding, start, limit);
      want = 1 + (a % limit);
      window = match ? 1 + (b % limit) : want;
    }

    const items: T[] = [];
    let i = start;
    while (i < sorted.length && items.length < want && i - start < window) {
      if (isMatch(sorted[i])) items.push(sorted[i]);
      i++;
    }
    let more = false;
    for (let j = i; j < sorted.length; j++) {
      if (isMatch(sorted[j])) {
        more = true;
        break;
      }
    }
    const nextToken = more
      ? this.encode({ o: op, b: binding, g: this.generation, t: this.now(), p: i })
      : undefined;
    return { items, nextToken };
  }
}
