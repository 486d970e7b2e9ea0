/**
 * `npm run demo`: the gateway over the embedded SSM emulator with generated
 * data. No AWS account, no network; the real SDK and wire protocol.
 */
import { startEmulator } from './emulator/index.ts';
import { describeDataset, generateDataset, type DatasetSize } from './emulator/generate.ts';
import { loadConfig } from './server/config.ts';
import { EXPLORER_PATH } from './server/explorer.ts';
import { createGateway } from './server/gateway.ts';
import { serve } from './server/serve.ts';
import { createSsmClient } from './ssm/client.ts';

// The SDK's notice that its releases after January 2027 need Node 22 says nothing about a local
// demo (the lockfile pins a release that runs on Node 20); `npm start` still shows it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const config = loadConfig({ GRAPHIQL: 'true', ...process.env });
const size = (process.env.DEMO_SIZE ?? 'medium') as DatasetSize;
const data = generateDataset({ seed: Number(process.env.DEMO_SEED ?? 1), size });
const emulator = await startEmulator({ port: 0, data, stingy: true });
const client = createSsmClient({
  region: 'us-east-1',
  endpoint: emulator.url,
  credentials: { accessKeyId: 'demo', secretAccessKey: 'demo' },
  maxAttempts: config.ssm.maxAttempts,
});
const served = await serve(createGateway({ client, config }), config);

const counts = Object.entries(describeDataset(data)).slice(0, 10).map(([k, v]) => `${k}=${v}`);
console.log(`SSM emulator (stingy pages, ${size} fleet) on ${emulator.url}: ${counts.join(' ')}`);
console.log(`GraphiQL: http://localhost:${served.port}${config.path}`);
if (config.explorer) console.log(`Explorer: http://localhost:${served.port}${EXPLORER_PATH}`);
console.log('Ctrl-C to stop.');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await served.close();
    client.destroy();
    await emulator.close();
    process.exit(0);
  });
}
