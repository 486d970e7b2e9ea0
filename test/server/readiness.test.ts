/**
 * `/ready` under an account-wide throttle: SSM answered and the credentials
 * resolved, so the instance is ready (every replica shares the rate limit, and
 * failing on it would take them all out of service at once). Other failures
 * stay 503.
 */
import { describe, expect, it } from 'vitest';
import { SsmError, type SsmErrorKind } from '../../src/ssm/errors.ts';
import type { Upstream } from '../../src/ssm/upstream.ts';
import { createReadinessCheck } from '../../src/server/readiness.ts';
import { startStack } from '../helpers/stack.ts';

const failingWith = (kind: SsmErrorKind) =>
  ({ call: async () => Promise.reject(new SsmError(kind, 'ListAssociations', 'SomeAwsError')) }) as unknown as Upstream;

describe('readiness', () => {
  it('is ready when SSM throttles the probe (through the SDK and the emulator)', async () => {
    const stack = await startStack({ faults: [{ operations: ['ListAssociations'], throttleRps: 0 }] });
    try {
      const res = await stack.gateway.fetch('http://gateway.test/ready');
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ready: true });
      // The probe did reach SSM, and was throttled there.
      expect(stack.calls().map((c) => c.operation)).toEqual(['ListAssociations']);
    } finally {
      await stack.close();
    }
  });

  it('is ready on THROTTLED only: other upstream failures are not ready', async () => {
    expect(await createReadinessCheck({ upstream: failingWith('THROTTLED'), cacheMs: 0 })()).toMatchObject({ ready: true });
    for (const kind of ['UNAVAILABLE', 'INVALID_INPUT', 'NOT_FOUND'] as const) {
      expect(await createReadinessCheck({ upstream: failingWith(kind), cacheMs: 0 })()).toMatchObject({ ready: false, reason: kind });
    }
  });
});
