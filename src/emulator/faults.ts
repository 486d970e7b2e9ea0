/**
 * Fault injection: latency, throttling, random server errors, hangs.
 *
 * Contract. A rule applies to the operations it names (every SSM operation
 * when `operations` is absent; STS's AssumeRole and GetCallerIdentity only when
 * named) and, when it has them, only to calls routed to its `accountId` and/or
 * `region` (a failing region of one account); every matching rule applies:
 * - latencyMs + a uniform draw in [0, jitterMs] is added before answering
 *   (delays of several rules add up);
 * - throttleRps: more than N admitted calls within the last 1000 ms →
 *   throttling "Rate exceeded" (SSM ThrottlingException, STS Throttling; HTTP 400). The window is shared by
 *   all calls the rule matches (`throttleScope: 'global'`, the default),
 *   kept per operation (`'operation'`) or per location (`'location'`). Throttled calls do not count;
 * - errorRate: probability of a server error (SSM InternalServerError, STS
 *   InternalFailure; HTTP 500), drawn from a
 *   PRNG seeded with the emulator's seed, reseeded on setFaults/reset so a
 *   given call sequence always fails the same calls;
 * - failFirst: the first N calls the rule matches (and does not throttle)
 *   since setFaults/reset get InternalServerError too: a call that fails once;
 * - hang: the call is never answered; the client must time out (the emulator
 *   drops the connection when it closes).
 * Faults apply before validation and the operation itself, and never to
 * `/_emulator/*` endpoints.
 */
import { ACCOUNT_ID_RE, REGION_RE } from './estate.ts';
import { operation } from './model.ts';
import { STS_OPERATIONS } from './sts/operations.ts';
import { uniform } from './random.ts';

export interface FaultRule {
  /** Operations this rule applies to (SSM's, or STS's AssumeRole / GetCallerIdentity); absent = every SSM operation. */
  operations?: string[];
  /** Only calls routed to this account (12 digits). */
  accountId?: string;
  /** Only calls routed to this region (the SigV4 scope's). */
  region?: string;
  latencyMs?: number;
  jitterMs?: number;
  throttleRps?: number;
  /** Whether the throttle window is shared by every call the rule matches, kept per operation, or per location (as SSM's own limits are). */
  throttleScope?: 'global' | 'operation' | 'location';
  /** 0..1: probability of an InternalServerError. */
  errorRate?: number;
  /** The first N matching calls since setFaults/reset answer InternalServerError. */
  failFirst?: number;
  hang?: boolean;
}

/** The error a call gets, named per protocol by its server: throttled, or a server error. */
export type FaultError = 'throttle' | 'internal';

export interface FaultDecision {
  delayMs: number;
  hang: boolean;
  error?: FaultError;
}

/** Where a call is routed, for rules with `accountId` / `region`. */
export interface FaultTarget {
  accountId?: string;
  region: string;
}

const RULE_KEYS = new Set(['operations', 'accountId', 'region', 'latencyMs', 'jitterMs', 'throttleRps', 'throttleScope', 'errorRate', 'failFirst', 'hang']);

/**
 * Throws a descriptive Error when a rule list is malformed. Unknown members and
 * operation names are errors, not ignored: a misspelt rule would otherwise
 * silently inject nothing.
 */
