/**
 * `npm start`: serves real SSM through the default AWS credential chain. The only
 * module that reads the environment.
 *
 * SIGTERM/SIGINT: refuse new requests, let in-flight ones finish, exit 0 after a
 * clean drain or 1 when SHUTDOWN_TIMEOUT_MS cut it short (see serve.ts). The
 * handlers are installed before listening, so no signal finds the process
 * without them; a second signal while draining is ignored.
 *
 * An unhandled rejection is logged and the process keeps serving: one request's
 * stray promise must not take every other request down. A last line of defence,
 * not error handling: each occurrence is a bug to fix where it arose.
 */
import { loadConfig } from './server/config.ts';
import { createGateway } from './server/gateway.ts';
import { serve, type Served } from './server/serve.ts';
import { createSsmClient } from './ssm/client.ts';

process.on('unhandledRejection', (reason) => console.error('unhandled rejection (process kept running):', reason));

const config = loadConfig(process.env);
const client = createSsmClient({
  region: config.ssm.region,
  endpoint: config.ssm.endpoint,
  maxAttempts: config.ssm.maxAttempts,
  requestTimeoutMs: config.ssm.requestTimeoutMs,
});
const gateway = createGateway({ client, config });

let served: Served | undefined;
let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: refusing new requests, finishing ${served?.inFlight() ?? 0} in flight (at most ${config.shutdown.timeoutMs} ms)`);
  const { clean } = served ? await served.close() : { clean: true };
  client.destroy();
  process.exit(clean ? 0 : 1);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop(signal));

served = await serve(gateway, config);
console.log(`ssm-graph listening on ${served.url}${config.production ? ' (production mode)' : ''}`);
