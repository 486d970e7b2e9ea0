/** The CLI starts a server the SDK can use, from a generated or a loaded dataset. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError, parseCliArgs } from '../../src/emulator/cli-args.ts';
import { datasetToJson } from '../../src/emulator/load.ts';
import { call, client, errorOf, smallDataset } from './helpers.ts';

const root = new URL('../../', import.meta.url).pathname;
let child: ChildProcess | undefined;

afterEach(() => {
  child?.kill('SIGTERM');
  child = undefined;
});

let printed = '';

/** Starts the CLI and resolves with its printed URL, once it printed its banner (kept in `printed`). */
function startCli(args: string[]): Promise<string> {
  child = spawn(process.execPath, ['--import', 'tsx', 'src/emulator/cli.ts', '--port', '0', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child!.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      printed = out;
      const m = /listening on (http:\/\/\S+)[\s\S]*Control plane/.exec(out);
      if (m) resolve(m[1]);
    });
    child!.stderr!.on('data', (b: Buffer) => (err += b.toString()));
    child!.on('exit', (code) => reject(new Error(`cli exited with ${code}: ${err}`)));
  });
}

describe('cli', () => {
  it('serves a generated dataset with faults from flags and prints how to connect, AWS_DEFAULT_REGION beside AWS_REGION', async () => {
    const url = await startCli(['--size', 'small', '--seed', '1', '--stingy', '--error-rate', '1']);
    expect(printed).toContain(`export AWS_ENDPOINT_URL_SSM=${url} AWS_ENDPOINT_URL_STS=${url}`);
    expect(printed).toContain('export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1');
    expect(printed).toContain('export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test');
    const c = client(url);
    try {
      expect((await errorOf(call(c, 'DescribeMaintenanceWindows', {}))).name).toBe('InternalServerError');
    } finally {
      c.destroy();
    }
  });

  it('takes per-operation rules with --faults (inline JSON or a file)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ssm-emu-'));
    const file = join(dir, 'faults.json');
    writeFileSync(file, JSON.stringify({ faults: [{ operations: ['ListCommands'], errorRate: 1 }] }));
    for (const arg of [JSON.stringify([{ operations: ['ListCommands'], errorRate: 1 }]), file]) {
      const url = await startCli(['--faults', arg]);
      const c = client(url);
      try {
        expect((await errorOf(call(c, 'ListCommands', {}))).name).toBe('InternalServerError');
        expect((await call(c, 'DescribeMaintenanceWindows', {})).WindowIdentities.length).toBeGreaterThan(0);
      } finally {
        c.destroy();
        child?.kill('SIGTERM');
      }
    }
  });

  it('exits 2 naming the problem when --faults is malformed', async () => {
    await expect(startCli(['--faults', '[{"operations":["SendCommand"]}]'])).rejects.toThrow(/exited with 2: ssm-emulator: --faults: operations: SendCommand/);
  });

  it('serves a dataset file (--data)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ssm-emu-'));
    const file = join(dir, 'data.json');
    writeFileSync(file, JSON.stringify(datasetToJson(smallDataset())));
    const url = await startCli(['--data', file]);
    const c = client(url);
    try {
      const out = await call(c, 'DescribeMaintenanceWindows', {});
      expect(out.WindowIdentities).toHaveLength(smallDataset().maintenanceWindows.length);
    } finally {
      c.destroy();
    }
  });

  it('--estate serves several locations and prints each, with the access keys and roles to use; --live --manual-clock: the clock moves only by POST /_emulator/clock', async () => {
    const url = await startCli(['--estate', '--live', '--manual-clock', '--now', '2026-01-01T00:00:00Z']);
    for (const l of ['111111111111/us-east-1:', '111111111111/eu-west-1:', '222222222222/us-east-1:', '222222222222/eu-west-1:']) expect(printed).toContain(l);
    expect(printed).toContain('AKIAEMU222222222222 -> 222222222222');
    expect(printed).toContain('role arn:aws:iam::222222222222:role/ssm-graph-reader: assumable');
    expect(printed).toContain('role arn:aws:iam::333333333333:role/ssm-graph-reader: refuses AssumeRole');
    expect(printed).toContain('export AWS_ACCESS_KEY_ID=AKIAEMU111111111111');
    const c = client(url, { accessKeyId: 'AKIAEMU222222222222', region: 'eu-west-1' });
    try {
      expect((await call(c, 'DescribeMaintenanceWindows', {})).WindowIdentities.length).toBeGreaterThan(0);
    } finally {
      c.destroy();
    }
    expect(await (await fetch(`${url}/_emulator/clock`)).json()).toEqual({ now: '2026-01-01T00:00:00.000Z', manual: true });
    const res = await fetch(`${url}/_emulator/clock`, { method: 'POST', body: JSON.stringify({ advanceMs: 90_000 }) });
    expect(await res.json()).toEqual({ now: '2026-01-01T00:01:30.000Z', manual: true });
  });

  it('an unknown flag prints the problem and the usage and exits 2, without a stack', async () => {
    const err = await startCli(['--bogus']).then(() => '', (e: Error) => e.message);
    expect(err).toMatch(/exited with 2: ssm-emulator: Unknown option '--bogus'/);
    expect(err).toContain('usage: npm run emulator -- [flags]');
    expect(err).not.toMatch(/\n\s+at /);
  });

  it.each([
    [['--size', 'huge'], /--size must be small, medium or large, got "huge"/],
    [['--now', 'yesterday'], /--now must be an ISO-8601 time/],
    [['--seed', '1.5'], /--seed must be an integer/],
    [['--port', '70000'], /--port must be an integer port/],
    [['--error-rate', '2'], /--error-rate must be a probability/],
    [['--live', '--data', 'x.json'], /--live needs generated data/],
    [['--stingy=yes'], /--stingy/],
  ])('%j is a usage error (the CLI prints it with the usage and exits 2)', (args, problem) => {
    expect(() => parseCliArgs(args as string[])).toThrow(UsageError);
    expect(() => parseCliArgs(args as string[])).toThrow(problem);
  });

  it('--now defaults to the wall clock; an ISO time is taken as is', () => {
    expect(parseCliArgs([], () => 1_234_000)).toMatchObject({ now: 1_234_000, size: 'small', port: 4566 });
    expect(parseCliArgs(['--now', '2026-03-01T10:00:00Z'])).toMatchObject({ now: Date.UTC(2026, 2, 1, 10) });
  });

  it('a port in use says so and names --port', async () => {
    const url = await startCli([]);
    const port = new URL(url).port;
    const second = spawn(process.execPath, ['--import', 'tsx', 'src/emulator/cli.ts', '--port', port], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    second.stderr!.on('data', (b: Buffer) => (err += b.toString()));
    const code = await new Promise((resolve) => second.on('exit', resolve));
    expect(code).toBe(1);
    expect(err).toBe(`ssm-emulator: port ${port} is already in use on 127.0.0.1; choose another with --port N (--port 0 picks a free one)\n`);
  });
});
