/**
 * `npm run demo`: the gateway over the embedded SSM (and STS) emulator with a
 * generated estate: two accounts × two regions, multi-account automation runs
 * whose children live in the other locations, dated back from now. No AWS
 * account, no network; the real SDK and wire protocols, the second account
 * reached through STS AssumeRole as in production. The emulator runs live:
 * executions in progress advance on the wall clock and new window executions
 * begin, so subscriptions (GraphiQL's second tab) have something to watch.
 */
import { startEmulator } from './emulator/index.ts';
import type { DatasetSize } from './emulator/generate.ts';
import { describeEstate, generateEstate } from './emulator/generate-estate.ts';
import { loadConfig } from './server/config.ts';
import { createGatewayEstate } from './server/estate.ts';
import { EXPLORER_PATH } from './server/explorer.ts';
import { createGateway } from './server/gateway.ts';
import { serve } from './server/serve.ts';

// The SDK's notice that its releases after January 2027 need Node 22 says nothing about a local
// demo (the lockfile pins a release that runs on Node 20); `npm start` still shows it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const size = (process.env.DEMO_SIZE ?? 'medium') as DatasetSize;
const estate = generateEstate({ seed: Number(process.env.DEMO_SEED ?? 1), size, now: Date.now(), live: true });
const emulator = await startEmulator({ port: 0, estate, stingy: true, live: true });
const regions = [...new Set(estate.locations.map((l) => l.region))];
const config = loadConfig({
  GRAPHIQL: 'true',
  SSM_REGIONS: regions.join(','),
  SSM_ACCOUNT_ROLES: Object.values(estate.roleOf).join(','),
  ...process.env,
});
const locations = await createGatewayEstate(config, {
  endpoint: emulator.url,
  stsEndpoint: emulator.url,
  credentials: { accessKeyId: estate.accessKeyOf[estate.home.accountId], secretAccessKey: 'demo' },
});
const served = await serve(createGateway({ locations, config }), config);

console.log(`SSM emulator (live, stingy pages, ${size} home fleet) on ${emulator.url}:`);
for (const [where, counts] of Object.entries(describeEstate(estate))) {
  console.log(`  ${where}: ${Object.entries(counts).slice(0, 6).map(([k, v]) => `${k}=${v}`).join(' ')}`);
}
console.log(`GraphiQL: http://localhost:${served.port}${config.path} (second tab: a live subscription)`);
if (config.explorer) console.log(`Explorer: http://localhost:${served.port}${EXPLORER_PATH}`);
console.log('Ctrl-C to stop.');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await served.close();
    locations.close();
    await emulator.close();
    process.exit(0);
  });
}
