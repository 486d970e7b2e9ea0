/**
 * The served locations for a gateway configuration: the locations plan
 * (locations-config.ts) turned into clients and a registry (src/ssm/estate.ts).
 * main.ts, the demo, the tests and the benchmarks all build it here.
 */
import type { SSMClientConfig } from '@aws-sdk/client-ssm';
import { createEstate } from '../ssm/estate.ts';
import type { RateBudget } from '../ssm/rate-budget.ts';
import type { LocationRegistry } from '../ssm/locations.ts';
import type { RegistryOptions } from '../ssm/registry.ts';
import type { GatewayConfig } from './config.ts';
import { planLocations } from './locations-config.ts';
import { rateBudgets, type BudgetEvents } from './rate-budgets.ts';
import type { SharedTier } from './shared-tier.ts';

export interface EstateDeps {
  /** The text of the SSM_GRAPH_CONFIG file, when one is configured (main.ts reads it). */
  configFileText?: string;
  /** Base credentials; default the SDK's chain. */
  credentials?: SSMClientConfig['credentials'];
  /** SSM and STS endpoint overrides (the emulator); SSM_ENDPOINT and AWS_ENDPOINT_URL_* work too. */
  endpoint?: string;
  stsEndpoint?: string;
  onCall?: RegistryOptions['onCall'];
  /** Each location's rate budget; default one of SSM_MAX_RPS (rate-budgets.ts): shared through `shared`, else this replica's alone. */
  rateBudget?: (location: { accountId: string; region: string }) => RateBudget;
  /** The shared tier (REDIS_URL): the rate budgets are then the cluster's. */
  shared?: Pick<SharedTier, 'connection'>;
  /** The budgets' waits and fallbacks, for metrics (`metrics.budget`). */
  onBudget?: BudgetEvents;
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
    rateBudget: deps.rateBudget ?? rateBudgets(config, { connection: deps.shared?.connection, events: deps.onBudget }),
    onCall: deps.onCall,
  });
}
