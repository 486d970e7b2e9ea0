/**
 * The emulator's data file: load, validate and save datasets.
 *
 * A data file is a JSON object whose keys are any of the Dataset's collections
 * (missing ones are empty); each holds records in the shapes SSM returns them
 * (PascalCase, as `aws ssm ... --output json` prints them). Timestamps may be
 * ISO-8601 strings or epoch seconds; which members are timestamps comes from
 * the SSM API model (`src/ssm-api-model.json`), which also supplies the types,
 * enums and ID patterns every member is checked against. See docs/emulator-data.md.
 */
import { readFileSync } from 'node:fs';
import { DATASET_COLLECTIONS, emptyDataset, type Dataset } from './dataset.ts';

type CollectionKey = keyof Dataset;

interface MemberRef {
  shape: string;
}
interface ShapeDef {
  type: string;
  members?: Record<string, MemberRef>;
  member?: MemberRef;
  key?: MemberRef;
  value?: MemberRef;
  required?: string[];
  enum?: string[];
  pattern?: string;
  min?: number;
  max?: number;
}
interface ApiModel {
  shapes: Record<string, ShapeDef>;
}

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

let modelCache: ApiModel | undefined;
function model(): ApiModel {
  modelCache ??= JSON.parse(readFileSync(new URL('../ssm-api-model.json', import.meta.url), 'utf8')) as ApiModel;
  return modelCache;
}

const patternCache = new Map<string, RegExp | null>();
function patternOf(p: string): RegExp | null {
  let re = patternCache.get(p);
  if (re === undefined) {
    re = null;
    for (const flags of ['u', '']) {
      try {
        re = new RegExp(`^(?:${p})$`, flags);
        break;
      } catch {
        /* try the next flavour; a pattern JS cannot read is not checked */
      }
    }
    patternCache.set(p, re);
  }
  return re;
}

/** An error in a data file; `problems` lists each one as `path: what is wrong`. */
export class DatasetFileError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    const shown = problems.slice(0, 25).map((p) => `${source}: ${p}`);
    if (problems.length > 25) shown.push(`${source}: ... and ${problems.length - 25} more problem(s)`);
    super(shown.join('\n'));
    this.name = 'DatasetFileError';
  }
}

export interface ParseOptions {
  /** Keep members the SSM model does not know (e.g. from a newer CLI) instead of rejecting them. Default false. */
  allowUnknownMembers?: boolean;
  /** Skip the reference checks of `validateDatasetIntegrity`. Default false. */
  skipIntegrity?: boolean;
  /**
   * Check every string against its model shape's pattern and length limits.
   * By default only ID shapes (names ending in `Id`) are: some other patterns
   * are narrower than what SSM really returns (the model's AutomationActionName
   * allows 25 letters, but `aws:waitForAwsResourceProperty` has 26).
   */
  strictStrings?: boolean;
}

