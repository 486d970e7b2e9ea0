/**
 * The benchmark's report: `say` prints a line of it (stdout) and keeps it for
 * the file a full run writes; `log` prints progress (stderr), with the time
 * since the start.
 */
import { execSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';

export interface Report {
  say(line?: string): void;
  log(line: string): void;
  /** Seconds since the start, as `N s`. */
  elapsed(): string;
  write(file: string): void;
}

export function createReport(): Report {
  const lines: string[] = [];
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;
  return {
    say(line = '') {
      console.log(line);
      lines.push(line);
    },
    log: (line) => console.error(`[bench ${elapsed()}] ${line}`),
    elapsed,
    write: (file) => writeFileSync(file, `${lines.join('\n')}\n`),
  };
}

export const loadAverage = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** The machine, Node and commit the figures were measured on. */
export function machine(): string {
  const mem = `${(totalmem() / 2 ** 30).toFixed(1)} GiB (${(freemem() / 2 ** 30).toFixed(1)} free)`;
  let commit = '?';
  try {
    commit = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
  } catch {}
  return `nproc ${cpus().length} (${cpus()[0]?.model ?? '?'}), memory ${mem}, Node ${process.version}, load average ${loadAverage()}, commit ${commit}`;
}
