/**
 * Model-driven response serialisation (awsJson1_1).
 *
 * Contract: `toWire(shapeName, value)` returns the JSON-ready form of `value`
 * as the given model shape: structures keep only the members the shape
 * declares (so a detail record projected onto a summary shape *is* the summary
 * shape), timestamps become epoch seconds (JSON numbers, fractional allowed),
 * null/undefined members are dropped. The input is never mutated.
 */
import { shape } from './model.ts';

/** Epoch seconds from a Date, an ISO string, or a number (ms when > 1e11, else seconds). */
export function epochSeconds(v: unknown): number | undefined {
  if (v instanceof Date) return v.getTime() / 1000;
  if (typeof v === 'string') {
    const t = Date.parse(v);
    return Number.isNaN(t) ? undefined : t / 1000;
  }
  if (typeof v === 'number') return v > 1e11 ? v / 1000 : v;
  return undefined;
}

/** Milliseconds since the epoch of a dataset timestamp (Date, ISO string or number), NaN if absent. */
export function epochMs(v: unknown): number {
  const s = epochSeconds(v);
  return s === undefined ? Number.NaN : s * 1000;
}

export function toWire(shapeName: string, value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  const s = shape(shapeName);
  switch (s.type) {
    case 'structure': {
      const src = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [name, ref] of Object.entries(s.members ?? {})) {
        const v = toWire(ref.shape, src[name]);
        if (v !== undefined) out[name] = v;
      }
      return out;
    }
    case 'list':
      return (value as unknown[]).map((v) => toWire(s.member!.shape, v)).filter((v) => v !== undefined);
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const w = toWire(s.value!.shape, v);
        if (w !== undefined) out[k] = w;
      }
      return out;
    }
    case 'timestamp':
      return epochSeconds(value);
    default:
      return value;
  }
}
