/**
 * One declaration per SSM entity: the records that can be fetched again by key.
 *
 * An entity's key is the list of record members (PascalCase, as the records
 * carry them) that together name one record, each with the SSM model shape its
 * value must match. Everything else derives from this table: the key type the
 * ssm loaders take (`EntityKey`), the key string in cache keys and global IDs
 * (`keyString`), the GraphQL key fields and federation `@key`
 * (src/schema/entity.ts), and the checks of keys a client sends (`parseKey`).
 * Adding a member to an entity's key is one edit here.
 *
 * `domain` names the ssm module that loads the entity; `shape` is the model
 * structure whose member documentation describes the key fields; `federated`
 * entities can be referenced from other subgraphs; `batchFilter` is the model
 * filter shape through which one listing call looks up several records by ID
 * (its most values bound the batch; entities without one load one per call).
 */
import { matchesShape, maxFilterValues } from './model.ts';

/**
 * Every key starts with the record's location: the same SSM ID in two accounts
 * or regions names two records. Records carry these members like their SSM
 * keys (the session marks each record with its location, src/ssm/session.ts).
 */
const LOCATION_KEY = [
  ['AccountId', 'AccountId'],
  ['Region', 'RegionName'],
] as const;

export const ENTITIES = {
  Association: {
    domain: 'associations',
    shape: 'AssociationDescription',
    key: [...LOCATION_KEY, ['AssociationId', 'AssociationId']],
    federated: true,
  },
  AssociationExecution: {
    domain: 'associations',
    shape: 'AssociationExecution',
    key: [
      ...LOCATION_KEY,
      ['AssociationId', 'AssociationId'],
      ['ExecutionId', 'AssociationExecutionId'],
    ],
    federated: true,
  },
  AutomationExecution: {
    domain: 'automation',
    shape: 'AutomationExecution',
    key: [...LOCATION_KEY, ['AutomationExecutionId', 'AutomationExecutionId']],
    federated: true,
    batchFilter: 'AutomationExecutionFilter',
  },
  AutomationStepExecution: {
    domain: 'automation',
    shape: 'StepExecution',
    key: [
      ...LOCATION_KEY,
      ['AutomationExecutionId', 'AutomationExecutionId'],
      ['StepExecutionId', 'StepExecutionFilterValue'],
    ],
    federated: true,
    batchFilter: 'StepExecutionFilter',
  },
  MaintenanceWindow: {
    domain: 'maintenanceWindows',
    shape: 'GetMaintenanceWindowResult',
    key: [...LOCATION_KEY, ['WindowId', 'MaintenanceWindowId']],
    federated: true,
  },
  MaintenanceWindowExecution: {
    domain: 'maintenanceWindows',
    shape: 'MaintenanceWindowExecution',
    key: [...LOCATION_KEY, ['WindowExecutionId', 'MaintenanceWindowExecutionId']],
    federated: true,
  },
  MaintenanceWindowExecutionTask: {
    domain: 'maintenanceWindows',
    shape: 'MaintenanceWindowExecutionTaskIdentity',
    key: [
      ...LOCATION_KEY,
      ['WindowExecutionId', 'MaintenanceWindowExecutionId'],
      ['TaskExecutionId', 'MaintenanceWindowExecutionTaskId'],
    ],
    federated: true,
  },
  MaintenanceWindowExecutionTaskInvocation: {
    domain: 'maintenanceWindows',
    shape: 'MaintenanceWindowExecutionTaskInvocationIdentity',
    key: [
      ...LOCATION_KEY,
      ['WindowExecutionId', 'MaintenanceWindowExecutionId'],
      ['TaskExecutionId', 'MaintenanceWindowExecutionTaskId'],
      ['InvocationId', 'MaintenanceWindowExecutionTaskInvocationId'],
    ],
    federated: false,
  },
} as const satisfies Record<string, EntityDeclaration>;

export interface EntityDeclaration {
  domain: 'associations' | 'automation' | 'maintenanceWindows';
  shape: string;
  key: readonly (readonly [member: string, shape: string])[];
  federated: boolean;
  batchFilter?: string;
}

export type EntityName = keyof typeof ENTITIES;
export type KeyMember<E extends EntityName> = (typeof ENTITIES)[E]['key'][number][0];
/** The key of one record of entity `E`: its key members and their values. */
export type EntityKey<E extends EntityName> = { [M in KeyMember<E>]: string };

/** Most records of `entity` one upstream call can load. */
export function maxBatchSize(entity: EntityName): number {
  const declared = ENTITIES[entity] as EntityDeclaration;
  return declared.batchFilter ? maxFilterValues(declared.batchFilter) : 1;
}

/** Separates the parts of a key string; no SSM ID the key parts' shapes allow contains it. */
const SEPARATOR = '/';

export const keyMembers = <E extends EntityName>(entity: E): readonly KeyMember<E>[] =>
  ENTITIES[entity].key.map(([member]) => member) as KeyMember<E>[];

/** How many key members name the location (they come first). */
export const LOCATION_PARTS = LOCATION_KEY.length;

/** The key members SSM itself knows the record by (the key without its location). */
export const ssmKeyMembers = <E extends EntityName>(entity: E): readonly KeyMember<E>[] => keyMembers(entity).slice(LOCATION_PARTS);

/** The key of `record` (a record or a key of entity `E`): its key members, nothing else. */
export function keyOf<E extends EntityName>(entity: E, record: EntityKey<E>): EntityKey<E> {
  const key = {} as Record<string, string>;
  for (const m of keyMembers(entity)) key[m] = (record as Record<string, string>)[m];
  return key as EntityKey<E>;
}

/** The key's values joined in declaration order: one string per record of the entity. */
export function keyString<E extends EntityName>(entity: E, record: EntityKey<E>): string {
  return keyMembers(entity)
    .map((m) => (record as Record<string, string>)[m])
    .join(SEPARATOR);
}

/**
 * What makes `values` (one per key member, in declaration order) no key of
 * `entity`: `'arity'` for the wrong number of parts, else the first part the
 * model's shape refuses; undefined when they are a key.
 */
export function keyProblem<E extends EntityName>(
  entity: E,
  values: readonly unknown[],
  /** Only the SSM key parts are given (the location left out). */
  withoutLocation = false,
): 'arity' | { member: KeyMember<E>; shape: string; value: unknown } | undefined {
  const parts = withoutLocation ? ENTITIES[entity].key.slice(LOCATION_KEY.length) : ENTITIES[entity].key;
  if (values.length !== parts.length) return 'arity';
  for (let i = 0; i < parts.length; i++) {
    const value = values[i];
    if (typeof value !== 'string' || !matchesShape(parts[i][1], value)) return { member: parts[i][0] as KeyMember<E>, shape: parts[i][1], value };
  }
  return undefined;
}

/** The key a key string names, or undefined when it is not one (wrong parts, or a value the model refuses). */
export function parseKeyString<E extends EntityName>(entity: E, text: string): EntityKey<E> | undefined {
  const values = text.split(SEPARATOR);
  if (keyProblem(entity, values) !== undefined) return undefined;
  return Object.fromEntries(keyMembers(entity).map((m, i) => [m, values[i]])) as EntityKey<E>;
}
