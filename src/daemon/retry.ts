export interface RetryPolicy {
  /** First delay; doubles per attempt. */
  baseMs: number;
  maxMs: number;
  /** Retries after one failed scheduled run, at most. */
  maxAttempts: number;
  /** A retry must end this long before the next scheduled run, or it is left to that run. */
  marginMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 30_000, maxMs: 10 * 60_000, maxAttempts: 6, marginMs: 30_000 };

/**
 * Delay before retry number `attempt` (0-based): exponential, capped, with "equal jitter" (half
 * fixed, half random) so that replicas and manifests that failed together do not retry together,
 * while a retry never comes sooner than half its step. Null when the budget is spent or the next
 * scheduled run comes first anyway.
 */
export function retryDelay(attempt: number, msToNextRun: number | null, policy: RetryPolicy, random: () => number): number | null {
  if (attempt >= policy.maxAttempts) return null;
  const step = Math.min(policy.maxMs, policy.baseMs * 2 ** attempt);
  const delay = Math.round(step / 2 + random() * (step / 2));
  if (msToNextRun !== null && delay > msToNextRun - policy.marginMs) return null;
  return delay;
}
