/**
 * The SDK's adaptive retry strategy, with a retry quota that also refills with
 * time.
 *
 * The SDK's standard and adaptive strategies spend a per-client quota on every
 * retry (500 at most; a server error's retry costs 14, a throttle's 5) and earn
 * it back only from successes (1 each). An error storm empties it, and then no
 * call is retried at all until about a thousand calls have succeeded: after a
 * short SSM incident a gateway kept failing every call that met one transient
 * error (30% of one-call requests instead of ~1%). Here the quota also refills
 * at `INITIAL_RETRY_TOKENS / refillMs` per millisecond: a storm still stops
 * retries from piling onto a failing SSM (at most a quota's worth per
 * `refillMs`), and once it is over retries come back within seconds.
 *
 * Everything else is the SDK's own, composed as its AdaptiveRetryStrategy is:
 * the standard strategy's backoff, attempt count and quota, and the
 * DefaultRateLimiter's client-side rate (cubic, on throttling). One instance
 * per client: its quota and rate describe the one endpoint the client calls.
 */
import { DefaultRateLimiter, INITIAL_RETRY_TOKENS, StandardRetryStrategy } from '@smithy/core/retry';

type Token = Parameters<StandardRetryStrategy['recordSuccess']>[0];
type ErrorInfo = Parameters<StandardRetryStrategy['refreshRetryTokenForRetry']>[1];

/** How long an empty retry quota takes to refill by time alone. */
export const RETRY_QUOTA_REFILL_MS = 10_000;

export interface RetryStrategyOptions {
  /** Attempts per call, the first included. */
  maxAttempts: number;
  /** How long an empty quota takes to refill by time alone; default RETRY_QUOTA_REFILL_MS. */
  refillMs?: number;
  /** A monotonic clock in ms; default `performance.now`. */
  now?: () => number;
}

export class RefillingRetryStrategy {
  readonly mode = 'adaptive';
  private readonly standard: StandardRetryStrategy;
  private readonly rateLimiter = new DefaultRateLimiter();
  private readonly perMs: number;
  private readonly now: () => number;
  private refilledAt: number;

  constructor({ maxAttempts, refillMs = RETRY_QUOTA_REFILL_MS, now = () => performance.now() }: RetryStrategyOptions) {
    this.standard = new StandardRetryStrategy({ maxAttempts });
    this.perMs = INITIAL_RETRY_TOKENS / refillMs;
    this.now = now;
    this.refilledAt = now();
  }

  async acquireInitialRetryToken(scope: string) {
    const token = await this.standard.acquireInitialRetryToken(scope);
    await this.rateLimiter.getSendToken();
    return token;
  }

  async refreshRetryTokenForRetry(token: Token, errorInfo: ErrorInfo) {
    this.rateLimiter.updateClientSendingRate(errorInfo);
    this.refill();
    const next = await this.standard.refreshRetryTokenForRetry(token, errorInfo);
    await this.rateLimiter.getSendToken();
    return next;
  }

  recordSuccess(token: Token): void {
    this.rateLimiter.updateClientSendingRate({});
    this.standard.recordSuccess(token);
  }

  /** The retry quota left now (what a retry spends). */
  quota(): number {
    this.refill();
    return this.standard.getCapacity();
  }

  /**
   * Adds what the time since the last refill earned. The standard strategy's
   * quota is private; `recordSuccess` is its one way in, and it adds the
   * token's retry cost, capped at INITIAL_RETRY_TOKENS.
   */
  private refill(): void {
    const now = this.now();
    const earned = (now - this.refilledAt) * this.perMs;
    this.refilledAt = now;
    if (earned > 0) this.standard.recordSuccess(refund(earned));
  }
}

/** A token whose "retry cost" is `amount`: what `recordSuccess` gives back to the quota. */
const refund = (amount: number): Token => ({ getRetryCount: () => 0, getRetryDelay: () => 0, getRetryCost: () => amount }) as Token;
