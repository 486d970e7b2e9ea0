/**
 * Fault injection: latency, throttling, random server errors, hangs.
 *
 * Contract. A rule applies to the operations it names (all when `operations`
 * is absent); every matching rule applies:
 * - latencyMs + a uniform draw in [0, jitterMs] is added before answering
 *   (delays of several rules add up);
 * - throttleRps: more than N admitted calls within the last 1000 ms →
 *   ThrottlingException "Rate exceeded" (HTTP 400). The window is shared by
 *   all operations the rule matches (`throttleScope: 'global'`, the default)
 *   or kept per operation (`'operation'`). Throttled calls do not count;
 * - errorRate: probability of InternalServerError (HTTP 500), drawn from a
 *   PRNG seeded with the emulator's seed, reseeded on setFaults/reset so a
 *   given call sequence always fails the same calls;
 * - failFirst: the first N calls the rule matches (and does not throttle)
 *   since setFaults/reset get InternalServerError too: a call that fails once;
 * - hang: the call is never answered; the client must time out (the emulator
 *   drops the connection when it closes).
 * Faults apply before validation and the operation itself, and never to
 * `/_emulator/*` endpoints.
 */
import { SsmError } from './errors.ts';
import { operation } from './model.ts';

export interface FaultRule {
  /** Operations this rule applies to; absent = all. */
  operations?: string[];
  latencyMs?: number;
  jitterMs?: number;
  throttleRps?: number;
  /** Whether the throttle window is shared by the rule's operations or kept per operation. */
  throttleScope?: 'global' | 'operation';
  /** 0..1: probability of an InternalServerError. */
  errorRate?: number;
  /** The first N matching calls since setFaults/reset answer InternalServerError. */
  failFirst?: number;
  hang?: boolean;
}

export interface FaultDecision {
  delayMs: number;
  hang: boolean;
  error?: SsmError;
}

/** mulberry32: small, fast, seedable. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const RULE_KEYS = new Set(['operations', 'latencyMs', 'jitterMs', 'throttleRps', 'throttleScope', 'errorRate', 'failFirst', 'hang']);

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
    const unserved = ((r.operations as string[] | undefined) ?? []).filter((o) => !operation(o));
    if (unserved.length) throw new Error(`operations: ${unserved.join(', ')} ${unserved.length > 1 ? 'are not SSM operations' : 'is not an SSM operation'} the emulator serves`);
    if (r.hang !== undefined && typeof r.hang !== 'boolean') throw new Error('hang must be a boolean');
    if (r.throttleScope !== undefined && r.throttleScope !== 'global' && r.throttleScope !== 'operation') {
      throw new Error("throttleScope must be 'global' or 'operation'");
    }
  }
  return rules as FaultRule[];
}

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
    this.random = prng(seed);
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
    this.random = prng(this.seed);
  }

  decide(op: string, now: number): FaultDecision {
    const rules = this.rules.filter((r) => !r.operations || r.operations.includes(op));
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
      const key = `${i}:${r.throttleScope === 'operation' ? op : '*'}`;
      let w = this.windows.get(key);
      if (!w) this.windows.set(key, (w = []));
      while (w.length > 0 && w[0] <= now - 1000) w.shift();
      if (w.length >= r.throttleRps) throttled = true;
      windows.push(w);
    });
    if (throttled) {
      d.error = new SsmError('ThrottlingException', 'Rate exceeded');
      return d;
    }
    for (const w of windows) w.push(now);
    for (const r of rules) {
      const failed = this.failed.get(r) ?? 0;
      if (r.failFirst && failed < r.failFirst) {
        this.failed.set(r, failed + 1);
        d.error = new SsmError('InternalServerError', 'An internal error occurred (injected fault).');
        return d;
      }
    }
    for (const r of rules) {
      if (r.errorRate && this.random() < r.errorRate) {
        d.error = new SsmError('InternalServerError', 'An internal error occurred (injected fault).');
        break;
      }
    }
    return d;
  }
}
