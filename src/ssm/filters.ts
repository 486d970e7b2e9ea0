/**
 * Builders of SSM filter lists from plain filter objects. SSM spells filters
 * three ways (`{Key, Values}`, `{Key, Value, Type}`, lowercase `{key, value}`);
 * these keep that knowledge out of the domains.
 */

/** `{ Key, Values }` filters; keys whose value is undefined or empty are left out. */
export function keyValues<K extends string>(entries: [K, readonly (string | number)[] | string | number | undefined][]) {
  const filters: { Key: K; Values: string[] }[] = [];
  for (const [Key, v] of entries) {
    if (v === undefined) continue;
    const Values = (Array.isArray(v) ? v : [v]).map(String);
    if (Values.length) filters.push({ Key, Values });
  }
  return filters.length ? filters : undefined;
}

/** ISO 8601 without milliseconds, the form SSM's time filters document (`2024-11-04T05:00:00Z`). */
export function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
