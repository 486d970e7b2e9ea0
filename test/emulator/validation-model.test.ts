/**
 * Validation derived from the model, for all 17 operations through the SDK:
 * starting from a valid request that sets every constrained member (filters
 * included), each constraint the model declares is broken once — a required
 * member left out, a pattern, a length, an enum, a range, a list size — and
 * each time the SDK receives ValidationException (HTTP 400) naming the member
 * and the constraint in AWS's words.
 */
import { describe, expect, it } from 'vitest';
import { model, OPERATION_NAMES, pageSizeRange, paginator, shape } from '../../src/emulator/model.ts';
import { call, errorOf, useEmulator, type AnyInput } from './helpers.ts';
import { cases, d } from './paged-cases.ts';
import { requests } from './requests.ts';

const s = useEmulator({ data: d });

/** The valid base request of an operation: its plain request plus a valid filter and page size. */
function base(op: string): AnyInput {
  const paged = cases.find((c) => c.op === op);
  const input: AnyInput = { ...requests[op], ...paged?.input, ...paged?.filters };
  if (paginator(op)) input.MaxResults = pageSizeRange(op).min;
  if (op === 'DescribeAssociation') Object.assign(input, { AssociationVersion: '$LATEST', Name: 'AWS-RunPatchBaseline', InstanceId: 'i-0123456789abcdef0' });
  if (op === 'ListCommands') Object.assign(input, { InstanceId: 'i-0123456789abcdef0', Filters: [{ key: 'Status', value: 'Success' }, { key: 'DocumentName', value: 'AWS-RunShellScript' }] });
  return input;
}

interface Violation {
  input: unknown;
  path: string;
  constraint: string;
  /** The model shape whose constraint is broken. */
  shape: string;
}

const camel = (n: string) => n.charAt(0).toLowerCase() + n.slice(1);
const join = (path: string, name: string) => (path ? `${path}.${name}` : name);

/** One request per constraint of `shapeName` that `value` (valid) exercises, with that constraint broken. */
function* violations(shapeName: string, value: unknown, path: string): Generator<Violation> {
  const sh = shape(shapeName);
  if (sh.type === 'structure') {
    const obj = value as AnyInput;
    for (const req of sh.required ?? []) {
      const { [req]: _dropped, ...rest } = obj;
      yield { input: rest, path: join(path, camel(req)), constraint: 'Member must not be null', shape: shapeName };
    }
    for (const [name, ref] of Object.entries(sh.members ?? {})) {
      if (obj[name] === undefined) continue;
      for (const v of violations(ref.shape, obj[name], join(path, camel(name)))) yield { ...v, input: { ...obj, [name]: v.input } };
    }
  } else if (sh.type === 'list') {
    const list = value as unknown[];
    if (sh.max !== undefined) yield { input: Array.from({ length: sh.max + 1 }, (_, i) => list[i % list.length]), path, constraint: `Member must have length less than or equal to ${sh.max}`, shape: shapeName };
    if (sh.min !== undefined && sh.min > 0) yield { input: [], path, constraint: `Member must have length greater than or equal to ${sh.min}`, shape: shapeName };
    for (const v of violations(sh.member!.shape, list[0], `${path}.1.member`)) yield { ...v, input: [v.input, ...list.slice(1)] };
  } else if (sh.type === 'string') {
    if (sh.enum) yield { input: 'Bogus', path, constraint: `Member must satisfy enum value set: [${sh.enum.join(', ')}]`, shape: shapeName };
    if (sh.max !== undefined) yield { input: 'x'.repeat(sh.max + 1), path, constraint: `Member must have length less than or equal to ${sh.max}`, shape: shapeName };
    if (sh.min !== undefined && sh.min > 0) yield { input: 'x'.repeat(sh.min - 1), path, constraint: `Member must have length greater than or equal to ${sh.min}`, shape: shapeName };
    if (sh.pattern) yield { input: '!'.repeat(Math.min(Math.max(sh.min ?? 1, 3), sh.max ?? 3)), path, constraint: `Member must satisfy regular expression pattern: ${sh.pattern}`, shape: shapeName };
  } else if (sh.type === 'integer') {
    if (sh.min !== undefined) yield { input: sh.min - 1, path, constraint: `Member must have value greater than or equal to ${sh.min}`, shape: shapeName };
    if (sh.max !== undefined) yield { input: sh.max + 1, path, constraint: `Member must have value less than or equal to ${sh.max}`, shape: shapeName };
  }
}

describe.each(OPERATION_NAMES.map((op) => ({ op })))('$op', ({ op }) => {
  const input = base(op);
  const broken = [...violations(model.operations[op].input.shape, input, '')];

  it('accepts the valid base request', async () => {
    await call(s.c, op, input);
  });

  it.each(broken.map((v) => ({ ...v, label: `${v.path}: ${v.constraint.slice(0, 60)}` })))('$label → ValidationException', async (v) => {
    const err = await errorOf(call(s.c, op, v.input as AnyInput));
    expect(err.name).toBe('ValidationException');
    expect(err.$metadata?.httpStatusCode).toBe(400);
    expect(err.message).toMatch(/^\d+ validation errors? detected: /);
    expect(err.message).toContain(`at '${v.path}' failed to satisfy constraint: ${v.constraint}`);
  });
});

/** Input shapes that declare a constraint, reachable from the operations' input shapes. */
function constrainedShapes(): Set<string> {
  const seen = new Set<string>();
  const out = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const sh = shape(name);
    const constrained = sh.type === 'structure' ? (sh.required?.length ?? 0) > 0 : sh.enum !== undefined || sh.pattern !== undefined || sh.max !== undefined || (sh.min ?? 0) > 0;
    if (constrained && sh.type !== 'boolean') out.add(name);
    for (const ref of Object.values(sh.members ?? {})) visit(ref.shape);
    if (sh.member) visit(sh.member.shape);
  };
  for (const op of OPERATION_NAMES) visit(model.operations[op].input.shape);
  return out;
}

it('the base requests reach every constrained input shape of the model', () => {
  const broken = new Set(OPERATION_NAMES.flatMap((op) => [...violations(model.operations[op].input.shape, base(op), '')].map((v) => v.shape)));
  expect([...constrainedShapes()].filter((x) => !broken.has(x))).toEqual([]);
});
