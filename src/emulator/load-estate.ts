/**
 * The estate form of the data file: several locations, roles, access keys and
 * disabled regions in one JSON object (see docs/emulator-data.md):
 *
 *   { "locations": [ { "accountId": "111111111111", "region": "us-east-1", "data": { ...collections } } ],
 *     "roles": [ { "roleArn": "arn:aws:iam::222222222222:role/reader", "externalId": "x" } ],
 *     "accessKeys": { "AKIAEXAMPLE000000001": "111111111111" },
 *     "disabledRegions": [ "ap-east-1" ] }
 *
 * Each location's `data` is checked as a single-dataset file is; references
 * between locations by `validateEstateIntegrity`. A file without `locations`
 * is the single-dataset form (`load.ts`).
 */
import { readFileSync } from 'node:fs';
import type { Dataset } from './dataset.ts';
import { describe, isPlainObject } from './dataset-values.ts';
import { checkEstate, type Estate } from './estate.ts';
import { validateEstateIntegrity } from './estate-integrity.ts';
import { DatasetFileError, datasetToJson, parseDataset, type ParseOptions } from './load.ts';

const ESTATE_KEYS = new Set(['locations', 'roles', 'accessKeys', 'disabledRegions']);

/** Is this parsed data file the estate form? */
export const isEstateJson = (json: unknown): boolean => isPlainObject(json) && 'locations' in json;

export function parseEstate(json: unknown, source = 'estate', opts: ParseOptions = {}): Estate {
  if (!isPlainObject(json)) throw new DatasetFileError(source, [`(top level): expected an object, got ${describe(json)}`]);
  const problems: string[] = [];
  for (const k of Object.keys(json)) if (!ESTATE_KEYS.has(k)) problems.push(`${k}: unknown estate key (expected one of ${[...ESTATE_KEYS].join(', ')})`);
  if (!Array.isArray(json.locations)) throw new DatasetFileError(source, [...problems, `locations: expected an array of { accountId, region, data }, got ${describe(json.locations)}`]);
  const locations = (json.locations as unknown[]).map((l, i) => {
    if (!isPlainObject(l)) {
      problems.push(`locations[${i}]: expected an object, got ${describe(l)}`);
      return undefined;
    }
    try {
      return { accountId: l.accountId as string, region: l.region as string, data: parseDataset(l.data ?? {}, `${source}: locations[${i}].data`, { ...opts, skipIntegrity: true }) };
    } catch (e) {
      if (!(e instanceof DatasetFileError)) throw e;
      problems.push(...e.problems.map((p) => `locations[${i}].data.${p}`));
      return undefined;
    }
  });
  if (problems.length) throw new DatasetFileError(source, problems);
  const estate: Estate = { locations: locations as Estate['locations'] };
  for (const k of ['roles', 'accessKeys', 'disabledRegions'] as const) if (json[k] !== undefined) (estate as unknown as Record<string, unknown>)[k] = json[k];
  try {
    checkEstate(estate);
  } catch (e) {
    throw new DatasetFileError(source, [(e as Error).message]);
  }
  if (!opts.skipIntegrity) {
    const refs = validateEstateIntegrity(estate);
    if (refs.length) throw new DatasetFileError(source, refs);
  }
  return estate;
}

/** Reads a data file of either form. */
export function loadDataFile(path: string, opts: ParseOptions = {}): { data: Dataset } | { estate: Estate } {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new DatasetFileError(path, [`(file): ${(e as Error).message}`]);
  }
  return isEstateJson(json) ? { estate: parseEstate(json, path, opts) } : { data: parseDataset(json, path, opts) };
}

/** An estate as a data file's JSON (extra members of a generated estate are left out). */
export function estateToJson(e: Estate): Record<string, unknown> {
  return {
    locations: e.locations.map((l) => ({ accountId: l.accountId, region: l.region, data: datasetToJson(l.data) })),
    ...(e.roles ? { roles: e.roles } : {}),
    ...(e.accessKeys ? { accessKeys: e.accessKeys } : {}),
    ...(e.disabledRegions ? { disabledRegions: e.disabledRegions } : {}),
  };
}
