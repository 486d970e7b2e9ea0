/**
 * The cursor key when REDIS_URL is set and CURSOR_SECRET is not (development,
 * tests; production requires CURSOR_SECRET, see settings.ts): one random key
 * kept in Redis under `<REDIS_PREFIX>cursor-secret`, created by whichever
 * replica comes first (SET NX) and read by the others, so a cursor one
 * replica issued is accepted by every other.
 *
 * Contract:
 * - At start the key must be agreed on: Redis not reachable within
 *   REDIS_CONNECT_TIMEOUT_MS throws `CursorKeyUnshared` (main.ts stops with
 *   one line: replicas that each drew their own key would refuse each other's
 *   cursors at random).
 * - On each reconnection a replica offers its key again (SET NX: a Redis that
 *   restarted empty gets back the key the replicas had) and then uses the one
 *   Redis holds. Should that differ (another replica started while Redis was
 *   empty), the change is logged: cursors issued before it fail with
 *   INVALID_CURSOR, as after a CURSOR_SECRET change. The key never expires.
 */
import { randomBytes } from 'node:crypto';
import type { RedisConnection } from '../ssm/redis.ts';

export class CursorKeyUnshared extends Error {
  override readonly name = 'CursorKeyUnshared';
}

export async function sharedCursorSecret(
  connection: RedisConnection,
  key: string,
  timeoutMs: number,
  log?: { warn(line: string): void },
): Promise<() => string> {
  const agree = async (mine: string) => {
    await connection.client.set(key, mine, 'NX');
    return (await connection.client.get(key)) ?? mine;
  };
  let secret: string;
  try {
    await connection.ready(timeoutMs);
    secret = await agree(randomBytes(32).toString('base64url'));
  } catch (e) {
    throw new CursorKeyUnshared(
      `REDIS_URL: Redis (${(e as Error).message}) could not give the cursor key replicas share (CURSOR_SECRET is unset): start Redis, or set CURSOR_SECRET to one value on every replica.`,
    );
  }
  connection.onState((state) => {
    if (state !== 'up') return;
    agree(secret).then(
      (held) => {
        if (held !== secret) log?.warn('redis: the shared cursor key changed (Redis lost it and another replica made a new one): cursors issued before now fail with INVALID_CURSOR');
        secret = held;
      },
      () => undefined,
    );
  });
  return () => secret;
}
