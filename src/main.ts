/**
 * `npm start`: serves real SSM through the default AWS credential chain. The only
 * module that reads the environment.
 */
import { loadConfig } from './server/config.ts';
import { createGateway } from './server/gateway.ts';
import { serve } from './server/serve.ts';
import { createSsmClient } from './ssm/client.ts';

const config = loadConfig(process.env);
const client = createSsmClient({
  region: config.ssm.region,
  endpoint: config.ssm.endpoint,
  maxAttempts: config.ssm.maxAttempts,
  requestTimeoutMs: config.ssm.requestTimeoutMs,
});
const gateway = createGateway({ client, config });
const served = await serve(gateway, config);
console.log(`ssm-graph listening on ${served.url}${config.production ? ' (production mode)' : ''}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    console.log(`${signal}: refusing new requests, finishing ${served.inFlight()} in flight (at most ${config.shutdown.timeoutMs} ms)`);
    const { clean } = await served.close();
    client.destroy();
    process.exit(clean ? 0 : 1);
  });
}
