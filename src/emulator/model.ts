/**
 * The SSM API model (botocore service-2 excerpt + paginators), loaded as data.
 *
 * Contract: everything the emulator knows about request/response shapes —
 * required members, patterns, lengths, ranges, enums, output members, page
 * sizes, modeled errors — comes from `src/ssm-api-model.json` through this
 * module. Nothing here retypes a constraint by hand.
 */
import { readFileSync } from 'node:fs';

export interface MemberRef {
  shape: string;
  documentation?: string;
}

export interface Shape {
  type: 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'boolean' | 'timestamp' | 'double' | 'float' | 'blob';
  members?: Record<string, MemberRef>;
  required?: string[];
  member?: MemberRef;
  key?: MemberRef;
  value?: MemberRef;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  exception?: boolean;
  error?: { httpStatusCode?: number; code?: string };
}

export interface Operation {
  name: string;
  input: { shape: string };
  output: { shape: string };
  errors?: { shape: string }[];
}

export interface Paginator {
  input_token: string;
  output_token: string;
  limit_key: string;
  result_key: string;
}

interface ApiModel {
  metadata: { targetPrefix: string; jsonVersion: string };
  operations: Record<string, Operation>;
  shapes: Record<string, Shape>;
  paginators: Record<string, Paginator>;
}

export const model: ApiModel = JSON.parse(
  readFileSync(new URL('../ssm-api-model.json', import.meta.url), 'utf8'),
) as ApiModel;

/** `AmazonSSM`: the prefix of `X-Amz-Target`. */
export const TARGET_PREFIX = model.metadata.targetPrefix;

export const OPERATION_NAMES: readonly string[] = Object.keys(model.operations);

export function shape(name: string): Shape {
  const s = model.shapes[name];
  if (!s) throw new Error(`shape ${name} is not in the SSM model`);
  return s;
}

export function operation(name: string): Operation | undefined {
  return Object.hasOwn(model.operations, name) ? model.operations[name] : undefined;
}

/** Names of the errors the model lists for an operation. */
export function modeledErrors(op: string): Set<string> {
  return new Set((model.operations[op]?.errors ?? []).map((e) => e.shape));
}

/** The paginator of a list operation, or undefined for Get/unpaginated ones. */
export function paginator(op: string): Paginator | undefined {
  return model.paginators[op];
}

/** The model's MaxResults range for a paginated operation (e.g. 1–50, 10–100). */
export function pageSizeRange(op: string): { min: number; max: number } {
  const p = model.paginators[op];
  if (!p) throw new Error(`${op} is not paginated`);
  const input = shape(model.operations[op].input.shape);
  const ref = input.members?.[p.limit_key];
  const s = ref ? shape(ref.shape) : undefined;
  return { min: s?.min ?? 1, max: s?.max ?? 50 };
}

/** The enum values of the shape of `structure.member`, if that member is enum-typed. */
export function memberEnum(structure: string, member: string): string[] | undefined {
  const ref = shape(structure).members?.[member];
  return ref ? shape(ref.shape).enum : undefined;
}

/** The shape name of the elements of a list operation's result list. */
export function resultItemShape(op: string): string {
  const p = model.paginators[op];
  const out = shape(model.operations[op].output.shape);
  const listRef = out.members![p.result_key];
  return shape(listRef.shape).member!.shape;
}
