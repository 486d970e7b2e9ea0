/**
 * The official SSM API model (botocore's service-2 excerpt), loaded as data.
 *
 * The gateway takes page sizes, ID constraints and member lists from here rather
 * than restating them, so a model update is a file copy, not a code change.
 */
import { readFileSync } from 'node:fs';

export interface ShapeRef {
  shape: string;
  documentation?: string;
}
export interface Shape {
  type: 'string' | 'integer' | 'long' | 'boolean' | 'timestamp' | 'structure' | 'list' | 'map' | 'double' | 'blob';
  members?: Record<string, ShapeRef>;
  required?: string[];
  member?: ShapeRef;
  key?: ShapeRef;
  value?: ShapeRef;
  enum?: string[];
  pattern?: string;
  min?: number;
  max?: number;
  sensitive?: boolean;
  documentation?: string;
}
interface Model {
  operations: Record<string, { input: ShapeRef; output: ShapeRef; errors?: ShapeRef[] }>;
  shapes: Record<string, Shape>;
  paginators: Record<string, { limit_key: string; result_key: string }>;
}

const model: Model = JSON.parse(readFileSync(new URL('../ssm-api-model.json', import.meta.url), 'utf8'));

/**
 * What the gateway adds to the model, in one place; everything else is the
 * model's own.
 * - `shapes` the model lacks: a location's parts in global IDs, keys and
 *   arguments (the model's `Account` and `Region` are bare strings).
 * - `alsoMatches`: forms of SSM's IDs the model leaves out, each stated by
 *   naming a model shape that says it: an automation execution ID is a UUID as
 *   SSM issues it (the model bounds only its length, 36, so 36 characters of
 *   junk would be sent), like the window execution IDs whose pattern it gives.
 */
const GATEWAY = {
  shapes: {
    AccountId: { type: 'string', pattern: '\\d{12}', documentation: 'A 12-digit AWS account ID.' },
    RegionName: { type: 'string', pattern: '[a-z]{2}(-[a-z]+)+-\\d+', documentation: 'An AWS Region code, such as us-east-1.' },
  } as Record<string, Shape>,
  alsoMatches: { AutomationExecutionId: 'MaintenanceWindowExecutionId' } as Record<string, string>,
};

export function shape(name: string): Shape {
  const s = model.shapes[name] ?? GATEWAY.shapes[name];
  if (!s) throw new Error(`SSM model has no shape ${name}`);
  return s;
}

export function operationInput(operation: string): Shape {
  const op = model.operations[operation];
  if (!op) throw new Error(`SSM model has no operation ${operation}`);
  return shape(op.input.shape);
}

/** The largest `MaxResults` the operation accepts: what the gateway asks for, unless a page needs fewer items (`pageSize`). */
export function maxPageSize(operation: string): number {
  return pageSizeRange(operation).max;
}

/**
 * The `MaxResults` to ask for a page of which `wanted` items are needed: the
 * largest the operation accepts unless `wanted` is smaller, and never less
 * than the model's minimum (maintenance window listings accept no fewer than 10).
 */
export function pageSize(operation: string, wanted?: number): number {
  const { min, max } = pageSizeRange(operation);
  return wanted === undefined || wanted >= max ? max : Math.max(min, wanted);
}

function pageSizeRange(operation: string): { min: number; max: number } {
  const limitKey = model.paginators[operation]?.limit_key ?? 'MaxResults';
  const ref = operationInput(operation).members?.[limitKey];
  const range = ref && shape(ref.shape);
  if (!range?.max) throw new Error(`SSM model gives no ${limitKey} range for ${operation}`);
  return { min: range.min ?? 1, max: range.max };
}

/** The member of a paginated operation's output that holds the page's items. */
export function resultKey(operation: string): string {
  const key = model.paginators[operation]?.result_key;
  if (!key) throw new Error(`SSM model has no paginator for ${operation}`);
  return key;
}

/** The most values one filter of this shape may carry (e.g. 10 step IDs per call); Infinity where the model sets no bound. */
export function maxFilterValues(filterShape: string): number {
  const values = shape(filterShape).members?.Values;
  if (!values) return 1; // a single-`Value` filter shape
  return shape(values.shape).max ?? Number.POSITIVE_INFINITY;
}

/** The shape of one value of a filter structure: its `Values` list's member, or its `Value` (`value`). */
export function filterValueShape(filterShape: string): string | undefined {
  const members = shape(filterShape).members ?? {};
  if (members.Values) return shape(members.Values.shape).member?.shape;
  return (members.Value ?? members.value)?.shape;
}

/**
 * Why `value` breaks the model's constraints for a string shape: shorter than
 * its `min`, longer than its `max`, or not of its form (its pattern, or what
 * `GATEWAY.alsoMatches` adds); undefined when it satisfies them. Patterns are matched
 * against the whole value: some of the model's (AssociationId's) are
 * unanchored, and `<uuid>x` is no ID either.
 */
export function shapeProblem(shapeName: string, value: string): 'short' | 'long' | 'form' | undefined {
  const s = shape(shapeName);
  if (s.min !== undefined && value.length < s.min) return 'short';
  if (s.max !== undefined && value.length > s.max) return 'long';
  if (s.pattern && !new RegExp(`^(?:${s.pattern})$`).test(value)) return 'form';
  const also = GATEWAY.alsoMatches[shapeName];
  return also && shapeProblem(also, value) ? 'form' : undefined;
}

/** True when `value` satisfies the model's constraints for a string shape (`shapeProblem`). */
export const matchesShape = (shapeName: string, value: string): boolean => shapeProblem(shapeName, value) === undefined;

export function enumValues(shapeName: string): string[] {
  return shape(shapeName).enum ?? [];
}
