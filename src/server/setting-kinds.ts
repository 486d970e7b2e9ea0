/**
 * The kinds of setting (`int`, `flag`, `text`, `url`, `oneOf`, `list`) that
 * settings.ts declares each setting with. A declaration is everything there is
 * to know about a setting: its environment variable, how its value is parsed
 * (a zod schema), what it accepts (for the one-line start-up error), its
 * default (a value, or derived from another setting: `inProduction`,
 * `whenTrue`, `derived`), its documentation, and whether docs/production.md
 * lists it. settings-loader.ts reads them; print-config-table.ts documents them.
 */
import { z } from 'zod';

/** A default computed from another setting's value (its environment variable `from`). */
export interface Derived<T> {
  readonly from: string;
  readonly value: (source: never) => T;
  readonly doc: string;
}

export interface Setting<T> {
  readonly env: string;
  /** Read, in order, when `env` is unset (e.g. AWS_DEFAULT_REGION for AWS_REGION). */
  readonly aliases?: readonly string[];
  /** Parses a set (non-empty) raw value. */
  readonly schema: z.ZodType<T, string>;
  /** What a valid value looks like: the end of "X=… is not valid: expected …". */
  readonly accepts: string;
  readonly default: T | Derived<T>;
  /** The Default column of the configuration tables. */
  readonly defaultDoc: string;
  readonly doc: string;
  /** Listed in docs/production.md's settings table too. */
  readonly production?: boolean;
  /** A rule over other settings (`get(ENV_NAME)` is that setting's value): a message when broken. */
  readonly check?: (value: T, get: (env: string) => unknown) => string | undefined;
  /** Its value may hold a credential: error messages never repeat it. */
  readonly secret?: boolean;
}

interface Common<T> {
  env: string;
  aliases?: readonly string[];
  doc: string;
  production?: boolean;
  check?: Setting<T>['check'];
  secret?: boolean;
  /** Overrides the Default column (when the default is not a plain value). */
  defaultDoc?: string;
}

export const isDerived = <T>(d: T | Derived<T>): d is Derived<T> =>
  typeof d === 'object' && d !== null && !Array.isArray(d) && 'from' in d && 'value' in d;

/** A value as the tables and the error messages write it. */
export const show = (v: unknown): string =>
  v === undefined ? '-' : Array.isArray(v) ? (v.length ? `\`${v.join(',')}\`` : 'none') : String(v);

function make<T>(o: Common<T> & { default: T | Derived<T> }, schema: z.ZodType<T, string>, accepts: string): Setting<T> {
  const defaultDoc = o.defaultDoc ?? (isDerived(o.default) ? o.default.doc : show(o.default));
  return { ...o, schema, accepts, defaultDoc };
}

/** A whole number in [min, max] (min 0 unless given). */
export function int(o: Common<number> & { default: number | Derived<number>; min?: number; max?: number }): Setting<number> {
  const { min = 0, max = Number.MAX_SAFE_INTEGER } = o;
  const schema = z.string().trim().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(min).max(max));
  const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
  return make(o, schema, `a whole number ${range}`);
}

const TRUTHY = ['true', '1', 'yes', 'on'];
const FALSY = ['false', '0', 'no', 'off'];

/** A boolean: true/1/yes/on or false/0/no/off, any case. */
export function flag(o: Common<boolean> & { default: boolean | Derived<boolean> }): Setting<boolean> {
  const schema = z.string().trim().pipe(z.stringbool({ truthy: TRUTHY, falsy: FALSY }));
  return make(o, schema, `${TRUTHY.join('/')} or ${FALSY.join('/')}`);
}

/** Free text, taken as is (secrets keep their whitespace). */
export function text(o: Common<string> & { default: string | Derived<string> }): Setting<string>;
export function text(o: Common<string | undefined>): Setting<string | undefined>;
export function text(o: Common<any> & { default?: string | Derived<string> }): Setting<any> {
  return make<string | undefined>({ ...o, default: o.default }, z.string(), 'any text');
}

/** A URL of one of `schemes` (default http and https); unset by default. */
export function url(o: Common<string | undefined> & { schemes?: readonly string[] }): Setting<string | undefined> {
  const { schemes = ['http', 'https'], ...rest } = o;
  const protocol = new RegExp(`^(${schemes.join('|')})$`);
  return make({ ...rest, default: undefined }, z.string().trim().pipe(z.url({ protocol })), `${o.schemes ? 'a' : 'an'} ${schemes.map((s) => `${s}://`).join(' or ')} URL`);
}

/** One of a fixed set of words. */
export function oneOf<const W extends readonly [string, ...string[]]>(
  words: W,
  o: Common<W[number]> & { default: W[number] | Derived<W[number]> },
): Setting<W[number]> {
  return make(o, z.string().trim().toLowerCase().pipe(z.enum(words)), `one of ${words.join(', ')}`);
}

/** A comma-separated list of items that each pass `item`; `none` is the empty list. */
export function list(
  item: { schema: z.ZodType<string, string>; accepts: string },
  o: Common<string[]> & { default: string[] | Derived<string[]> },
): Setting<string[]> {
  const schema = z
    .string()
    .transform((s) => (s.trim().toLowerCase() === 'none' ? [] : s.split(',').map((x) => x.trim()).filter(Boolean)))
    .pipe(z.array(item.schema));
  return make(o, schema, `a comma-separated list of ${item.accepts}, or none`);
}

/** A default that depends on production mode (the PRODUCTION setting). */
export const inProduction = <T>(production: T, otherwise: T): Derived<T> => ({
  from: 'PRODUCTION',
  value: ((p: boolean) => (p ? production : otherwise)) as (s: never) => T,
  doc: `${show(otherwise)} (${show(production)} in production)`,
});

/** A default that depends on the boolean setting `from`. */
export const whenTrue = <T>(from: string, then: T, otherwise: T): Derived<T> => ({
  from,
  value: ((v: boolean) => (v ? then : otherwise)) as (s: never) => T,
  doc: `${show(otherwise)} (${show(then)} when ${from}=true)`,
});

/** A default computed from the setting `from` by `value`, documented as `doc`. */
export const derived = <S, T>(from: string, value: (source: S) => T, doc: string): Derived<T> => ({
  from,
  value: value as (s: never) => T,
  doc,
});
