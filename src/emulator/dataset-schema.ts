/**
 * Model-driven shape checking of a data file's records: every member must be in
 * the SSM model's shape for its collection (see `COLLECTION_SHAPES`) and have
 * that shape's type, enum, and (for IDs, or every string with `strictStrings`)
 * pattern and length; timestamps are converted to Dates. References between
 * records are checked separately, by `integrity.ts`.
 */
import type { CollectionKey } from './dataset.ts';
import { ISO_RE, describe, isPlainObject, keyPath, patternOf } from './dataset-values.ts';
import { model, type MemberRef } from './model.ts';

export type { CollectionKey } from './dataset.ts';

/** The model shapes whose members make up each collection's records (first one wins on overlaps). */
export const COLLECTION_SHAPES: Record<CollectionKey, string[]> = {
  associations: ['AssociationDescription'],
  associationExecutions: ['AssociationExecution'],
  associationExecutionTargets: ['AssociationExecutionTarget'],
  automationExecutions: ['AutomationExecution', 'AutomationExecutionMetadata'],
  maintenanceWindows: ['GetMaintenanceWindowResult'],
  maintenanceWindowExecutions: ['MaintenanceWindowExecution', 'GetMaintenanceWindowExecutionResult'],
  maintenanceWindowExecutionTasks: ['GetMaintenanceWindowExecutionTaskResult'],
  maintenanceWindowExecutionTaskInvocations: ['MaintenanceWindowExecutionTaskInvocationIdentity'],
  commands: ['Command'],
  commandInvocations: ['CommandInvocation'],
};

/** Members a record must have: its identity and the foreign keys that place it. */
export const REQUIRED_MEMBERS: Record<CollectionKey, string[]> = {
  associations: ['AssociationId', 'Name'],
  associationExecutions: ['AssociationId', 'ExecutionId'],
  associationExecutionTargets: ['AssociationId', 'ExecutionId', 'ResourceId'],
  automationExecutions: ['AutomationExecutionId'],
  maintenanceWindows: ['WindowId'],
  maintenanceWindowExecutions: ['WindowId', 'WindowExecutionId'],
  maintenanceWindowExecutionTasks: ['WindowExecutionId', 'TaskExecutionId'],
  maintenanceWindowExecutionTaskInvocations: ['WindowExecutionId', 'TaskExecutionId', 'InvocationId'],
  commands: ['CommandId'],
  commandInvocations: ['CommandId', 'InstanceId'],
};

/** Required members of nested shapes, beyond those the model marks required. */
const REQUIRED_NESTED: Record<string, string[]> = {
  StepExecution: ['StepExecutionId', 'StepName'],
  ParentStepDetails: ['StepExecutionId'],
};

export interface ShapeCheckOptions {
  /** Keep members the SSM model does not know (e.g. from a newer CLI) instead of rejecting them. Default false. */
  allowUnknownMembers?: boolean;
  /**
   * Check every string against its model shape's pattern and length limits.
   * By default only ID shapes (names ending in `Id`) are: some other patterns
   * are narrower than what SSM really returns (the model's AutomationActionName
   * allows 25 letters, but `aws:waitForAwsResourceProperty` has 26).
   */
  strictStrings?: boolean;
}

/** What a check returns for a value it rejected (the problem is already recorded). */
export const INVALID = Symbol('invalid');

/**
 * Checks and converts records, collecting every problem (as `path: what is
 * wrong`) in `problems` rather than stopping at the first. Converted values are
 * copies: Dates for timestamps, undefined members dropped.
 */
export class ShapeChecker {
  readonly problems: string[] = [];
  private readonly shapes = model.shapes;
  private readonly collectionMembers = new Map<CollectionKey, Record<string, MemberRef>>();
  constructor(private readonly opts: ShapeCheckOptions) {}

  private fail(path: string, msg: string): typeof INVALID {
    this.problems.push(`${path}: ${msg}`);
    return INVALID;
  }

