/**
 * The served locations for a gateway configuration: the locations plan
 * (locations-config.ts) turned into clients and a registry (src/ssm/estate.ts).
 * main.ts, the demo, the tests and the benchmarks all build it here.
 */
import type { SSMClientConfig } from '@aws-sdk/client-ssm';
import { createEstate } from '../ssm/estate.ts';
import { createMemoryRateBudget, type RateBudget } from '../ssm/rate-budget.ts';
import type { LocationRegistry } from '../ssm/locations.ts';
import type { RegistryOptions } from '../ssm/registry.ts';
import type { GatewayConfig } from './config.ts';
import { planLocations } from './locations-config.ts';

export interface EstateDeps {
  /** The text of the SSM_GRAPH_CONFIG file, when one is configured (main.ts reads it). */
  configFileText?: string;
  /** Base credentials; default the SDK's chain. */
  credentials?: SSMClientConfig['credentials'];
  /** SSM and STS endpoint overrides (the emulator); SSM_ENDPOINT and AWS_ENDPOINT_URL_* work too. */
  endpoint?: string;
  stsEndpoint?: string;
  onCall?: RegistryOptions['onCall'];
  /** Each location's rate budget; default an in-memory one of SSM_MAX_RPS (this replica's alone). */
  rateBudget?: (location: { accountId: string; region: string }) => RateBudget;
}

export function createGatewayEstate(config: GatewayConfig, deps: EstateDeps = {}): Promise<LocationRegistry> {
  const plan = planLocations(config.ssm, deps.configFileText);
  const regions = plan.homeRegions.length ? plan.homeRegions : config.ssm.region ? [config.ssm.region] : [];
  return createEstate({
    ...plan,
    homeRegions: regions,
    endpoint: deps.endpoint ?? config.ssm.endpoint,
    stsEndpoint: deps.stsEndpoint,
    credentials: deps.credentials,
    maxAttempts: config.ssm.maxAttempts,
    requestTimeoutMs: config.ssm.requestTimeoutMs,
    maxConcurrency: config.ssm.maxConcurrency,
    rateBudget: deps.rateBudget ?? (config.ssm.maxRps ? () => createMemoryRateBudget({ perSecond: config.ssm.maxRps }) : undefined),
    onCall: deps.onCall,
  });
}
