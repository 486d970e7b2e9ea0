/**
 * The ordinary reasons `listen` fails, as one line naming the setting to
 * change (main.ts prints it and exits 1, without a stack). Anything else is
 * not ordinary and is thrown as is.
 */
import type { GatewayConfig } from './config.ts';

export function listenProblem(error: unknown, { port, host }: Pick<GatewayConfig, 'port' | 'host'>): string | undefined {
  switch ((error as NodeJS.ErrnoException | undefined)?.code) {
    case 'EADDRINUSE':
      return `PORT ${port} is already in use on ${host}: stop the process holding it, or set PORT to a free port.`;
    case 'EACCES':
      return `PORT ${port} on ${host} needs privileges this process lacks: set PORT to 1024 or above.`;
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return `HOST ${host} is not an address of this machine: set HOST (0.0.0.0 listens on every interface).`;
    default:
      return undefined;
  }
}
