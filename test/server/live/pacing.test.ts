/** The poll interval's contract (src/server/live/target.ts `nextInterval`); its effect over HTTP: throttling.test.ts. */
import { describe, expect, it } from 'vitest';
import { nextInterval } from '../../../src/server/live/target.ts';

const pacing = { pollMs: 2_000, pollMaxMs: 15_000 };
const walk = (ticks: { changed: boolean; failed: boolean }[]) => {
  let at = pacing.pollMs;
  return ticks.map((t) => (at = nextInterval(at, t, pacing)));
};
const idle = { changed: false, failed: false };
const failed = { changed: false, failed: true };
const changed = { changed: true, failed: false };

describe('nextInterval', () => {
  it('backs off by half while nothing changes, up to LIVE_POLL_MAX_MS', () => {
    expect(walk([idle, idle, idle, idle, idle, idle, idle])).toEqual([3_000, 4_500, 6_750, 10_125, 15_000, 15_000, 15_000]);
  });

  it('doubles after a failed or throttled tick, up to LIVE_POLL_MAX_MS, even when another cohort changed', () => {
    expect(walk([failed, failed, failed, { changed: true, failed: true }])).toEqual([4_000, 8_000, 15_000, 15_000]);
  });

  it('goes back to LIVE_POLL_MS on a change', () => {
    expect(walk([idle, idle, failed, changed, idle])).toEqual([3_000, 4_500, 9_000, 2_000, 3_000]);
  });
});
