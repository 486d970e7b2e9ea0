/** The CLI starts a server the SDK can use, from a generated or a loaded dataset. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { datasetToJson } from '../../src/emulator/load.ts';
import { call, client, errorOf, smallDataset } from './helpers.ts';

const root = new URL('../../', import.meta.url).pathname;
let child: ChildProcess | undefined;

afterEach(() => {
  child?.kill('SIGTERM');
  child = undefined;
});

/** Starts the CLI and resolves with its printed URL. */
function startCli(args: string[]): Promise<string> {
  child = spawn(process.execPath, ['--import', 'tsx', 'src/emulator/cli.ts', '--port', '0', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child!.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child!.stderr!.on('data', (b: Buffer) => (err += b.toString()));
    child!.on('exit', (code) => reject(new Error(`cli exited with ${code}: ${err}`)));
  });
}

describe('cli', () => {
  it('serves a generated dataset with faults from flags and prints how to connect', async () => {
    const url = await startCli(['--size', 'small', '--seed', '1', '--stingy', '--error-rate', '1']);
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
    await expect(startCli(['--faults', '[{"operations":["SendCommand"]}]'])).rejects.toThrow(/exited with 2: --faults: operations: SendCommand/);
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
});
