/**
 * `createEstate`: the served locations (locations.ts) from a plan of accounts
 * and regions, with their AWS clients.
 *
 * - The home account: the base credentials (the SDK's default chain unless
 *   given), in each home region; its ID from STS GetCallerIdentity.
 * - Every further account: its role, assumed through STS AssumeRole with the
 *   base credentials (`fromTemporaryCredentials`, which the SSM client's
 *   identity cache refreshes before the credentials expire), in each of its
 *   regions.
 * STS is reached at AWS_ENDPOINT_URL_STS when set (the SDK honours it), or at
 * `stsEndpoint`.
 */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { SSMClientConfig } from '@aws-sdk/client-ssm';
import { createSsmClient, type SsmClientOptions } from './client.ts';
import type { LocationRegistry } from './locations.ts';
import { createLocationRegistry, type LocationSpec, type RegistryOptions } from './registry.ts';

export interface EstateAccount {
  roleArn: string;
  accountId: string;
  /** Empty: the home account's regions. */
  regions: string[];
  externalId?: string;
}

export interface EstateOptions extends Omit<SsmClientOptions, 'region'>, Pick<RegistryOptions, 'maxConcurrency' | 'rateBudget' | 'onCall'> {
  /** The home account's regions, home first; empty: the region the SDK resolves. */
  homeRegions: string[];
  accounts: EstateAccount[];
  sessionName: string;
  durationSeconds: number;
  /** STS endpoint override (tests, the demo); AWS_ENDPOINT_URL_STS works too. */
  stsEndpoint?: string;
}

export async function createEstate(opts: EstateOptions): Promise<LocationRegistry> {
  const base = opts.credentials;
  const homeRegions = opts.homeRegions.length ? opts.homeRegions : [await defaultRegion(opts)];
  // No region at all (''): the clients are made without one and every call fails MISCONFIGURED.
  const client = (region: string, credentials: SSMClientConfig['credentials']) =>
    createSsmClient({ ...opts, region: region || undefined, credentials, maxSockets: opts.maxConcurrency });
  const sts = new STSClient({ region: homeRegions[0] || undefined, credentials: base, endpoint: opts.stsEndpoint, maxAttempts: opts.maxAttempts });
  const specs: LocationSpec[] = [
    ...homeRegions.map((region) => ({ region, client: client(region, base) })),
    ...opts.accounts.flatMap((account) => {
      // One provider per account: its regions share one assumed-role session.
      const credentials = fromTemporaryCredentials({
        params: {
          RoleArn: account.roleArn,
          RoleSessionName: opts.sessionName,
          DurationSeconds: opts.durationSeconds,
          ...(account.externalId ? { ExternalId: account.externalId } : {}),
        },
        ...(base ? { masterCredentials: base } : {}),
        clientConfig: { region: homeRegions[0] || undefined, ...(opts.stsEndpoint ? { endpoint: opts.stsEndpoint } : {}) },
      });
      // An account that lists no regions of its own is served in the home account's.
      const regions = account.regions.length ? account.regions : homeRegions;
      return regions.map((region) => ({ accountId: account.accountId, region, client: client(region, credentials) }));
    }),
  ];
  const registry = createLocationRegistry({
    specs,
    maxConcurrency: opts.maxConcurrency,
    rateBudget: opts.rateBudget,
    onCall: opts.onCall,
    callerAccount: async () => (await sts.send(new GetCallerIdentityCommand({}))).Account!,
  });
  return { ...registry, close: () => (registry.close(), sts.destroy()) };
}

/** The region the SDK's chain resolves (AWS_REGION, the profile's config); '' when none. */
async function defaultRegion(opts: EstateOptions): Promise<string> {
  const probe = createSsmClient({ ...opts });
  try {
    return await probe.config.region();
  } catch {
    return '';
  } finally {
    probe.destroy();
  }
}
