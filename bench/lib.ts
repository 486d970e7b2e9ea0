/**
 * Shared benchmark helpers: the emulator in a child process (so its CPU is not
 * the gateway's), bench children started with tsx, an HTTP GraphQL client,
 * percentiles and table printing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { CallRecord, FaultRule } from '../src/emulator/index.ts';
import type { GeneratedEstate } from '../src/emulator/generate-estate.ts';
import type { GatewayConfig } from '../src/server/config.ts';
import { createGatewayEstate } from '../src/server/estate.ts';
import { createGateway } from '../src/server/gateway.ts';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Starts `file` (a .ts path relative to the repo root) under tsx; resolves on the first stdout line matching `ready`. */
export function startChild(
  file: string,
  args: string[],
  ready: RegExp,
  env: Record<string, string> = {},
  opts: { timeoutMs?: number; stderr?: (line: string) => void } = {},
): Promise<{ child: ChildProcess; match: RegExpMatchArray; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`${file} was not ready in ${(opts.timeoutMs ?? 60_000) / 1000} s:\n${out}\n${err}`));
    }, opts.timeoutMs ?? 60_000);
    let partial = '';
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      if (!opts.stderr) return;
      const lines = (partial + d.toString()).split('\n');
      partial = lines.pop()!;
      lines.forEach(opts.stderr);
    });
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = out.match(ready);
      if (m) {
        clearTimeout(timer);
        resolve({ child, match: m, output: () => out });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${file} exited with ${code} before it was ready:\n${out}\n${err}`));
    });
  });
}

/** Stops a child this benchmark started, by its own handle, and waits for it to exit. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export interface RemoteEmulator {
  url: string;
  calls(): Promise<CallRecord[]>;
  reset(): Promise<void>;
  setFaults(f: FaultRule[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * A gateway over the emulator at `url` (its one dataset, the home location
 * us-east-1), with its home account already asked of STS.
 */
export async function benchGateway(url: string, config: GatewayConfig, onCall?: () => void) {
  const locations = await createGatewayEstate(
    { ...config, ssm: { ...config.ssm, regions: ['us-east-1'], maxAttempts: 1 } },
    { endpoint: url, stsEndpoint: url, credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' }, onCall },
  );
  await locations.list();
  return createGateway({ locations, config });
}

/**
 * A gateway over an estate the emulator at `url` serves (generate-estate.ts),
 * configured as `npm run demo` configures it: every region of the estate, one
 * role per further account, the home account's access key.
 */
export async function benchEstateGateway(url: string, config: GatewayConfig, estate: GeneratedEstate) {
  const regions = [...new Set(estate.locations.map((l) => l.region))];
  const roles = Object.values(estate.roleOf);
  const locations = await createGatewayEstate(
    { ...config, ssm: { ...config.ssm, regions, accountRoles: roles, maxAttempts: 1 } },
    { endpoint: url, stsEndpoint: url, credentials: { accessKeyId: estate.accessKeyOf[estate.home.accountId], secretAccessKey: 'bench' } },
  );
  await locations.list();
  return createGateway({ locations, config });
}

/** The emulator CLI in a child process, driven through its `/_emulator/*` control plane. */
export async function startRemoteEmulator(opts: { size: string; seed: number; latencyMs: number; stingy: boolean }): Promise<RemoteEmulator> {
  const args = ['--port', '0', '--size', opts.size, '--seed', String(opts.seed)];
  if (opts.latencyMs) args.push('--latency', String(opts.latencyMs));
  if (opts.stingy) args.push('--stingy');
  const { child, match } = await startChild('src/emulator/cli.ts', args, /listening on (http:\/\/\S+)\s/);
  const url = match[1];
  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}/_emulator/${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!res.ok) throw new Error(`emulator ${method} ${path}: ${res.status} ${await res.text()}`);
    return res.status === 204 ? undefined : res.json();
  };
  return {
    url,
    // SSM calls only: the gateway asks STS once at start (GetCallerIdentity), outside any measure.
    calls: async () => ((await control('GET', 'calls')) as CallRecord[]).filter((c) => c.service === 'ssm'),
    reset: async () => void (await control('POST', 'reset')),
    setFaults: async (f) => void (await control('PUT', 'faults', f)),
    close: () => stopChild(child),
  };
}

export async function listen(handler: RequestListener): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}/graphql`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export interface GraphQLResult {
  data?: any;
  errors?: { message: string; path?: unknown[]; extensions?: unknown }[];
}

/** POSTs a query; throws on a transport error, an HTTP error or GraphQL errors. */
export async function gql(url: string, query: string, variables?: Record<string, unknown>): Promise<GraphQLResult> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as GraphQLResult;
  if (!res.ok || body.errors?.length) {
    throw new Error(`${url}: HTTP ${res.status} ${JSON.stringify(body.errors ?? body).slice(0, 600)}`);
  }
  return body;
}

/** Nearest-rank percentile of unsorted samples. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
export const ratio = (a: number, b: number) => (b > 0 && Number.isFinite(a) ? (a / b).toFixed(2) : '-');

/** A Markdown table (which also reads well on a terminal). */
export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  const sep = `|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(cells[0]), sep, ...cells.slice(1).map(line)].join('\n');
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
