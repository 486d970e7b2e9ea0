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
import { INVALID, ShapeChecker, type CollectionKey, type ShapeCheckOptions } from './dataset-schema.ts';
import { describe, isPlainObject } from './dataset-values.ts';
import { validateDatasetIntegrity } from './integrity.ts';

export { COLLECTION_SHAPES, REQUIRED_MEMBERS } from './dataset-schema.ts';
export { validateDatasetIntegrity } from './integrity.ts';

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

export interface ParseOptions extends ShapeCheckOptions {
  /** Skip the reference checks of `validateDatasetIntegrity`. Default false. */
  skipIntegrity?: boolean;
}

/**
 * Validate and convert a parsed data file into a Dataset. `source` (a file
 * name) prefixes every error. Throws `DatasetFileError` listing every problem.
 */
export function parseDataset(json: unknown, source = 'dataset', opts: ParseOptions = {}): Dataset {
  if (!isPlainObject(json)) {
    throw new DatasetFileError(source, [`(top level): expected an object whose keys are collections (${DATASET_COLLECTIONS.join(', ')}), got ${describe(json)}`]);
  }
  const conv = new ShapeChecker(opts);
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
