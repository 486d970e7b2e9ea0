/** A subscriber's stream (src/server/live/stream.ts): what a slow client keeps, how it ends, and that its cleanup runs once. */
import { describe, expect, it } from 'vitest';
import { createStream } from '../../../src/server/live/stream.ts';

const drain = async <T>(it: AsyncIterator<T>) => {
  const out: T[] = [];
  for (let r = await it.next(); !r.done; r = await it.next()) out.push(r.value);
  return out;
};

describe('createStream', () => {
  it('hands a waiting reader the next value, keeps the newest `buffer` for a slow one, and ends after what is queued', async () => {
    let closed = 0;
    const s = createStream<number>(3, () => closed++);
    const waiting = s.iterator.next();
    s.push(0);
    expect(await waiting).toEqual({ value: 0, done: false });
    for (let i = 1; i <= 6; i++) s.push(i);
    s.end();
    s.push(7);
    expect(closed).toBe(1);
    expect(await drain(s.iterator)).toEqual([4, 5, 6]);
  });

  it('ends at once when the consumer returns, dropping what is queued; the cleanup runs once, also when never read', async () => {
    let closed = 0;
    const s = createStream<number>(3, () => closed++);
    s.push(1);
    await s.iterator.return!();
    s.end();
    await s.iterator.return!();
    expect(closed).toBe(1);
    expect(await s.iterator.next()).toEqual({ value: undefined, done: true });
  });

  it('releases a reader waiting when it ends', async () => {
    const s = createStream<number>(3, () => {});
    const waiting = s.iterator.next();
    s.end();
    expect(await waiting).toEqual({ value: undefined, done: true });
  });
});
