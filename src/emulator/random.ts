/**
 * The emulator's one PRNG: mulberry32 (small, fast, seedable). The generator
 * (`generate/prng.ts`) and fault injection (`faults.ts`) both draw from it, so
 * a seed fully determines what they produce; nothing reads `Math.random`.
 */

/** A generator of uniform 32-bit unsigned integers from `seed`. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Uniform draws in [0, 1) from `seed`. */
export function uniform(seed: number): () => number {
  const next = mulberry32(seed);
  return () => next() / 4294967296;
}