const INVALID = Symbol('invalid');
const ISO_RE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const IDENT_RE = /^[A-Za-z_$][\w$]*$/;

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Date) return 'a Date';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v)}`;
  return `${typeof v} ${String(v)}`;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function keyPath(path: string, key: string): string {
  return IDENT_RE.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

class Converter {
  readonly problems: string[] = [];
  private readonly shapes = model().shapes;
  private readonly collectionMembers = new Map<CollectionKey, Record<string, MemberRef>>();
  constructor(private readonly opts: ParseOptions) {}

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

/**
 * Validate and convert a parsed data file into a Dataset. `source` (a file
 * name) prefixes every error. Throws `DatasetFileError` listing every problem.
 */
export function parseDataset(json: unknown, source = 'dataset', opts: ParseOptions = {}): Dataset {
  if (!isPlainObject(json)) {
    throw new DatasetFileError(source, [`(top level): expected an object whose keys are collections (${DATASET_COLLECTIONS.join(', ')}), got ${describe(json)}`]);
  }
  const conv = new Converter(opts);
  const d = emptyDataset();
  const known = new Set<string>(DATASET_COLLECTIONS);
  for (const [key, list] of Object.entries(json)) {
    if (!known.has(key)) {
      conv.problems.push(`${key}: unknown collection key (expected one of ${DATASET_COLLECTIONS.join(', ')})`);
      continue;
    }
    const collection = key as CollectionKey;
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      conv.problems.push(`${key}: expected an array of records, got ${describe(list)}`);
      continue;
    }
    const out = d[collection] as unknown[];
    list.forEach((item, i) => {
      const c = conv.record(item, collection, `${key}[${i}]`);
      if (c !== INVALID) out.push(c);
    });
  }
  if (conv.problems.length) throw new DatasetFileError(source, conv.problems);
  if (!opts.skipIntegrity) {
    const problems = validateDatasetIntegrity(d);
    if (problems.length) throw new DatasetFileError(source, problems);
  }
  return d;
}

/** Read and parse a data file (see `parseDataset`). */
export function loadDatasetFile(path: string, opts: ParseOptions = {}): Dataset {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new DatasetFileError(path, [`cannot read the file: ${(e as Error).message}`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new DatasetFileError(path, [`(file): invalid JSON: ${(e as Error).message}`]);
  }
  return parseDataset(json, path, opts);
}

/** A Dataset as a data file's JSON: Dates become ISO-8601 strings, undefined members are dropped. */
export function datasetToJson(d: Dataset): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const k of DATASET_COLLECTIONS) out[k] = (d[k] as unknown[]).map(toJson);
  return out;
}

function toJson(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(toJson);
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, item] of Object.entries(v)) if (item !== undefined) out[k] = toJson(item);
    return out;
  }
  return v;
}

/**
 * Dangling and duplicate references in a dataset, each as `path: problem`
 * (empty when every reference resolves). Checks: unique IDs per collection;
 * association execution → association; execution target → execution (of the
 * same association); child automation → parent (and an executeAutomation
 * step's `Outputs.ExecutionId` → a child pointing back); step parent → a step
 * of the same execution; window execution → window, its `TaskIds` → its tasks;
 * task → window execution; invocation → task of that window execution;
 * AUTOMATION invocation → automation execution; RUN_COMMAND invocation →
 * command; command invocation → command.
 */
export function validateDatasetIntegrity(d: Dataset): string[] {
  const problems: string[] = [];
  const index = <T>(name: string, items: T[], key: (t: T) => string | undefined, what: string): Map<string, T> => {
    const m = new Map<string, T>();
    items.forEach((item, i) => {
      const k = key(item);
      if (k === undefined) return;
      if (m.has(k)) problems.push(`${name}[${i}]: duplicate ${what} ${JSON.stringify(k)}`);
      else m.set(k, item);
    });
    return m;
  };
  const associations = index('associations', d.associations, (a) => a.AssociationId, 'AssociationId');
  const assocExecs = index('associationExecutions', d.associationExecutions, (e) => e.ExecutionId, 'ExecutionId');
  index('associationExecutionTargets', d.associationExecutionTargets, (t) => (t.ExecutionId && t.ResourceId ? `${t.ExecutionId} ${t.ResourceId}` : undefined), 'target (ExecutionId, ResourceId)');
  const automations = index('automationExecutions', d.automationExecutions, (a) => a.AutomationExecutionId, 'AutomationExecutionId');
  const windows = index('maintenanceWindows', d.maintenanceWindows, (w) => w.WindowId, 'WindowId');
  const windowExecs = index('maintenanceWindowExecutions', d.maintenanceWindowExecutions, (e) => e.WindowExecutionId, 'WindowExecutionId');
  const tasks = index('maintenanceWindowExecutionTasks', d.maintenanceWindowExecutionTasks, (t) => t.TaskExecutionId, 'TaskExecutionId');
  index('maintenanceWindowExecutionTaskInvocations', d.maintenanceWindowExecutionTaskInvocations, (i) => i.InvocationId, 'InvocationId');
  const commands = index('commands', d.commands, (c) => c.CommandId, 'CommandId');
  index('commandInvocations', d.commandInvocations, (c) => (c.CommandId && c.InstanceId ? `${c.CommandId} ${c.InstanceId}` : undefined), 'invocation (CommandId, InstanceId)');

  d.associationExecutions.forEach((e, i) => {
    if (e.AssociationId && !associations.has(e.AssociationId)) problems.push(`associationExecutions[${i}].AssociationId: unknown association ${JSON.stringify(e.AssociationId)}`);
  });
  d.associationExecutionTargets.forEach((t, i) => {
    const p = `associationExecutionTargets[${i}]`;
    if (t.AssociationId && !associations.has(t.AssociationId)) problems.push(`${p}.AssociationId: unknown association ${JSON.stringify(t.AssociationId)}`);
    if (!t.ExecutionId) return;
    const e = assocExecs.get(t.ExecutionId);
    if (!e) problems.push(`${p}.ExecutionId: unknown association execution ${JSON.stringify(t.ExecutionId)}`);
    else if (t.AssociationId && e.AssociationId !== t.AssociationId) problems.push(`${p}.ExecutionId: execution ${JSON.stringify(t.ExecutionId)} belongs to association ${JSON.stringify(e.AssociationId)}, not ${JSON.stringify(t.AssociationId)}`);
  });

  d.automationExecutions.forEach((a, i) => {
    const p = `automationExecutions[${i}]`;
    if (a.ParentAutomationExecutionId && !automations.has(a.ParentAutomationExecutionId)) problems.push(`${p}.ParentAutomationExecutionId: unknown automation execution ${JSON.stringify(a.ParentAutomationExecutionId)}`);
    const steps = a.StepExecutions ?? [];
    const stepIds = new Map<string, number>();
    steps.forEach((s, j) => {
      if (!s.StepExecutionId) return;
      if (stepIds.has(s.StepExecutionId)) problems.push(`${p}.StepExecutions[${j}].StepExecutionId: duplicate step execution ${JSON.stringify(s.StepExecutionId)}`);
      else stepIds.set(s.StepExecutionId, j);
    });
    steps.forEach((s, j) => {
      const sp = `${p}.StepExecutions[${j}]`;
      const parentId = s.ParentStepDetails?.StepExecutionId;
      if (parentId !== undefined) {
        if (!stepIds.has(parentId)) problems.push(`${sp}.ParentStepDetails.StepExecutionId: no step ${JSON.stringify(parentId)} in automation execution ${JSON.stringify(a.AutomationExecutionId)}`);
        else if (parentId === s.StepExecutionId) problems.push(`${sp}.ParentStepDetails.StepExecutionId: a step cannot be its own parent`);
      }
      if (s.Action === 'aws:executeAutomation') {
        for (const childId of s.Outputs?.ExecutionId ?? []) {
          const child = automations.get(childId);
          if (!child) problems.push(`${sp}.Outputs.ExecutionId: unknown automation execution ${JSON.stringify(childId)}`);
          else if (child.ParentAutomationExecutionId !== a.AutomationExecutionId)
            problems.push(`${sp}.Outputs.ExecutionId: child automation ${JSON.stringify(childId)} has ParentAutomationExecutionId ${JSON.stringify(child.ParentAutomationExecutionId ?? null)}, not ${JSON.stringify(a.AutomationExecutionId)}`);
        }
      }
    });
  });

  d.maintenanceWindowExecutions.forEach((e, i) => {
    const p = `maintenanceWindowExecutions[${i}]`;
    if (e.WindowId && !windows.has(e.WindowId)) problems.push(`${p}.WindowId: unknown maintenance window ${JSON.stringify(e.WindowId)}`);
    (e.TaskIds ?? []).forEach((id, k) => {
      const t = tasks.get(id);
      if (!t) problems.push(`${p}.TaskIds[${k}]: unknown window execution task ${JSON.stringify(id)}`);
      else if (t.WindowExecutionId !== e.WindowExecutionId) problems.push(`${p}.TaskIds[${k}]: task ${JSON.stringify(id)} belongs to window execution ${JSON.stringify(t.WindowExecutionId)}`);
    });
  });
  d.maintenanceWindowExecutionTasks.forEach((t, i) => {
    if (t.WindowExecutionId && !windowExecs.has(t.WindowExecutionId)) problems.push(`maintenanceWindowExecutionTasks[${i}].WindowExecutionId: unknown maintenance window execution ${JSON.stringify(t.WindowExecutionId)}`);
  });
  d.maintenanceWindowExecutionTaskInvocations.forEach((inv, i) => {
    const p = `maintenanceWindowExecutionTaskInvocations[${i}]`;
    if (inv.WindowExecutionId && !windowExecs.has(inv.WindowExecutionId)) problems.push(`${p}.WindowExecutionId: unknown maintenance window execution ${JSON.stringify(inv.WindowExecutionId)}`);
    if (inv.TaskExecutionId) {
      const t = tasks.get(inv.TaskExecutionId);
      if (!t) problems.push(`${p}.TaskExecutionId: unknown window execution task ${JSON.stringify(inv.TaskExecutionId)}`);
      else if (inv.WindowExecutionId && t.WindowExecutionId !== inv.WindowExecutionId) problems.push(`${p}.TaskExecutionId: task ${JSON.stringify(inv.TaskExecutionId)} belongs to window execution ${JSON.stringify(t.WindowExecutionId)}`);
    }
    if (inv.ExecutionId && inv.TaskType === 'AUTOMATION' && !automations.has(inv.ExecutionId)) problems.push(`${p}.ExecutionId: unknown automation execution ${JSON.stringify(inv.ExecutionId)}`);
    if (inv.ExecutionId && inv.TaskType === 'RUN_COMMAND' && !commands.has(inv.ExecutionId)) problems.push(`${p}.ExecutionId: unknown command ${JSON.stringify(inv.ExecutionId)}`);
  });
  d.commandInvocations.forEach((c, i) => {
    if (c.CommandId && !commands.has(c.CommandId)) problems.push(`commandInvocations[${i}].CommandId: unknown command ${JSON.stringify(c.CommandId)}`);
  });
  return problems;
}
