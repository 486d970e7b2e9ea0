#!/usr/bin/env node
/**
 * `npm start`: serves real SSM through the default AWS credential chain. The only
 * module that reads the environment.
 *
 * Start-up: a bad setting stops the process with one line per variable (what it
 * accepts) and status 2; a port in use or a bad HOST with one line and status 1;
 * no stack for either. A missing region or credentials is said once, with what
 * to set, and the gateway still serves (its queries answer UPSTREAM_MISCONFIGURED,
 * `/ready` 503) so that a fix needs no new deployment when credentials arrive late.
 *
 * SIGTERM/SIGINT: refuse new requests, let in-flight ones finish, exit 0 after a
 * clean drain or 1 when SHUTDOWN_TIMEOUT_MS cut it short (see serve.ts). The
 * handlers are installed before listening, so no signal finds the process
 * without them; a second signal while draining is ignored. `npm start` execs
 * node itself (package.json), so the signal reaches this process, not a shell.
 *
 * REDIS_URL: the shared tier connects before listening; without CURSOR_SECRET
 * the cursor key must come from Redis, and a Redis out of reach stops the
 * start with one line and status 1 (see src/server/cursor-key.ts).
 *
 * An unhandled rejection is logged and the process keeps serving: one request's
 * stray promise must not take every other request down. A last line of defence,
 * not error handling: each occurrence is a bug to fix where it arose.
 */
import { ConfigError, loadConfig, type GatewayConfig } from './server/config.ts';
import { createGateway } from './server/gateway.ts';
import { listenProblem } from './server/listen-errors.ts';
import { serve, type Served } from './server/serve.ts';
import { checkUpstreamSetup } from './server/upstream-setup.ts';
import { readFileSync } from 'node:fs';
import { createGatewayEstate } from './server/estate.ts';
import { createSsmClient } from './ssm/client.ts';
import type { LocationRegistry } from './ssm/locations.ts';
import { createLog } from './server/log.ts';
import { createMetrics } from './server/metrics/registry.ts';
import { CursorKeyUnshared } from './server/cursor-key.ts';
import { createSharedTier } from './server/shared-tier.ts';

process.on('unhandledRejection', (reason) => console.error('unhandled rejection (process kept running):', reason));

function fail(lines: string[], status: number): never {
  for (const line of lines) console.error(`ssm-graph: ${line}`);
  process.exit(status);
}

function configOrExit(): GatewayConfig {
  try {
    return loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) fail(e.problems, 2);
    throw e;
  }
}

const config = configOrExit();
const metrics = createMetrics({ process: config.metrics.enabled });

/** The served locations; a bad SSM_GRAPH_CONFIG file stops the start like a bad setting. */
async function locationsOrExit(): Promise<LocationRegistry> {
  const file = config.ssm.configFile;
  let configFileText: string | undefined;
  try {
    configFileText = file ? readFileSync(file, 'utf8') : undefined;
  } catch (e) {
    fail([`SSM_GRAPH_CONFIG=${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`], 2);
  }
  try {
    return await createGatewayEstate(config, { configFileText, onCall: metrics.upstreamCall, shared, onBudget: metrics.budget });
  } catch (e) {
    if (e instanceof ConfigError) fail(e.problems, 2);
    throw e;
  }
}
// The shared tier first: the locations' rate budgets are kept in it.
const shared = await createSharedTier(config, createLog(config.log.level, console)).catch((e: unknown) => {
  if (e instanceof CursorKeyUnshared) fail([e.message], 1);
  throw e;
});
const locations = await locationsOrExit();
const gateway = createGateway({ locations, config, shared, metrics });

// Can the home location be called at all (a region, credentials)? Said once, with what to set.
const probe = createSsmClient({ region: config.ssm.regions[0] ?? config.ssm.region, endpoint: config.ssm.endpoint });
for (const problem of await checkUpstreamSetup(probe)) {
  console.error(`ssm-graph: SSM cannot be called: ${problem} Until then queries fail with UPSTREAM_MISCONFIGURED and /ready with 503.`);
}
probe.destroy();

let served: Served | undefined;
let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: refusing new requests, finishing ${served?.inFlight() ?? 0} in flight (at most ${config.shutdown.timeoutMs} ms)`);
  const { clean } = served ? await served.close() : { clean: true };
  locations.close();
  await shared?.close();
  process.exit(clean ? 0 : 1);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop(signal));

try {
  served = await serve(gateway, config);
} catch (e) {
  const problem = listenProblem(e, config);
  if (!problem) throw e;
  locations.close();
  await shared?.close();
  fail([problem], 1);
}
console.log(`ssm-graph listening on ${served.url}${config.production ? ' (production mode)' : ''}, pid ${process.pid}`);
// The locations served, once the home account is known (or why it is not, retried on demand).
const served_ = await locations.list();
console.log(
  `ssm-graph serves ${served_.length} location(s): ${served_.map((l) => `${l.accountId ?? '(home account unknown)'}/${l.region}${l.home ? ' (home)' : ''}`).join(', ')}`,
);
