/**
 * `serve(gateway, config)`: listens, and shuts down gracefully.
 *
 * Contract of `close()`:
 * - from the moment it is called, the listening socket is closed (new
 *   connections are refused) and any new request arriving on an already open
 *   keep-alive connection gets 503 `{"errors":[{"extensions":{"code":"SHUTTING_DOWN"}}]}`
 *   with `Connection: close` (so `/ready` fails too, and load balancers move on);
 * - requests already in flight run to completion; idle connections are closed
 *   at once (also those that never sent a request, which Node's
 *   `closeIdleConnections` leaves open), busy ones after their response;
 * - streams first: a handler with `endStreams()` (the gateway: its
 *   subscriptions over SSE, which never finish by themselves) is told to end
 *   them, so their requests finish and the drain can be clean;
 * - after `config.shutdown.timeoutMs` (SHUTDOWN_TIMEOUT_MS) the remaining
 *   connections are cut; the promise resolves either way, with whether the
 *   drain was clean.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { GatewayConfig } from './config.ts';

export interface Served {
  server: Server;
  /** The bound port (useful with port 0). */
  port: number;
  url: string;
  /** Requests being handled right now. */
  inFlight(): number;
  close(): Promise<{ clean: boolean }>;
}

type Handler = ((req: IncomingMessage, res: ServerResponse) => void) & { endStreams?: () => void };

/** The code of the answers of a server shutting down (and of the last event of its streams). */
export const SHUTTING_DOWN = 'SHUTTING_DOWN';

export async function serve(
  handler: Handler,
  config: Pick<GatewayConfig, 'port' | 'host' | 'path' | 'shutdown'>,
): Promise<Served> {
  let closing = false;
  let active = 0;
  /** Connections that have not sent a request yet. */
  const fresh = new Set<Socket>();
  const server = createServer((req, res) => {
    fresh.delete(req.socket);
    if (closing) {
      res.writeHead(503, { 'content-type': 'application/json', connection: 'close', 'retry-after': '1' });
      res.end(JSON.stringify({ errors: [{ message: 'The server is shutting down.', extensions: { code: SHUTTING_DOWN } }] }));
      return;
    }
    active++;
    res.once('close', () => {
      active--;
      // Draining: this connection is idle now, close it rather than keep it alive.
      if (closing) setImmediate(() => server.closeIdleConnections());
    });
    handler(req, res);
  });
  server.on('connection', (socket: Socket) => {
    fresh.add(socket);
    socket.once('close', () => fresh.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;

  let closed: Promise<{ clean: boolean }> | undefined;
  return {
    server,
    port,
    url: `http://${host}:${port}${config.path}`,
    inFlight: () => active,
    close: () =>
      (closed ??= new Promise((resolve) => {
        closing = true;
        handler.endStreams?.();
        const timer = setTimeout(() => {
          server.closeAllConnections();
          resolve({ clean: false });
        }, config.shutdown.timeoutMs);
        timer.unref();
        server.close(() => {
          clearTimeout(timer);
          resolve({ clean: true });
        });
        server.closeIdleConnections();
        for (const socket of fresh) socket.destroy();
      })),
  };
}
