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
  parseKeyString,
  type EntityKey,
  type EntityName,
} from '../ssm/entities.ts';
import { builder } from './builder.ts';
import type { SchemaContext } from './context.ts';
import { badInput, truncate } from './errors.ts';
import { camelCase, keyField, modelFields, type ModelFieldOptions } from './model-fields.ts';

// Pothos' field builder, typed loosely: the key fields are built from data.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFieldBuilder = any;

/** The GraphQL names of an entity's key fields, in declaration order. */
export const keyFieldNames = (entity: EntityName): string[] => keyMembers(entity).map(camelCase);

/** A key string of `entity`, checked: BAD_USER_INPUT (MALFORMED_ID) naming the bad part. */
function checkKeyString(entity: EntityName, text: string): string {
  const problem = keyProblem(entity, text.split('/'));
  if (problem === 'arity') {
    throw badInput(`Malformed ${entity} ID: expected ${keyFieldNames(entity).join(', ')}.`, { reason: 'MALFORMED_ID' });
  }
  if (problem) {
    throw badInput(`Malformed ${entity} ID: invalid ${camelCase(problem.member)} "${truncate(String(problem.value))}".`, {
      reason: 'MALFORMED_ID',
    });
  }
  return text;
}

/** The key a federation representation holds, checked; BAD_USER_INPUT (MALFORMED_ID) naming the field. */
function representationKey<E extends EntityName>(entity: E, rep: Record<string, unknown>): EntityKey<E> {
  const values = keyMembers(entity).map((member) => {
    const value = rep[camelCase(member)];
    if (typeof value !== 'string') {
      throw badInput(`Malformed ${entity} reference: \`${camelCase(member)}\` must be a string.`, {
        argument: `representations.${camelCase(member)}`,
        reason: 'MALFORMED_ID',
      });
    }
    return value;
  });
  const problem = keyProblem(entity, values);
  if (problem && problem !== 'arity') {
    const field = camelCase(problem.member);
    throw badInput(`\`${field}\` is not a valid ${problem.shape}: "${truncate(String(problem.value))}".`, {
      argument: field,
      reason: 'MALFORMED_ID',
    });
  }
  return Object.fromEntries(keyMembers(entity).map((m, i) => [m, values[i]])) as EntityKey<E>;
}

export function entityNode<E extends EntityName, R extends EntityKey<E>>(entity: E) {
  const ref = builder.loadableNodeRef<R, string, string>(entity, {
    id: { resolve: (r) => keyString(entity, r), parse: (id) => checkKeyString(entity, id) },
    load: (ids, ctx: SchemaContext) =>
      ctx.ssm.entity(entity).loadMany(ids.map((id) => parseKeyString(entity, id)!)) as Promise<(R | Error)[]>,
  });
  // What one upstream call can load of this type, for the cost estimate (src/server/preflight/).
  ref.updateConfig((config) => ({ ...config, extensions: { ...config.extensions, ssmBatch: maxBatchSize(entity) } }));
  if (ENTITIES[entity].federated) {
    builder.asEntity(ref as never, {
      key: builder.selection(keyFieldNames(entity).join(' ') as never),
      // A copy, so the `__typename` @apollo/subgraph sets on the result never touches a cached record.
      resolveReference: async (rep: object, ctx: SchemaContext) => ({
        ...(await ctx.ssm.entity(entity).load(representationKey(entity, rep as Record<string, unknown>))),
      }),
    } as never);
  }
  return Object.assign(ref, {
    entity,
    /** What a field returns to have the entity `key` names loaded (batched, cached). */
    ref: (key: EntityKey<E>) => keyString(entity, key),
    /**
     * The type's fields generated from the SSM model (`modelFields`, from
     * `shape` or the entity's declared one), with its key fields as `ID!` for
     * federated entities: spread them first into the type's fields.
     */
    modelFields: (t: AnyFieldBuilder, opts: ModelFieldOptions<R> & { shape?: string } = {}): {} => ({
      ...modelFields<R>(t, opts.shape ?? ENTITIES[entity].shape, opts),
      ...(ENTITIES[entity].federated
        ? Object.fromEntries(keyMembers(entity).map((m) => [camelCase(m), keyField(t, ENTITIES[entity].shape, m)]))
        : {}),
    }),
  });
}
