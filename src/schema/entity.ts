/**
 * The GraphQL face of an SSM entity (src/ssm/entities.ts), derived from its one
 * declaration: the Relay node (global ID `Type:key`, key parts joined by `/`,
 * each checked against its model shape before any call), its batched load, its
 * key fields (`ID!`, with the model's documentation), and, for federated
 * entities, the Apollo Federation `@key` on those fields and `resolveReference`.
 *
 * Fields that return an entity return its `ref(record or key)` (a key string the
 * dataloader plugin loads) or a record already at hand.
 */
import {
  ENTITIES,
  keyProblem,
  keyMembers,
  keyString,
  maxBatchSize,
  ssmKeyMembers,
  type EntityKey,
  type EntityName,
} from '../ssm/entities.ts';
import { builder } from './builder.ts';
import type { SchemaContext } from './context.ts';
import { badInput, truncate } from './errors.ts';
import { locationFields } from './locations.ts';
import { camelCase, keyField, modelFields, type ModelFieldOptions } from './model-fields.ts';
import type { Located } from '../ssm/locations.ts';

// Pothos' field builder, typed loosely: the key fields are built from data.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFieldBuilder = any;

/** The GraphQL names of an entity's key fields, in declaration order (location first). */
export const keyFieldNames = (entity: EntityName): string[] => keyMembers(entity).map(camelCase);

/**
 * The key parts a global ID's key string holds: every key member, or (IDs
 * made before locations, and hand-written ones) only the SSM ones, which name
 * the home location.
 */
function keyParts(entity: EntityName, text: string): { values: string[]; home: boolean } | 'arity' {
  const values = text.split('/');
  if (values.length === keyMembers(entity).length) return { values, home: false };
  if (values.length === ssmKeyMembers(entity).length) return { values, home: true };
  return 'arity';
}

/** A key string of `entity`, checked: BAD_USER_INPUT (MALFORMED_ID) naming the bad part. */
function checkKeyString(entity: EntityName, text: string): string {
  const parts = keyParts(entity, text);
  if (parts === 'arity') {
    throw badInput(`Malformed ${entity} ID: expected ${keyFieldNames(entity).join(', ')}.`, { reason: 'MALFORMED_ID' });
  }
  const problem = keyProblem(entity, parts.values, parts.home);
  if (problem && problem !== 'arity') {
    throw badInput(`Malformed ${entity} ID: invalid ${camelCase(problem.member)} "${truncate(String(problem.value))}".`, {
      reason: 'MALFORMED_ID',
    });
  }
  return text;
}

/** The home location's key members, for keys that name only the SSM parts (they mean the home location). */
async function homeParts(ctx: SchemaContext): Promise<Located> {
  const home = await ctx.ssm.locations.home();
  return { AccountId: home.accountId, Region: home.region };
}

/** The key a checked key string names; a short one is completed with the home location. */
async function keyOfString<E extends EntityName>(ctx: SchemaContext, entity: E, text: string): Promise<EntityKey<E>> {
  const parts = keyParts(entity, text) as { values: string[]; home: boolean };
  const values = parts.home ? [...Object.values(await homeParts(ctx)), ...parts.values] : parts.values;
  return Object.fromEntries(keyMembers(entity).map((m, i) => [m, values[i]])) as EntityKey<E>;
}

/**
 * The key a federation representation holds, checked; BAD_USER_INPUT
 * (MALFORMED_ID) naming the field. Without `accountId` and `region` it is a
 * raw-SSM-ID key, which names the home location.
 */
async function representationKey<E extends EntityName>(ctx: SchemaContext, entity: E, rep: Record<string, unknown>): Promise<EntityKey<E>> {
  const located = rep.accountId !== undefined || rep.region !== undefined;
  const members = located ? keyMembers(entity) : ssmKeyMembers(entity);
  const values = members.map((member) => {
    const value = rep[camelCase(member)];
    if (typeof value !== 'string') {
      throw badInput(`Malformed ${entity} reference: \`${camelCase(member)}\` must be a string.`, {
        argument: `representations.${camelCase(member)}`,
        reason: 'MALFORMED_ID',
      });
    }
    return value;
  });
  const problem = keyProblem(entity, values, !located);
  if (problem && problem !== 'arity') {
    const field = camelCase(problem.member);
    throw badInput(`\`${field}\` is not a valid ${problem.shape}: "${truncate(String(problem.value))}".`, {
      argument: field,
      reason: 'MALFORMED_ID',
    });
  }
  const all = located ? values : [...Object.values(await homeParts(ctx)), ...values];
  return Object.fromEntries(keyMembers(entity).map((m, i) => [m, all[i]])) as EntityKey<E>;
}

export function entityNode<E extends EntityName, R extends EntityKey<E>>(entity: E) {
  const ref = builder.loadableNodeRef<R, string, string>(entity, {
    id: { resolve: (r) => keyString(entity, r), parse: (id) => checkKeyString(entity, id) },
    load: async (ids, ctx: SchemaContext) => {
      const keys = await Promise.all(ids.map((id) => keyOfString(ctx, entity, id).catch((e: Error) => e)));
      const loaded = await ctx.ssm.entity(entity).loadMany(keys.filter((k) => !(k instanceof Error)) as EntityKey<E>[]);
      let j = 0;
      return keys.map((k) => (k instanceof Error ? k : loaded[j++])) as (R | Error)[];
    },
  });
  // What one upstream call can load of this type, for the cost estimate (src/server/preflight/).
  ref.updateConfig((config) => ({ ...config, extensions: { ...config.extensions, ssmBatch: maxBatchSize(entity) } }));
  if (ENTITIES[entity].federated) {
    const ssmKey = ssmKeyMembers(entity).map(camelCase).join(' ');
    builder.asEntity(ref as never, {
      // Raw SSM IDs (what other subgraphs hold: the home location), or the same with the location.
      key: [builder.selection(ssmKey as never), builder.selection(keyFieldNames(entity).join(' ') as never)],
      // A copy, so the `__typename` @apollo/subgraph sets on the result never touches a cached record.
      resolveReference: async (rep: object, ctx: SchemaContext) => ({
        ...(await ctx.ssm.entity(entity).load(await representationKey(ctx, entity, rep as Record<string, unknown>))),
      }),
    } as never);
  }
  return Object.assign(ref, {
    entity,
    /** What a field returns to have the entity `key` names loaded (batched, cached). */
    ref: (key: EntityKey<E>) => keyString(entity, key),
    /**
     * The type's fields generated from the SSM model (`modelFields`, from
     * `shape` or the entity's declared one), its `accountId` and `region`, and,
     * for federated entities, its SSM key fields as `ID!`: spread them first
     * into the type's fields.
     */
    modelFields: (t: AnyFieldBuilder, opts: ModelFieldOptions<R> & { shape?: string } = {}): {} => ({
      ...modelFields<R>(t, opts.shape ?? ENTITIES[entity].shape, opts),
      ...locationFields(t),
      ...(ENTITIES[entity].federated
        ? Object.fromEntries(ssmKeyMembers(entity).map((m) => [camelCase(m), keyField(t, ENTITIES[entity].shape, m)]))
        : {}),
    }),
  });
}
