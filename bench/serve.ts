/**
 * A bench child: serves one server on a random loopback port and prints
 * `ready <url>`, so that load is measured against a process of its own.
 *
 *   serve.ts gateway <emulator-url> [no-response-cache]   the gateway over the emulator
 *   serve.ts bare <answer.json>       the bare server answering from memory
 */
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { loadConfig } from '../src/server/config.ts';
import { benchGateway } from './lib.ts';
import { createBareServer } from './bare.ts';

const [kind, arg, variant] = process.argv.slice(2);
let handler: RequestListener;
if (kind === 'gateway') {
  const responseCache = variant === 'no-response-cache' ? 'false' : 'true';
  handler = await benchGateway(arg, loadConfig({ CURSOR_SECRET: 'bench', GRAPHIQL: 'false', LOG_LEVEL: 'warn', RESPONSE_CACHE: responseCache }));
} else if (kind === 'bare') {
  handler = createBareServer(JSON.parse(readFileSync(arg, 'utf8')) as Record<string, unknown>);
} else {
  console.error('usage: serve.ts gateway <emulator-url> [no-response-cache] | bare <answer.json>');
  process.exit(2);
}
const server = createServer(handler);
server.listen(0, '127.0.0.1', () => console.log(`ready http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`));
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
