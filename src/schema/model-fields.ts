/**
 * GraphQL fields generated from the SSM model, so every documented member is
 * exposed under its camelCased SSM name, with SSM's documentation, without
 * retyping the model. Closed string sets become enums named after their model
 * shape; nested structures become object types named after theirs.
 *
 * A type may be served from two SSM shapes (a listed summary and a `Get*`
 * detail). Each field reads the parent when the parent's shape has the member,
 * and otherwise asks the shape that has it to load itself; so a summary costs
 * the detail call only when a detail-only field is selected.
 */
import type { EnumRef, SchemaTypes } from '@pothos/core';
import { shape, type Shape } from '../ssm/model.ts';
import { builder } from './builder.ts';
import type { SchemaContext } from './context.ts';

type Rec = Record<string, unknown>;
// Pothos' field builder, typed loosely: these fields are built from data.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFieldBuilder = any;

export interface ShapeSource<P> {
  /** The SSM model shape. */
  shape: string;
  /** True when `parent` is a record of this shape. */
  has: (parent: P) => boolean;
  /** Loads this shape of the record `parent` stands for. */
  load?: (parent: P, ctx: SchemaContext) => Promise<object>;
  /**
   * A Get* detail shape: a field that only detail sources have costs one Get*
   * call per object served from a listing (`extensions.ssmDetail`, read by the
   * cost estimate).
   */
  detail?: boolean;
}

export interface ModelFieldOptions<P> {
  /** Members not exposed as plain fields (edges replace them, or they are internal). */
  omit?: string[];
  /** Where members come from, in priority order; default: the parent is of `shapeName`. */
  sources?: ShapeSource<P>[];
}

export function camelCase(member: string): string {
  const lead = /^[A-Z]+(?=[A-Z][a-z]|$)|^[A-Z]/.exec(member)?.[0] ?? '';
  return lead.toLowerCase() + member.slice(lead.length);
}

export function modelFields<P>(t: AnyFieldBuilder, shapeName: string, opts: ModelFieldOptions<P> = {}): Rec {
  const sources: ShapeSource<P>[] = opts.sources ?? [{ shape: shapeName, has: () => true }];
  const members = new Map<string, string>();
  for (const src of sources) {
    for (const [member, ref] of Object.entries(shape(src.shape).members ?? {})) {
      if (!members.has(member) && !opts.omit?.includes(member)) members.set(member, ref.shape);
    }
  }
  const fields: Rec = {};
  for (const [member, memberShape] of members) {
    const owners = sources.filter((s) => shape(s.shape).members?.[member]);
    const detailOnly = owners.every((s) => s.detail);
    fields[camelCase(member)] = t.field({
      type: outputType(memberShape),
      nullable: true,
      ...(detailOnly ? { extensions: { ssmDetail: true } } : {}),
      description: describe(shape(sources.find((s) => shape(s.shape).members?.[member])!.shape).members![member], memberShape),
      // Synchronous when the parent has the member (the common case): a promise per scalar
      // field of every listed record is most of a warm request's garbage.
      resolve: (parent: P, _args: unknown, ctx: SchemaContext) => {
        if (owners.some((s) => s.has(parent))) return (parent as Rec)[member] ?? null;
        const loader = owners.find((s) => s.load);
        return loader ? loader.load!(parent, ctx).then((r) => (r as Rec)[member] ?? null) : null;
      },
    });
  }
  return fields;
}

const enums = new Map<string, unknown>();
const objects = new Map<string, unknown>();
const SCALARS: Partial<Record<Shape['type'], string>> = {
  string: 'String',
  integer: 'Int',
  long: 'Float',
  double: 'Float',
  boolean: 'Boolean',
  timestamp: 'DateTime',
  map: 'JSON',
  blob: 'String',
};

/** The GraphQL output type for a model shape (a type ref or `[ref]`). */
export function outputType(shapeName: string): unknown {
  const s = shape(shapeName);
  if (s.type === 'list') return [outputType(s.member!.shape)];
  if (s.type === 'string' && s.enum) return enumType(shapeName);
  if (s.type === 'structure') return objectType(shapeName);
  return SCALARS[s.type] ?? 'JSON';
}

/** The GraphQL enum for a model enum shape, created once. Values keep SSM's spelling. */
export function enumType(shapeName: string): EnumRef<SchemaTypes, string, string> {
  if (!enums.has(shapeName)) {
    const values = Object.fromEntries(shape(shapeName).enum!.map((v) => [v.replace(/\W/g, '_'), { value: v }]));
    const description = summary(shape(shapeName).documentation) ?? `The values of SSM's \`${shapeName}\`, spelt as the API spells them (characters GraphQL cannot hold become \`_\`).`;
    enums.set(shapeName, builder.enumType(shapeName, { values, description }));
  }
  return enums.get(shapeName) as EnumRef<SchemaTypes, string, string>;
}

function objectType(shapeName: string) {
  if (!objects.has(shapeName)) {
    const ref = builder.objectRef<Rec>(shapeName);
    objects.set(shapeName, ref);
    ref.implement({ description: summary(shape(shapeName).documentation), fields: (t) => modelFields(t, shapeName) as never });
  }
  return objects.get(shapeName);
}

function describe(ref: { documentation?: string } | undefined, memberShape: string) {
  return summary(ref?.documentation ?? shape(memberShape).documentation);
}

/** The first sentence of the model's HTML documentation, as plain text. */
function summary(html: string | undefined): string | undefined {
  if (!html) return undefined;
  const text = html.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();
  const first = /^.*?[.!?](?=\s|$)/.exec(text)?.[0] ?? text;
  return first.length > 300 ? `${first.slice(0, 297)}...` : first;
}

/**
 * A model member that is (part of) a federation entity key: `ID!` instead of the
 * generated nullable `String`, with the model's documentation. Other subgraphs
 * declare these keys as `ID!`; composition refuses `String` beside `ID`.
 * Spread it after `modelFields(...)` so it replaces the generated field.
 */
export function keyField(t: AnyFieldBuilder, shapeName: string, member: string): unknown {
  const documented = describe(shape(shapeName).members?.[member], 'String');
  return t.exposeID(member, { nullable: false, description: documented ?? `The SSM ${member} this record belongs to (part of its key).` });
}
