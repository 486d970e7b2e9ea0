/**
 * Small helpers for reading a data file's JSON: how a bad value is described in
 * an error, what counts as an object, how a member's path is printed, and the
 * compiled form of the model's string patterns.
 */

/** What a timestamp string must look like (ISO-8601 date or date-time) before `Date.parse` may read it; its free-form dates are rejected. */
export const ISO_RE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const IDENT_RE = /^[A-Za-z_$][\w$]*$/;

/** A value as an error message names it ("the string \"x\"", "an array", "number 3"). */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Date) return 'a Date';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v)}`;
  return `${typeof v} ${String(v)}`;
}

/** A JSON object: not null, an array or a Date. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** `path.key`, or `path["key"]` when the key is not an identifier. */
export function keyPath(path: string, key: string): string {
  return IDENT_RE.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

const patternCache = new Map<string, RegExp | null>();
/**
 * The model pattern `p` anchored as a RegExp (Unicode flavour first), or null
 * when JS cannot read it: such a pattern is not checked. Compiled once per pattern.
 */
export function patternOf(p: string): RegExp | null {
  let re = patternCache.get(p);
  if (re === undefined) {
    re = null;
    for (const flags of ['u', '']) {
      try {
        re = new RegExp(`^(?:${p})$`, flags);
        break;
      } catch {
        /* try the next flavour; a pattern JS cannot read is not checked */
      }
    }
    patternCache.set(p, re);
  }
  return re;
}
