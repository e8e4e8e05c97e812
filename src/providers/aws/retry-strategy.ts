/**
 * The SDK's `standard` retries (same error classes, exponential backoff with full jitter, longer
 * base on throttling, `maxAttempts` per call) without its client-wide retry quota. That quota (500
 * tokens, 5 to 10 per retry, shared by every call of a client) is spent in seconds when a few
 * hundred calls of one apply meet a burst of faults, and from then on no call is retried at all:
 * one re-encryption of 300 objects lost a quarter of its HeadObjects that way. Retry storms are
 * bounded here instead by the adapter's own per-operation rate limiter, which paces retries too.
 *
 * Implements the SDK's RetryStrategyV2 shape (the interface is structural; no SDK import needed).
 */
export interface RetryToken {
  getRetryCount(): number;
  getRetryDelay(): number;
}

interface RetryErrorInfo {
  errorType: string;
  retryAfterHint?: Date;
}

const BASE_DELAY_MS = 100;
const THROTTLING_BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 20_000;

export class PacedRetryStrategy {
  readonly mode = 'standard';

  constructor(
    private readonly maxAttempts: number,
    private readonly random: () => number = Math.random,
  ) {}

  async acquireInitialRetryToken(_scope: string): Promise<RetryToken> {
    return token(0, 0);
  }

  async refreshRetryTokenForRetry(previous: RetryToken, info: RetryErrorInfo): Promise<RetryToken> {
    const retries = previous.getRetryCount() + 1;
    const retryable = info.errorType === 'THROTTLING' || info.errorType === 'TRANSIENT';
    if (!retryable || retries >= this.maxAttempts) throw new Error('No retry token available');
    const base = info.errorType === 'THROTTLING' ? THROTTLING_BASE_DELAY_MS : BASE_DELAY_MS;
    let delay = Math.floor(this.random() * Math.min(MAX_DELAY_MS, base * 2 ** (retries - 1)));
    if (info.retryAfterHint instanceof Date) delay = Math.max(delay, Math.min(info.retryAfterHint.getTime() - Date.now(), delay + 5_000));
    return token(retries, delay);
  }

  recordSuccess(_token: RetryToken): void {
    // No quota to refill.
  }
}

function token(count: number, delay: number): RetryToken {
  return { getRetryCount: () => count, getRetryDelay: () => delay };
}