  value(v: unknown, shapeName: string, path: string): unknown {
    const shape = this.shapes[shapeName];
    if (!shape) return v;
    if (v === null) return this.fail(path, `null is not allowed (omit the member instead)`);
    switch (shape.type) {
      case 'structure':
        if (!isPlainObject(v)) return this.fail(path, `expected an object (${shapeName}), got ${describe(v)}`);
        return this.struct(v, shape.members ?? {}, [...(shape.required ?? []), ...(REQUIRED_NESTED[shapeName] ?? [])], shapeName, path);
      case 'list': {
        if (!Array.isArray(v)) return this.fail(path, `expected an array, got ${describe(v)}`);
        const out: unknown[] = [];
        v.forEach((item, i) => {
          const c = this.value(item, shape.member!.shape, `${path}[${i}]`);
          if (c !== INVALID) out.push(c);
        });
        return out;
      }
      case 'map': {
        if (!isPlainObject(v)) return this.fail(path, `expected an object (map), got ${describe(v)}`);
        const out: Record<string, unknown> = {};
        for (const [k, item] of Object.entries(v)) {
          const c = this.value(item, shape.value!.shape, keyPath(path, k));
          if (c !== INVALID) out[k] = c;
        }
        return out;
      }
      case 'string':
        if (typeof v !== 'string') return this.fail(path, `expected a string, got ${describe(v)}`);
        if (shape.enum && !shape.enum.includes(v)) return this.fail(path, `${JSON.stringify(v)} is not a ${shapeName} (expected one of ${shape.enum.join(', ')})`);
        if (!this.opts.strictStrings && !shapeName.endsWith('Id')) return v;
        if (shape.pattern) {
          const re = patternOf(shape.pattern);
          if (re && !re.test(v)) return this.fail(path, `${JSON.stringify(v)} does not match the ${shapeName} pattern ${shape.pattern}`);
        }
        if (shape.min !== undefined && v.length < shape.min) return this.fail(path, `${JSON.stringify(v)} is shorter than ${shape.min} characters (${shapeName})`);
        if (shape.max !== undefined && v.length > shape.max) return this.fail(path, `value is longer than ${shape.max} characters (${shapeName})`);
        return v;
      case 'integer':
      case 'long':
        if (typeof v !== 'number' || !Number.isInteger(v)) return this.fail(path, `expected an integer, got ${describe(v)}`);
        return v;
      case 'double':
      case 'float':
        if (typeof v !== 'number' || !Number.isFinite(v)) return this.fail(path, `expected a number, got ${describe(v)}`);
        return v;
      case 'boolean':
        if (typeof v !== 'boolean') return this.fail(path, `expected a boolean, got ${describe(v)}`);
        return v;
      case 'timestamp':
        return this.timestamp(v, path);
      default:
        return v;
    }
  }

  timestamp(v: unknown, path: string): Date | typeof INVALID {
    if (v instanceof Date) {
      return Number.isNaN(v.getTime()) ? this.fail(path, 'invalid Date') : new Date(v.getTime());
    }
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return this.fail(path, `unparseable timestamp ${describe(v)}`);
      if (Math.abs(v) > 1e11) return this.fail(path, `timestamp ${v} is out of range for epoch seconds (milliseconds? divide by 1000)`);
      return new Date(Math.round(v * 1000));
    }
    if (typeof v === 'string') {
      const ms = ISO_RE.test(v.trim()) ? Date.parse(v.trim()) : NaN;
      if (Number.isNaN(ms)) return this.fail(path, `unparseable timestamp ${JSON.stringify(v)} (expected ISO-8601 like "2025-12-31T23:59:59Z" or epoch seconds)`);
      return new Date(ms);
    }
    return this.fail(path, `expected a timestamp (ISO-8601 string or epoch seconds), got ${describe(v)}`);
  }

  struct(v: Record<string, unknown>, members: Record<string, MemberRef>, required: string[], shapeName: string, path: string): Record<string, unknown> | typeof INVALID {
    const out: Record<string, unknown> = {};
    let ok = true;
    for (const r of required) if (v[r] === undefined) {
      this.fail(`${path}.${r}`, 'required');
      ok = false;
    }
    for (const [k, item] of Object.entries(v)) {
      if (item === undefined) continue;
      const m = members[k];
      if (!m) {
        if (this.opts.allowUnknownMembers) out[k] = item;
        else {
          this.fail(keyPath(path, k), `unknown member (not in the SSM model's ${shapeName} shape)`);
          ok = false;
        }
        continue;
      }
      const c = this.value(item, m.shape, keyPath(path, k));
      if (c === INVALID) ok = false;
      else out[k] = c;
    }
    return ok ? out : INVALID;
  }

  record(v: unknown, collection: CollectionKey, path: string): unknown {
    const shapeNames = COLLECTION_SHAPES[collection];
    if (!isPlainObject(v)) return this.fail(path, `expected an object (${shapeNames[0]}), got ${describe(v)}`);
    let members = this.collectionMembers.get(collection);
    if (!members) {
      members = {};
      for (const name of [...shapeNames].reverse()) Object.assign(members, this.shapes[name]?.members ?? {});
      this.collectionMembers.set(collection, members);
    }
    return this.struct(v, members, REQUIRED_MEMBERS[collection], shapeNames[0], path);
  }
}
