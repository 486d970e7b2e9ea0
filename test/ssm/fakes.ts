/**
 * Fakes for the ssm layer's own tests: no network, no emulator.
 *
 * - `fakeLocation`: a `ServedLocation` whose upstream door is a counting stub
 *   (the session and cache tests).
 * - `fakeEstate`: a `LocationRegistry` built by the real `createLocationRegistry`
 *   over fake `SSMClient`s whose `send` is a counting stub, so the real
 *   upstream door (concurrency cap, error classification, location stamping)
 *   sits between the loaders and the stub.
 *
 * Every stub answers through `answer(operation, input, location)`; each call
 * is logged, in order, with its location.
 */
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { OperationName } from '../../src/ssm/client.ts';
import { classifyError } from '../../src/ssm/errors.ts';
import { locationKey, type Location, type LocationRegistry, type LocationStatus, type ServedLocation } from '../../src/ssm/locations.ts';
import { createLocationRegistry } from '../../src/ssm/registry.ts';

export interface FakeCall {
  operation: OperationName;
  input: any;
  location: Location;
}

/** What a stub answers: an SSM output, or a throw (an AWS-like error: `{ name }`). */
export type Answer = (operation: OperationName, input: any, location: Location) => unknown;

export const HOME_ACCOUNT = '111111111111';
export const OTHER_ACCOUNT = '222222222222';

/** An AWS-like error as the SDK throws it (classified by its name). */
export const awsError = (name: string) => Object.assign(new Error(`${name} (fake)`), { name, $metadata: { requestId: 'fake' } });

/** A promise with its resolve and reject, to hold an upstream answer back. */
export function deferred<T = unknown>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A served location whose upstream is `answer`, counted into `calls`. */
export function fakeLocation(location: Location, answer: Answer, calls: FakeCall[] = []): ServedLocation & { calls: FakeCall[] } {
  const status: LocationStatus = { state: 'unknown' };
  return {
    ...location,
    home: false,
    namespace: `${locationKey(location)}:`,
    calls,
    status: () => status,
    client: fakeClient(() => location, answer, calls),
    upstream: {
      call: async (operation, input) => {
        calls.push({ operation, input, location });
        try {
          return (await answer(operation, input, location)) as never;
        } catch (e) {
          throw classifyError(operation, e);
        }
      },
    },
  };
}

/** An SSMClient whose `send` answers through `answer`, counted into `calls`. */
export function fakeClient(location: () => Location, answer: Answer, calls: FakeCall[]): SSMClient {
  return {
    send: async (command: { input: unknown; constructor: { name: string } }) => {
      const operation = command.constructor.name.replace(/Command$/, '') as OperationName;
      const where = location();
      calls.push({ operation, input: command.input, location: where });
      return { $metadata: {}, ...((await answer(operation, command.input, where)) as object) };
    },
    destroy: () => undefined,
  } as unknown as SSMClient;
}

export interface FakeEstateOptions {
  /** Home regions (served in the caller's account), first is home. */
  homeRegions?: string[];
  /** Further locations, known by their accounts from the start. */
  others?: Location[];
  answer: Answer;
  callerAccount?: () => Promise<string>;
  retryMs?: number;
  now?: () => number;
}

/** A registry over fake clients (see the module header); `calls` logs every SSM call, `callerAsks` the home-account questions. */
export function fakeEstate(opts: FakeEstateOptions): { registry: LocationRegistry; calls: FakeCall[]; callerAsks: () => number } {
  const calls: FakeCall[] = [];
  let asks = 0;
  let home: string | undefined;
  const callerAccount = opts.callerAccount ?? (async () => HOME_ACCOUNT);
  const registry = createLocationRegistry({
    specs: [
      ...(opts.homeRegions ?? ['us-east-1']).map((region) => ({
        region,
        client: fakeClient(() => ({ accountId: home ?? '?', region }), opts.answer, calls),
      })),
      ...(opts.others ?? []).map((l) => ({ ...l, client: fakeClient(() => l, opts.answer, calls) })),
    ],
    callerAccount: async () => {
      asks++;
      home = await callerAccount();
      return home;
    },
    retryMs: opts.retryMs,
    now: opts.now,
  });
  return { registry, calls, callerAsks: () => asks };
}

/** Counts of calls by operation. */
export function countOps(calls: readonly FakeCall[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of calls) out[c.operation] = (out[c.operation] ?? 0) + 1;
  return out;
}
