/**
 * Generic request validation by walking an operation's input shape in the model,
 * the way SSM's front end (Coral) does before the operation runs.
 *
 * Contract:
 * - A member of the wrong JSON type → `SerializationException` (AWS cannot even
 *   deserialize such a body), thrown as a `ServiceError`.
 * - Constraint violations (required, pattern, length, range, enum) are collected
 *   and answered as one `ValidationException` whose message has AWS's form:
 *   "2 validation errors detected: Value '5' at 'maxResults' failed to satisfy
 *   constraint: Member must have value greater than or equal to 10; Value ...".
 *   Paths are lowerCamelCase member names; list elements are `filters.1.member`.
 * - Members the model does not know are ignored, as AWS does.
 * - Patterns are Java regexes matched against the whole value (`matches()`),
 *   so they are anchored here.
 */
import { shape, type Shape } from './model.ts';
import { ServiceError } from './errors.ts';

const regexCache = new Map<string, RegExp | null>();

function compile(pattern: string): RegExp | null {
  let re = regexCache.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(`^(?:${pattern})$`, 's');
    } catch {
      re = null; // a Java-only construct: skip rather than reject valid input
    }
    regexCache.set(pattern, re);
  }
  return re;
}

const camel = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

function show(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value) || typeof value === 'object') return `'${JSON.stringify(value)}'`;
  return `'${String(value)}'`;
}

class Walker {
  readonly violations: string[] = [];

  fail(path: string, value: unknown, constraint: string) {
    this.violations.push(`Value ${show(value)} at '${path}' failed to satisfy constraint: ${constraint}`);
  }

  walk(shapeName: string, value: unknown, path: string): void {
    const s = shape(shapeName);
    switch (s.type) {
      case 'structure':
        return this.structure(s, value, path);
      case 'list':
        return this.list(s, value, path);
      case 'map':
        if (typeof value !== 'object' || value === null || Array.isArray(value)) throw typeError(path, 'map');
        for (const v of Object.values(value)) this.walk(s.value!.shape, v, `${path}.member`);
        return;
      case 'string':
        return this.string(s, value, path);
      case 'integer':
      case 'long':
        if (typeof value !== 'number' || !Number.isInteger(value)) throw typeError(path, 'integer');
        if (s.min !== undefined && value < s.min) this.fail(path, value, `Member must have value greater than or equal to ${s.min}`);
        if (s.max !== undefined && value > s.max) this.fail(path, value, `Member must have value less than or equal to ${s.max}`);
        return;
      case 'boolean':
        if (typeof value !== 'boolean') throw typeError(path, 'boolean');
        return;
      case 'timestamp':
        if (typeof value !== 'number' && typeof value !== 'string') throw typeError(path, 'timestamp');
        return;
      default:
        return;
    }
  }

  private structure(s: Shape, value: unknown, path: string) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw typeError(path || 'body', 'structure');
    const obj = value as Record<string, unknown>;
    for (const req of s.required ?? []) {
      if (obj[req] === undefined || obj[req] === null) this.fail(join(path, camel(req)), null, 'Member must not be null');
    }
    for (const [name, ref] of Object.entries(s.members ?? {})) {
      const v = obj[name];
      if (v === undefined || v === null) continue;
      this.walk(ref.shape, v, join(path, camel(name)));
    }
  }

  private list(s: Shape, value: unknown, path: string) {
    if (!Array.isArray(value)) throw typeError(path, 'list');
    if (s.min !== undefined && value.length < s.min) this.fail(path, value, `Member must have length greater than or equal to ${s.min}`);
    if (s.max !== undefined && value.length > s.max) this.fail(path, value, `Member must have length less than or equal to ${s.max}`);
    value.forEach((v, i) => {
      if (v === null || v === undefined) this.fail(`${path}.${i + 1}.member`, null, 'Member must not be null');
      else this.walk(s.member!.shape, v, `${path}.${i + 1}.member`);
    });
  }

  private string(s: Shape, value: unknown, path: string) {
    if (typeof value !== 'string') throw typeError(path, 'string');
    const len = [...value].length;
    if (s.min !== undefined && len < s.min) this.fail(path, value, `Member must have length greater than or equal to ${s.min}`);
    if (s.max !== undefined && len > s.max) this.fail(path, value, `Member must have length less than or equal to ${s.max}`);
    if (s.enum && !s.enum.includes(value)) this.fail(path, value, `Member must satisfy enum value set: [${s.enum.join(', ')}]`);
    if (s.pattern) {
      const re = compile(s.pattern);
      if (re && !re.test(value)) this.fail(path, value, `Member must satisfy regular expression pattern: ${s.pattern}`);
    }
  }
}

const join = (path: string, name: string) => (path ? `${path}.${name}` : name);

function typeError(path: string, expected: string): ServiceError {
  return new ServiceError('SerializationException', `Expected ${expected} at '${path}'`);
}

/** Validates `input` against the operation's input shape; throws the ServiceError AWS would answer. */
export function validateInput(inputShape: string, input: unknown): void {
  const w = new Walker();
  w.walk(inputShape, input, '');
  const n = w.violations.length;
  if (n > 0) {
    throw new ServiceError(
      'ValidationException',
      `${n} validation error${n > 1 ? 's' : ''} detected: ${w.violations.join('; ')}`,
    );
  }
}
