/**
 * Runs the gateway as its own process, as `npm start` does, for the tests of
 * start-up and signals: its output collected (never printed), waits on lines,
 * and cleanup of whatever is still running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { afterEach } from 'vitest';

export const ROOT = new URL('../..', import.meta.url).pathname;

/**
 * An environment with nothing of this machine's AWS setup: no profile files,
 * no instance metadata lookup (which would leave loopback), the SDK's Node 22
 * notice off. Tests add what they need.
 */
export function isolatedEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/nonexistent/aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
    HOST: '127.0.0.1',
    PORT: '0',
    ...extra,
  };
}

export interface Running {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in the output (stdout and stderr), or rejects after `ms`. */
  waitFor(pattern: RegExp, ms?: number): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

export function run(command: string, args: string[], env: Record<string, string>, cwd = ROOT): Running {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (err += c));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    async waitFor(pattern, ms = 20_000) {
      for (const end = Date.now() + ms; ; await new Promise((r) => setTimeout(r, 25))) {
        const m = (out + err).match(pattern);
        if (m) return m;
        if (Date.now() > end || child.exitCode !== null) throw new Error(`no ${pattern} in output:\n${out}\n${err}`);
      }
    },
  };
}

/** `node --import tsx src/main.ts`, what `npm run start:source` execs (`npm start` runs dist/main.js). */
export const runMain = (env: Record<string, string>) => run(process.execPath, ['--import', 'tsx', 'src/main.ts'], env);

/** Waits for the "listening" line; returns the URL and the server's pid. */
export async function listening(p: Running, ms?: number): Promise<{ url: string; port: number; pid: number }> {
  const [, url, port, pid] = await p.waitFor(/listening on (http:\/\/[\w.]+:(\d+)\/graphql).*pid (\d+)/, ms);
  return { url, port: Number(port), pid: Number(pid) };
}

/** Whether anything accepts connections on 127.0.0.1:`port`. */
export function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}
