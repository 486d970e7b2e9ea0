/**
 * Turns a tree of setting declarations (settings.ts) and an environment object
 * into the same tree of values. Pure: it reads only the object it is given.
 *
 * Contract: a setting's value is its environment variable (or the first set
 * alias) parsed by its schema; unset or empty means its default, which may be
 * derived from another setting's value (resolved on demand, in any declaration
 * order). Every bad value and every broken `check` is collected, and
 * `ConfigError` carries them all, one line each, naming the variable and what
 * it accepts: main.ts prints those lines and exits without a stack.
 */
import { isDerived, type Setting } from './setting-kinds.ts';

export type Env = Record<string, string | undefined>;

/** The values of a tree of settings, in the tree's shape. */
export type ConfigOf<T> = T extends Setting<infer V> ? V : { -readonly [K in keyof T]: ConfigOf<T[K]> };

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

const isSetting = (node: unknown): node is Setting<unknown> =>
  typeof node === 'object' && node !== null && 'env' in node && 'schema' in node;

/** Every setting of the tree, in declaration order. */
export function settingsOf(tree: object): Setting<unknown>[] {
  return Object.values(tree).flatMap((node) => (isSetting(node) ? [node] : settingsOf(node as object)));
}

export function resolveSettings<T extends object>(tree: T, env: Env): ConfigOf<T> {
  const byEnv = new Map(settingsOf(tree).map((s) => [s.env, s]));
  const values = new Map<string, unknown>();
  const problems: string[] = [];

  const get = (name: string): unknown => {
    const setting = byEnv.get(name);
    if (!setting) throw new Error(`settings: "${name}" is not a declared setting`);
    if (!values.has(name)) values.set(name, valueOf(setting));
    return values.get(name);
  };
  const fallback = (s: Setting<unknown>) => (isDerived(s.default) ? s.default.value(get(s.default.from) as never) : s.default);
  const valueOf = (s: Setting<unknown>): unknown => {
    const name = [s.env, ...(s.aliases ?? [])].find((n) => env[n] !== undefined && env[n] !== '');
    if (!name) return fallback(s);
    const raw = env[name]!;
    const parsed = s.schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    problems.push(`${s.secret ? `${name} (value not shown: it may hold a password)` : `${name}=${JSON.stringify(raw)}`} is not valid: expected ${s.accepts}.`);
    return fallback(s);
  };

  for (const s of byEnv.values()) get(s.env);
  for (const s of byEnv.values()) {
    const broken = s.check?.(values.get(s.env), get);
    // The value is not repeated: a check may concern a secret.
    if (broken) problems.push(`${s.env}: ${broken}.`);
  }
  if (problems.length) throw new ConfigError(problems);

  const build = (node: object): object =>
    Object.fromEntries(Object.entries(node).map(([k, v]) => [k, isSetting(v) ? values.get(v.env) : build(v as object)]));
  return build(tree) as ConfigOf<T>;
}
