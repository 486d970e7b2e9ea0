/**
 * `npm run demo`: the gateway over the embedded SSM emulator with generated
 * data. No AWS account, no network; the real SDK and wire protocol.
 */
import { createServer } from 'node:http';
import { startEmulator } from './emulator/index.ts';
import { describeDataset, generateDataset } from './emulator/generate.ts';
import { loadConfig } from './server/config.ts';
import { createGateway } from './server/gateway.ts';
import { createSsmClient } from './ssm/client.ts';

const config = loadConfig(process.env);
const data = generateDataset({ seed: Number(process.env.DEMO_SEED ?? 1), size: (process.env.DEMO_SIZE as 'medium') ?? 'medium' });
const emulator = await startEmulator({ port: 0, data, stingy: true });
const client = createSsmClient({
  region: 'us-east-1',
  endpoint: emulator.url,
  credentials: { accessKeyId: 'demo', secretAccessKey: 'demo' },
  maxAttempts: config.ssm.maxAttempts,
});
const gateway = createGateway({ client, config: { ...config, graphiql: true } });
const server = createServer(gateway);

server.listen(config.port, config.host, () => {
  const counts = Object.entries(describeDataset(data))
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  console.log(`SSM emulator on ${emulator.url} (${counts})`);
  console.log(`GraphiQL: http://localhost:${config.port}${config.path}`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    server.closeIdleConnections();
    void emulator.close().then(() => process.exit(0));
  });
}
