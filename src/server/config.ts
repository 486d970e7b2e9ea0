/**
 * Gateway configuration. `GatewayConfig` is the shape of the settings tree
 * declared in settings.ts (one declaration per setting: variable, parser,
 * default, documentation), so a new setting appears here by itself.
 *
 * `loadConfig` is pure (it reads the object it is given), so tests build
 * configs without touching `process.env`; only main.ts passes the real
 * environment. A bad value throws `ConfigError`, whose `problems` are one line
 * per variable, naming it and what it accepts.
 */
import { SETTINGS } from './settings.ts';
import { resolveSettings, type ConfigOf, type Env } from './settings-loader.ts';

export type GatewayConfig = ConfigOf<typeof SETTINGS>;

export function loadConfig(env: Env = {}): GatewayConfig {
  return resolveSettings(SETTINGS, env);
}

export { SETTINGS } from './settings.ts';
export { ConfigError, type Env } from './settings-loader.ts';
