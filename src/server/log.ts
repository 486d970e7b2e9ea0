/**
 * The gateway's log: four levels over a sink (default `console`), filtered by
 * LOG_LEVEL. `info` carries the access log (request-log.ts), `warn` upstream
 * failures and auth outages, `error` unexpected errors; `silent` drops all.
 * Tests run at `warn` (test/helpers/stack.ts), so a green run prints no
 * access lines.
 */
import type { LOG_LEVELS } from './settings.ts';

export type LogLevel = (typeof LOG_LEVELS)[number];
type Line = (...args: unknown[]) => void;
export interface Log {
  debug: Line;
  info: Line;
  warn: Line;
  error: Line;
}
/** Where lines go: at least `warn` and `error`; `info`/`debug` are dropped when the sink has none. */
export type LogSink = Pick<Log, 'warn' | 'error'> & Partial<Pick<Log, 'info' | 'debug'>>;

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3, silent: 4 };
const quiet: Line = () => {};

export function createLog(level: LogLevel, sink: LogSink = console): Log {
  // The sink's method is looked up per line, so a spy set on `console` later (tests) sees it.
  const at = (l: Exclude<LogLevel, 'silent'>): Line => (RANK[l] >= RANK[level] ? (...args) => sink[l]?.(...args) : quiet);
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
