/**
 * Locations: the (account, region) pairs the gateway serves, each with its own
 * door to SSM.
 *
 * Contract of a `LocationRegistry`:
 * - `list()` resolves to every configured location, the home one first. The
 *   home location's account is the base credentials' own (STS
 *   GetCallerIdentity, asked once; a failed ask is asked again on a later call,
 *   at most every `retryMs`); until it is known the home location is listed as
 *   unreachable with an unknown account (`accountId: undefined`). The other
 *   accounts are named by their roles and known from the start.
 * - Each location has its own SSMClient (adaptive retry state is per client,
 *   and SSM's rate limits are per account and region), its own upstream door
 *   and concurrency cap, and its own cache namespace (`namespace`).
 * - A location's `state` is what its last upstream call said: `ok`,
 *   `forbidden` (its role cannot be assumed, or its credentials are refused),
 *   `unavailable` (SSM or STS failed or cannot be reached); `unknown` before
 *   any call. One location's failures never block another's calls.
 */
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { SsmErrorKind } from './errors.ts';
import type { Upstream } from './upstream.ts';

export interface Location {
  accountId: string;
  region: string;
}

/** What every record carries of its location, beside its SSM members (PascalCase, as they are). */
export interface Located {
  AccountId: string;
  Region: string;
}

export type LocationState = 'ok' | 'forbidden' | 'unavailable' | 'unknown';

export interface LocationStatus {
  state: LocationState;
  /** The client-facing error code of the last failure (`state` not ok). */
  code?: string;
}

/** A location the gateway serves. */
export interface ServedLocation extends Location {
  readonly home: boolean;
  /** The cache-key prefix of this location's entries: no two locations share one. */
  readonly namespace: string;
  readonly upstream: Upstream;
  /** Its SDK client (tests and probes; calls go through `upstream`). */
  readonly client: SSMClient;
  status(): LocationStatus;
}

/** The home location before its account is known. */
export interface PendingHome {
  accountId: undefined;
  region: string;
  home: true;
  status(): LocationStatus;
}

export interface LocationRegistry {
  list(): Promise<(ServedLocation | PendingHome)[]>;
  /** The home location, once its account is known; rejects with the reason it is not. */
  home(): Promise<ServedLocation>;
  /** The served location (accountId, region), or undefined when it is not configured. */
  find(accountId: string, region: string): Promise<ServedLocation | undefined>;
  /** `find` without waiting: undefined also while the home account is not known yet. */
  get(accountId: string, region: string): ServedLocation | undefined;
  /** What is known without asking anything: the configured accounts (home's once resolved) and regions. */
  known(): { accounts: Set<string>; regions: Set<string>; homeResolved: boolean };
  close(): void;
}

export const ACCOUNT_ID = /^\d{12}$/;
export const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

export const locationKey = (l: Location): string => `${l.accountId}/${l.region}`;

/** The state a failed call leaves its location in. */
export function stateAfter(kind: SsmErrorKind): LocationState | undefined {
  if (kind === 'FORBIDDEN') return 'forbidden';
  if (kind === 'UNAVAILABLE' || kind === 'MISCONFIGURED') return 'unavailable';
  return undefined; // client errors, throttling, NOT_FOUND: the location answered
}
