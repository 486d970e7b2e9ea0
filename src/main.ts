/**
 * `npm start`: serves real SSM through the default AWS credential chain. The only
 * module that reads the environment and listens.
 */
import { createServer } from 'node:http';
import { loadConfig } from './server/config.ts';
import { createGateway } from './server/gateway.ts';
import { createSsmClient } from './ssm/client.ts';

const config = loadConfig(process.env);
const client = createSsmClient({
  region: config.ssm.region,
  endpoint: config.ssm.endpoint,
  maxAttempts: config.ssm.maxAttempts,
  requestTimeoutMs: config.ssm.requestTimeoutMs,
});
const gateway = createGateway({ client, config });
const server = createServer(gateway);

server.listen(config.port, config.host, () => {
  console.log(`ssm-graph listening on http://localhost:${config.port}${config.path}`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log(`${signal}: finishing in-flight requests`);
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(1), 10_000).unref();
  });
}
