/**
 * Seeded randomness and ID/time helpers for the emulator's data generator.
 *
 * Everything the generator draws comes from one `Rng` (the emulator's
 * mulberry32, `../random.ts`), so a seed
 * fully determines the dataset. No `Math.random`, no `Date.now`: times are
 * offsets back from the run's `now` (by default the fixed `ANCHOR_MS`).
 */
import { mulberry32 } from '../random.ts';

/** The default "now" of generated data (`now` option): every generated event is at or before it. */
export const ANCHOR_MS = Date.UTC(2026, 0, 1, 0, 0, 0);

/** The location `generateDataset` describes unless told otherwise. */
export const DEFAULT_ACCOUNT_ID = '123456789012';
export const DEFAULT_REGION = 'us-east-1';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

const HEX = '0123456789abcdef';

export class Rng {
  /** 32 random bits (mulberry32). */
  readonly u32: () => number;

  constructor(seed: number) {
    // Scramble the seed so that nearby seeds give unrelated streams.
    this.u32 = mulberry32(Math.imul((seed | 0) ^ 0x9e3779b9, 0x85ebca6b) ^ 0xc2b2ae35);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** Integer in [min, max] inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Pick by weight: `[[value, weight], ...]`. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of choices) total += w;
    let r = this.next() * total;
    for (const [v, w] of choices) {
      r -= w;
      if (r < 0) return v;
    }
    return choices[choices.length - 1][0];
  }

  /** `n` distinct items (or all of them, shuffled, if there are fewer). */
  sample<T>(items: readonly T[], n: number): T[] {
    const copy = items.slice();
    const k = Math.min(n, copy.length);
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(this.next() * (copy.length - i));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy.slice(0, k);
  }

  hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += HEX[this.u32() & 15];
    return s;
  }

  /** A version-4 UUID (lower case, 36 chars). */
  uuid(): string {
    const h = this.hex(32);
    const variant = HEX[8 + (this.u32() & 3)];
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /** A duration in ms, uniform in [minMs, maxMs], rounded to whole ms. */
  duration(minMs: number, maxMs: number): number {
    return Math.round(minMs + this.next() * (maxMs - minMs));
  }
}

export function at(ms: number): Date {
  return new Date(ms);
}

export function instanceId(rng: Rng): string {
  return `i-${rng.hex(17)}`;
}

export function windowId(rng: Rng): string {
  return `mw-${rng.hex(17)}`;
}

/** An IAM role of the generated account. */
export function roleArn(loc: { accountId: string }, name: string): string {
  return `arn:aws:iam::${loc.accountId}:role/${name}`;
}
