/**
 * Live replicas: n gateways in this process, each with its own shared tier
 * (its own Redis connections, one REDIS_URL and REDIS_PREFIX between them, or
 * none), its own port and SSE client, and its own manual ticks, over one
 * emulator in live mode on a manual clock. In-process, so a test runs each
 * replica's polls a tick at a time (exact call counts) and can make one of
 * them stop the way a killed process does (`crash`).
 */
import { createClient } from 'graphql-sse';
import { ANCHOR_MS } from '../../src/emulator/generate.ts';
import { createManualClock, startEmulator, type Emulator, type ManualClock } from '../../src/emulator/index.ts';
import { loadConfig } from '../../src/server/config.ts';
import { createGatewayEstate } from '../../src/server/estate.ts';
import { createGateway, type Gateway } from '../../src/server/gateway.ts';
import { serve, type Served } from '../../src/server/serve.ts';
import { createSharedTier, type SharedTier } from '../../src/server/shared-tier.ts';
import { LIVE_DATA, manualTicks, watcher, type LiveStack, type ManualTicks } from '../server/live/live-stack.ts';

export interface LiveReplica {
  gateway: Gateway;
  ticks: ManualTicks;
  shared?: SharedTier;
  watch: LiveStack['watch'];
  /** Stops as a killed process would: its Redis connections drop first (no lease given back), then its port and streams. */
  crash(): Promise<void>;
  close(): Promise<void>;
}

export interface LiveReplicas {
  emulator: Emulator;
  clock: ManualClock;
  replicas: LiveReplica[];
  close(): Promise<void>;
}

export async function startLiveReplicas(n: number, env: Record<string, string>): Promise<LiveReplicas> {
  const clock = createManualClock(ANCHOR_MS);
  const emulator = await startEmulator({ port: 0, data: LIVE_DATA, stingy: true, live: true, clock });
  const start = async (): Promise<LiveReplica> => {
    const config = loadConfig({ CURSOR_SECRET: 'test-secret', LOG_LEVEL: 'warn', SSM_REGIONS: 'us-east-1', SSM_MAX_ATTEMPTS: '1', ...env });
    const shared = await createSharedTier(config);
    await shared?.connection.ready(5_000);
    const locations = await createGatewayEstate(config, {
      endpoint: emulator.url,
      stsEndpoint: emulator.url,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    const ticks = manualTicks();
    const gateway = createGateway({ locations, config, shared, liveTimers: ticks });
    await locations.list();
    const served: Served = await serve(gateway, { ...config, port: 0, host: '127.0.0.1' });
    const client = createClient({ url: served.url, retryAttempts: 0 });
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      client.dispose();
      await served.close();
      locations.close();
      await shared?.close();
    };
    return {
      gateway,
      ticks,
      shared,
      watch: watcher(client),
      async crash() {
        shared?.connection.client.disconnect();
        await shared?.live.close();
        await close();
      },
      close,
    };
  };
  const replicas = await Promise.all(Array.from({ length: n }, start));
  emulator.reset();
  return {
    emulator,
    clock,
    replicas,
    async close() {
      await Promise.all(replicas.map((r) => r.close()));
      await emulator.close();
    },
  };
}
