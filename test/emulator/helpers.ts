/** Shared test helpers: emulators with SDK clients, model-shape conformance checks, walks. */
import { SSMClient } from '@aws-sdk/client-ssm';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, beforeAll, expect } from 'vitest';
import { generateDataset } from '../../src/emulator/generate.ts';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../src/emulator/index.ts';
import { shape } from '../../src/emulator/model.ts';
import type { Dataset } from '../../src/emulator/dataset.ts';

let cached: Dataset | undefined;
/** The generated small account (seed 1), built once per test file. */
export function smallDataset(): Dataset {
  return (cached ??= generateDataset({ seed: 1, size: 'small' }));
}

export interface ClientOptions {
  requestTimeout?: number;
  region?: string;
  /** Default `test`. */
  accessKeyId?: string;
  sessionToken?: string;
}

export function client(url: string, opts: ClientOptions = {}): SSMClient {
  return new SSMClient({
    endpoint: url,
    region: opts.region ?? 'us-east-1',
    credentials: { accessKeyId: opts.accessKeyId ?? 'test', secretAccessKey: 'test', ...(opts.sessionToken ? { sessionToken: opts.sessionToken } : {}) },
    maxAttempts: 1,
    ...(opts.requestTimeout ? { requestHandler: new NodeHttpHandler({ requestTimeout: opts.requestTimeout, throwOnRequestTimeout: true }) } : {}),
  });
}

/** An emulator started for a test file and an SDK client pointed at it. */
export interface EmulatorSession {
  emu: Emulator;
  c: SSMClient;
}

/**
 * Starts one emulator per option set (in parallel) in `beforeAll`, each with a
 * client, and destroys the clients and closes the emulators in `afterAll`.
 * Stingy pages are on unless an option set says `stingy: false`: tests must
 * hold against short and empty pages, as against real SSM.
 * Call at the top of a test file; the sessions are filled in once `beforeAll`
 * has run, so read `emu` / `c` only inside hooks and tests.
 */
export function useEmulators(...options: EmulatorOptions[]): EmulatorSession[] {
  const sessions = options.map(() => ({}) as EmulatorSession);
  beforeAll(async () => {
    const emus = await Promise.all(options.map((o) => startEmulator({ stingy: true, ...o })));
    emus.forEach((emu, i) => Object.assign(sessions[i], { emu, c: client(emu.url) }));
  });
  afterAll(async () => {
    for (const s of sessions) s.c?.destroy();
    await Promise.all(sessions.map((s) => s.emu?.close()));
  });
  return sessions;
}

/** `useEmulators` for a single emulator. */
export function useEmulator(options: EmulatorOptions): EmulatorSession {
  return useEmulators(options)[0];
}

/**
 * Asserts that `value` conforms to model shape `shapeName`: every member name
 * exists in the shape, timestamps are Dates, scalars have the right JS type,
 * enum-typed strings hold one of the model's values.
 */
export function expectConforms(shapeName: string, value: unknown, path = shapeName): void {
  const s = shape(shapeName);
  switch (s.type) {
    case 'structure': {
      expect(typeof value, path).toBe('object');
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (k === '$metadata') continue;
        const ref = s.members?.[k];
        expect(ref, `${path}.${k} is not a member of ${shapeName}`).toBeDefined();
        if (v !== undefined) expectConforms(ref!.shape, v, `${path}.${k}`);
      }
      return;
    }
    case 'list':
      expect(Array.isArray(value), path).toBe(true);
      (value as unknown[]).forEach((v, i) => expectConforms(s.member!.shape, v, `${path}[${i}]`));
      return;
    case 'map':
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) expectConforms(s.value!.shape, v, `${path}.${k}`);
      return;
    case 'timestamp':
      expect(value, path).toBeInstanceOf(Date);
      expect(Number.isNaN((value as Date).getTime()), path).toBe(false);
      return;
    case 'string':
      expect(typeof value, path).toBe('string');
      if (s.enum) expect(s.enum, `${path}: ${String(value)} is not a ${shapeName} value`).toContain(value);
      return;
    case 'integer':
    case 'long':
      expect(Number.isInteger(value), path).toBe(true);
      return;
    case 'boolean':
      expect(typeof value, path).toBe('boolean');
      return;
  }
}

/** The key most items share (ties: the first seen), e.g. the association with the most executions. */
export function busiest<T>(items: T[], key: (t: T) => string | undefined): string {
  const m = new Map<string, number>();
  for (const it of items) {
    const k = key(it);
    if (k) m.set(k, (m.get(k) ?? 0) + 1);
  }
  return [...m].sort((a, b) => b[1] - a[1])[0][0];
}

/** Does `value` use at least one timestamp member (so the Date check exercised something)? */
export function countDates(value: unknown): number {
  if (value instanceof Date) return 1;
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + countDates(v), 0);
  if (value && typeof value === 'object') return Object.values(value).reduce((n: number, v) => n + countDates(v), 0);
  return 0;
}

export interface WalkResult<T> {
  items: T[];
  pages: number;
  emptyPagesWithToken: number;
  /** The longest page seen (pages must honour MaxResults). */
  longestPage: number;
}

/** Follows NextToken to the end (bounded), collecting items. */
export async function walk<T>(
  fetchPage: (token: string | undefined) => Promise<{ items: T[] | undefined; next: string | undefined }>,
  maxPages = 5000,
): Promise<WalkResult<T>> {
  const items: T[] = [];
  let token: string | undefined;
  let pages = 0;
  let empty = 0;
  let longest = 0;
  do {
    const page = await fetchPage(token);
    pages++;
    const got = page.items ?? [];
    longest = Math.max(longest, got.length);
    if (got.length === 0 && page.next) empty++;
    items.push(...got);
    token = page.next;
    if (pages > maxPages) throw new Error('walk did not end');
  } while (token);
  return { items, pages, emptyPagesWithToken: empty, longestPage: longest };
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function errorOf(p: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number }; $fault?: string }> {
  try {
    await p;
  } catch (e) {
    return e as Error & { $metadata?: { httpStatusCode?: number } };
  }
  throw new Error('expected the call to fail');
}

import * as ssm from '@aws-sdk/client-ssm';
import { paginator } from '../../src/emulator/model.ts';

// Test inputs are built from data at run time; the SDK's input types are checked by the SDK's own serializer.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyInput = Record<string, any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyOutput = Record<string, any>;

/** Sends operation `op` through the SDK's own `<op>Command` class. */
export async function call(c: SSMClient, op: string, input: AnyInput): Promise<AnyOutput> {
  const Ctor = (ssm as unknown as Record<string, new (i: AnyInput) => Parameters<SSMClient['send']>[0]>)[`${op}Command`];
  if (!Ctor) throw new Error(`no SDK command for ${op}`);
  return (await c.send(new Ctor(input))) as AnyOutput;
}

/** Walks every page of a paginated operation through the SDK. */
export function walkOp(c: SSMClient, op: string, input: AnyInput): Promise<WalkResult<AnyOutput>> {
  const p = paginator(op)!;
  return walk(async (token) => {
    const out = await call(c, op, { ...input, NextToken: token });
    return { items: out[p.result_key], next: out[p.output_token] };
  });
}
