/**
 * Per-operation request quotas as token buckets: `rate` tokens per second, burst = one second's
 * worth (at least one token), full at start. A request that finds no token is answered with the
 * service's throttling error and is not applied.
 */
import { AWS_QUOTAS } from '../../catalog/aws.js';
import type { QuotaSetting } from './types.js';

// The one table of AWS default rates lives in the catalog, with its sources.
export { AWS_KMS_QUOTAS, AWS_QUOTAS, AWS_S3_QUOTAS, AWS_TAGGING_QUOTAS, type KmsQuotaOperation } from '../../catalog/aws.js';

/** A rate (per second) for an operation, or null for no quota. `quotaClass` is e.g. `S3Write`. */
export type RateLookup = (op: string, quotaClass?: string) => { key: string; rate: number } | null;

export function rateLookup(setting: QuotaSetting | undefined): RateLookup {
  if (setting === undefined || setting === 'none') return () => null;
  const scale = typeof setting === 'object' && 'scale' in setting && typeof setting.scale === 'number' ? setting.scale : 1;
  const overrides: Record<string, number> = setting === 'aws' || 'scale' in setting ? {} : (setting as Record<string, number>);
  return (op, quotaClass) => {
    const key = op in overrides ? op : quotaClass !== undefined && quotaClass in overrides ? quotaClass : op in AWS_QUOTAS ? op : quotaClass;
    if (key === undefined) return null;
    const rate = key in overrides ? overrides[key]! : (AWS_QUOTAS[key] ?? Infinity) * scale;
    return rate > 0 && Number.isFinite(rate) ? { key, rate } : null;
  };
}

interface Bucket {
  tokens: number;
  last: number;
}

export class QuotaGate {
  private readonly buckets = new Map<string, Bucket>();
  constructor(
    private readonly lookup: RateLookup,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes a token for `op`; false means the request must be throttled. */
  take(op: string, quotaClass?: string): boolean {
    const q = this.lookup(op, quotaClass);
    if (q === null) return true;
    const capacity = Math.max(1, q.rate);
    const t = this.now();
    let b = this.buckets.get(q.key);
    if (!b) {
      b = { tokens: capacity, last: t };
      this.buckets.set(q.key, b);
    }
    b.tokens = Math.min(capacity, b.tokens + ((t - b.last) / 1000) * q.rate);
    b.last = t;
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}
