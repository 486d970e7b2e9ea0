/**
 * A cohort: the subscribers of one operation (the same document, operation
 * name and variables), who all receive the same events. It is polled once per
 * poll however many subscribers it has (target.ts), and sends:
 * - the first poll's answer, whatever it is: the state at subscribe time, or
 *   the error that kept it from being read (the client learns it at once);
 * - after that, an answer only when it differs from the last one sent
 *   (compared as JSON), and never one a failed poll left incomplete (throttled,
 *   timed out): the last state sent stands until a poll succeeds again;
 * - to a subscriber who joins later, the last state sent, at once;
 * - once the record is gone (an unknown ID) or its terminal state was sent,
 *   nothing more: every stream ends;
 * - never an answer older (by its poll's start) than one it took: with
 *   replicas, a tick relayed by the lease holder and this replica's own poll
 *   can arrive in either order (target.ts).
 */
import type { ExecutionResult } from 'graphql';
import type { PollOutcome, PollSpec } from './poll.ts';
import type { Stream } from './stream.ts';

export class Cohort {
  readonly streams = new Set<Stream<ExecutionResult>>();
  private last?: { json: string; result: ExecutionResult };
  /** When the poll of the last answer taken started (`Date.now()`). */
  private lastAt = -Infinity;
  /** True once it sent its last event: it is polled no more. */
  done = false;

  constructor(
    readonly key: string,
    readonly spec: PollSpec,
  ) {}

  /** True until its first poll answered. */
  get pending(): boolean {
    return !this.last && !this.done;
  }

  join(stream: Stream<ExecutionResult>): void {
    this.streams.add(stream);
    if (this.last) stream.push(this.last.result);
  }

  /** Removes a stream; true when none is left. */
  leave(stream: Stream<ExecutionResult>): boolean {
    this.streams.delete(stream);
    return this.streams.size === 0;
  }

  /** Applies one poll's outcome (see the module's header); true when it sent a new state. */
  take(outcome: PollOutcome, at: number): boolean {
    if (this.done || at < this.lastAt || (outcome.kind === 'failed' && this.last)) return false;
    this.lastAt = at;
    const json = JSON.stringify(outcome.result);
    const changed = json !== this.last?.json;
    if (changed) {
      this.last = { json, result: outcome.result };
      for (const stream of this.streams) stream.push(outcome.result);
    }
    if (outcome.kind === 'gone' || (outcome.kind === 'state' && outcome.ended)) this.end();
    return changed;
  }

  /** Ends every stream, after `farewell` when given (why it ends early: shutdown). */
  end(farewell?: ExecutionResult): void {
    this.done = true;
    for (const stream of [...this.streams]) {
      if (farewell) stream.push(farewell);
      stream.end();
    }
  }
}
