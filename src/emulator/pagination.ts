/**
 * NextToken pagination like SSM's.
 *
 * Contract:
 * - A token is opaque to clients: base64url(JSON payload) + "." + HMAC-SHA256
 *   signature with a per-emulator random secret. The payload holds the
 *   operation, a hash of the request's parameters except NextToken/MaxResults
 *   and of the location it was issued in (its "binding"), the data
 *   generation, the issue time, the position and the identity of the last
 *   record the page scanned.
 * - A token that does not verify, belongs to another operation, other
 *   parameters or another location, predates `setData`, or is older than the
 *   TTL (on the emulator's clock) → InvalidNextToken.
 * - The position is an index into the operation's full sorted list *before*
 *   filtering, so a page of a filtered request is "the matches found while
 *   scanning from here", as SSM's backend does.
 * - Lists that change (live mode) keep tokens meaningful the way a keyset
 *   cursor does: the next page resumes after the last record the previous
 *   page scanned, found again by its identity (`ITEM_IDENTITY`) near its old
 *   position. Records that appeared before it are not seen by that walk, records
 *   that appeared after it are; a record that changed in place is listed as it
 *   is now. If that record is gone, the walk resumes at the old position.
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
  k?: string; // identity of the record at p - 1
}

/** The members that identify a listed record of each paginated operation (stable while the record changes). */
export const ITEM_IDENTITY: Record<string, readonly string[]> = {
  ListAssociations: ['AssociationId'],
  DescribeAssociationExecutions: ['ExecutionId'],
  DescribeAssociationExecutionTargets: ['ResourceId', 'ResourceType'],
  DescribeAutomationExecutions: ['AutomationExecutionId'],
  DescribeAutomationStepExecutions: ['StepExecutionId'],
  DescribeMaintenanceWindows: ['WindowId'],
  DescribeMaintenanceWindowExecutions: ['WindowExecutionId'],
  DescribeMaintenanceWindowExecutionTasks: ['TaskExecutionId'],
  DescribeMaintenanceWindowExecutionTaskInvocations: ['InvocationId'],
  ListCommands: ['CommandId'],
  ListCommandInvocations: ['CommandId', 'InstanceId'],
};

function identityOf(op: string, item: unknown): string {
  const rec = item as Record<string, unknown>;
  return (ITEM_IDENTITY[op] ?? []).map((m) => String(rec[m] ?? '')).join('/');
}

/** Where a walk resumes in `sorted`: after the record `key` names, looked for outward from `p - 1`. */
function resume<T>(op: string, sorted: readonly T[], p: number, key: string | undefined): number {
  if (key === undefined || p === 0) return p;
  for (let d = 0; d < sorted.length; d++) {
    const after = p - 1 + d;
    const before = p - 1 - d;
    if (after < sorted.length && identityOf(op, sorted[after]) === key) return after + 1;
    if (d > 0 && before >= 0 && identityOf(op, sorted[before]) === key) return before + 1;
    if (after >= sorted.length && before < 0) break;
  }
  return Math.min(p, sorted.length);
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

export function bindingOf(op: string, input: Record<string, unknown>, scope = ''): string {
  const { NextToken: _t, MaxResults: _m, ...rest } = input;
  const h = createHash('sha256').update(op).update('\0');
  if (scope) h.update(scope).update('\0'); // unscoped (`data` alone) bindings stay as they were
  return h.update(canonical(rest)).digest('base64url').slice(0, 22);
}

/** What a handler pages with: the emulator's Pager bound to the location of the call. */
export interface PageSource {
  page<T>(op: string, input: Record<string, unknown>, sorted: readonly T[], match?: (item: T) => boolean): PageResult<T>;
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

  /** A PageSource for the location `scope`: its tokens are refused in any other location. */
  scoped(scope: string): PageSource {
    return { page: (op, input, sorted, match) => this.page(op, input, sorted, match, scope) };
  }

  /** Verifies a token for this operation and binding; returns its payload. */
  decode(token: string, op: string, binding: string): TokenPayload {
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
    return p;
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
    scope = '',
  ): PageResult<T> {
    const binding = bindingOf(op, input, scope);
    const token = input.NextToken;
    let start = 0;
    if (typeof token === 'string' && token !== '') {
      const t = this.decode(token, op, binding);
      if (t.k === undefined && t.p > sorted.length) throw new ServiceError('InvalidNextToken', "The specified token isn't valid.");
      start = resume(op, sorted, t.p, t.k);
    }
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
      ? this.encode({ o: op, b: binding, g: this.generation, t: this.now(), p: i, ...(i > 0 ? { k: identityOf(op, sorted[i - 1]) } : {}) })
      : undefined;
    return { items, nextToken };
  }
}
