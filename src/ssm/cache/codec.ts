/**
 * How the shared level writes a value: JSON in which a `Date` (SSM's
 * timestamps) comes back as a `Date` with the same time, to the millisecond
 * (all a Date holds; an invalid Date stays invalid).
 *
 * A Date is written `{"$date": <ms since epoch>}`. So that no value of the
 * data can be mistaken for one, every object key that starts with `$` is
 * written with one more `$` and read back without it: the round trip is exact
 * for any plain data (objects, arrays, strings, finite numbers, booleans,
 * null, Dates). As in JSON, members whose value is `undefined` are dropped.
 */
const DATE = '$date';

export function encodeValue(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, v: unknown) {
    // The replacer sees a Date already turned into its ISO string; `this[key]` is the Date itself.
    const raw = this[key];
    if (raw instanceof Date) return { [DATE]: Number.isNaN(raw.getTime()) ? null : raw.getTime() };
    if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).some(isDollar)) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [isDollar(k) ? `$${k}` : k, x]));
    }
    return v;
  });
}

export function decodeValue(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === DATE) {
      const ms = (v as Record<string, number | null>)[DATE];
      return new Date(ms ?? Number.NaN);
    }
    if (!keys.some(isDollar)) return v;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [isDollar(k) ? k.slice(1) : k, x]));
  });
}

const isDollar = (k: string) => k.charCodeAt(0) === 36; // '$'
