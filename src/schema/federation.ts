/**
 * Apollo Federation: the types other subgraphs may reference, keyed on the raw
 * SSM IDs they hold (never on `id`, which is this API's encoded Relay global ID).
 *
 * Each federated entity registers its `@key` and `resolveReference` where it is
 * declared (`entityNode`, src/schema/entity.ts, from src/ssm/entities.ts).
 * `resolveReference` goes through the same per-request loaders as every other
 * field, so the N representations of one type in an `_entities` call are
 * batched and de-duplicated upstream (ten automation executions per
 * DescribeAutomationExecutions, one step-filtered DescribeAutomationStepExecutions
 * per execution, ...) and served from the cross-request cache when possible.
 *
 * A key that fails the SSM model's ID pattern is refused with BAD_USER_INPUT
 * before any upstream call; an unknown one gives null with a NOT_FOUND error.
 * Both fail only their own item of `_entities` (the resolvers are async, so a
 * refusal is a rejected promise, never a throw out of the whole list).
 */
import { ENTITIES, LOCATION_PARTS, type EntityName } from '../ssm/entities.ts';
import { camelCase } from './model-fields.ts';

/**
 * Every federated entity with its raw-SSM-ID key: [GraphQL key field, SSM model
 * shape that validates it]. Each entity also has the same key with
 * `accountId region` first; the raw-ID one names the home location.
 */
export const ENTITY_KEYS = Object.fromEntries(
  Object.entries(ENTITIES)
    .filter(([, e]) => e.federated)
    .map(([name, e]) => [name, e.key.slice(LOCATION_PARTS).map(([member, shape]) => [camelCase(member), shape] as const)]),
) as Partial<Record<EntityName, readonly (readonly [field: string, shape: string])[]>>;
