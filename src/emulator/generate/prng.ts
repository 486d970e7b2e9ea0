/**
 * Seeded randomness and ID/time helpers for the emulator's data generator.
 *
 * Everything the generator draws comes from one `Rng` (mulberry32), so a seed
 * fully determines the dataset. No `Math.random`, no `Date.now`: times are
 * offsets back from a fixed anchor (`ANCHOR`).
 */

/** "Now" for generated data: every generated timestamp is at or before it. */
export const ANCHOR_MS = Date.UTC(2026, 0, 1, 0, 0, 0);

export const ACCOUNT_ID = '123456789012';
export const REGION = 'us-east-1';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

const HEX = '0123456789abcdef';

export class Rng {
  private state: number;

  constructor(seed: number) {
    // Scramble the seed so that nearby seeds give unrelated streams.
    this.state = (Math.imul((seed | 0) ^ 0x9e3779b9, 0x85ebca6b) ^ 0xc2b2ae35) >>> 0;
  }

  /** 32 random bits (mulberry32). */
  u32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
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

export function roleArn(name: string): string {
  return `arn:aws:iam::${ACCOUNT_ID}:role/${name}`;
}