export function checkFaultRules(rules: unknown): FaultRule[] {
  if (!Array.isArray(rules)) throw new Error('faults must be an array of rules');
  for (const r of rules as Record<string, unknown>[]) {
    if (typeof r !== 'object' || r === null || Array.isArray(r)) throw new Error('a fault rule must be an object');
    const unknown = Object.keys(r).filter((k) => !RULE_KEYS.has(k));
    if (unknown.length) throw new Error(`unknown fault rule member ${unknown.join(', ')}; expected ${[...RULE_KEYS].join(', ')}`);
    for (const k of ['latencyMs', 'jitterMs', 'throttleRps', 'failFirst'] as const) {
      if (r[k] !== undefined && (typeof r[k] !== 'number' || (r[k] as number) < 0)) throw new Error(`${k} must be a non-negative number`);
    }
    if (r.errorRate !== undefined && (typeof r.errorRate !== 'number' || r.errorRate < 0 || r.errorRate > 1)) {
      throw new Error('errorRate must be a number in [0, 1]');
    }
    if (r.operations !== undefined && !(Array.isArray(r.operations) && r.operations.every((o) => typeof o === 'string'))) {
      throw new Error('operations must be an array of operation names');
    }
    const unserved = ((r.operations as string[] | undefined) ?? []).filter((o) => !operation(o) && !isStsOperation(o));
    if (unserved.length) throw new Error(`operations: ${unserved.join(', ')} ${unserved.length > 1 ? 'are not SSM operations' : 'is not an SSM or STS operation'} the emulator serves`);
    if (r.accountId !== undefined && !(typeof r.accountId === 'string' && ACCOUNT_ID_RE.test(r.accountId))) throw new Error('accountId must be a 12-digit account ID string');
    if (r.region !== undefined && !(typeof r.region === 'string' && REGION_RE.test(r.region))) throw new Error('region must be a region name such as us-east-1');
    if (r.hang !== undefined && typeof r.hang !== 'boolean') throw new Error('hang must be a boolean');
    if (r.throttleScope !== undefined && !['global', 'operation', 'location'].includes(r.throttleScope as string)) {
      throw new Error("throttleScope must be 'global', 'operation' or 'location'");
    }
  }
  return rules as FaultRule[];
}

const isStsOperation = (op: string): boolean => (STS_OPERATIONS as readonly string[]).includes(op);

export class Faults {
  private rules: FaultRule[] = [];
  private windows = new Map<string, number[]>();
  /** Calls each `failFirst` rule has failed since setFaults/reset. */
  private failed = new Map<FaultRule, number>();
  private random: () => number;

  constructor(
    rules: FaultRule[],
    private readonly seed: number,
  ) {
    this.random = uniform(seed);
    this.set(rules);
  }

  list(): FaultRule[] {
    return structuredClone(this.rules);
  }

  set(rules: FaultRule[]): void {
    this.rules = structuredClone(checkFaultRules(rules));
    this.reset();
  }

  /** Clears throttle windows and reseeds the error PRNG. */
  reset(): void {
    this.windows.clear();
    this.failed.clear();
    this.random = uniform(this.seed);
  }

  decide(op: string, now: number, target: FaultTarget): FaultDecision {
    const sts = isStsOperation(op);
    const rules = this.rules.filter(
      (r) =>
        (r.operations ? r.operations.includes(op) : !sts) &&
        (r.accountId === undefined || r.accountId === target.accountId) &&
        (r.region === undefined || r.region === target.region),
    );
    const d: FaultDecision = { delayMs: 0, hang: false };
    if (rules.length === 0) return d;
    for (const r of rules) {
      d.delayMs += (r.latencyMs ?? 0) + (r.jitterMs ? this.random() * r.jitterMs : 0);
      if (r.hang) d.hang = true;
    }
    // Throttling: admitted only if every matching window has room; then counted in all.
    const windows: number[][] = [];
    let throttled = false;
    rules.forEach((r, i) => {
      if (r.throttleRps === undefined) return;
      const scope = r.throttleScope === 'operation' ? op : r.throttleScope === 'location' ? `${target.accountId ?? '?'}/${target.region}` : '*';
      const key = `${i}:${scope}`;
      let w = this.windows.get(key);
      if (!w) this.windows.set(key, (w = []));
      while (w.length > 0 && w[0] <= now - 1000) w.shift();
      if (w.length >= r.throttleRps) throttled = true;
      windows.push(w);
    });
    if (throttled) {
      d.error = 'throttle';
      return d;
    }
    for (const w of windows) w.push(now);
    for (const r of rules) {
      const failed = this.failed.get(r) ?? 0;
      if (r.failFirst && failed < r.failFirst) {
        this.failed.set(r, failed + 1);
        d.error = 'internal';
        return d;
      }
    }
    for (const r of rules) {
      if (r.errorRate && this.random() < r.errorRate) {
        d.error = 'internal';
        break;
      }
    }
    return d;
  }
}
