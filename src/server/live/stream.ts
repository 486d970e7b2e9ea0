/**
 * One subscriber's stream: the async iterator Yoga writes to the client as
 * Server-Sent Events, fed by the subscriber's cohort (cohort.ts).
 *
 * Contract:
 * - `push` queues a result; a client slower than its cohort keeps at most
 *   `buffer` unread results, the oldest dropped first: a live view needs the
 *   latest state, and the final state, being the newest, is never dropped.
 * - `end()` ends the stream once what is queued has been read; the consumer's
 *   `return()` (the client went away) ends it at once, dropping what is queued.
 * - `onClose` runs exactly once, on whichever end comes first, even when the
 *   consumer never read anything: it is where the subscriber's slot and
 *   cohort place are given back, so nothing is left registered.
 * (graphql-yoga's Repeater starts lazily, on the first read: a stream dropped
 * before its first read would never run its cleanup.)
 */
export interface Stream<T> {
  push(value: T): void;
  end(): void;
  readonly ended: boolean;
  readonly iterator: AsyncIterableIterator<T>;
}

export function createStream<T>(buffer: number, onClose: () => void, onPush?: () => void): Stream<T> {
  const queue: T[] = [];
  let reader: ((r: IteratorResult<T>) => void) | undefined;
  let ended = false;
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    onClose();
  };
  const done = (): IteratorResult<T> => ({ value: undefined, done: true });
  const release = (r: IteratorResult<T>) => {
    const read = reader;
    reader = undefined;
    read?.(r);
  };
  const iterator: AsyncIterableIterator<T> = {
    next: () => {
      if (queue.length) return Promise.resolve({ value: queue.shift()!, done: false });
      if (ended) return Promise.resolve(done());
      return new Promise((resolve) => (reader = resolve));
    },
    return: () => {
      ended = true;
      queue.length = 0;
      release(done());
      close();
      return Promise.resolve(done());
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return {
    push(value) {
      if (ended) return;
      onPush?.();
      if (reader) return release({ value, done: false });
      queue.push(value);
      if (queue.length > buffer) queue.shift();
    },
    end() {
      if (ended) return;
      ended = true;
      if (!queue.length) release(done());
      close();
    },
    get ended() {
      return ended;
    },
    iterator,
  };
}
