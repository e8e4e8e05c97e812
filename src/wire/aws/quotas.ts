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

/**
 * A quota setting as sent to `POST /_sandbox/quotas` (JSON): "aws", "none", `{ "scale": N }` or
 * `{ "Operation": rps, ... }`. Returns the setting, or a sentence saying what is wrong with it.
 */
export function parseQuotaSetting(value: unknown): { ok: true; setting: QuotaSetting } | { ok: false; message: string } {
  const bad = (message: string) => ({ ok: false as const, message });
  if (value === 'aws' || value === 'none') return { ok: true, setting: value };
  const expected = 'expected "aws", "none", {"scale": N} with N > 0, or {"Operation": rps, ...} with rps >= 0';
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return bad(expected);
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1 && entries[0]![0] === 'scale') {
    const n = entries[0]![1];
    return typeof n === 'number' && Number.isFinite(n) && n > 0 ? { ok: true, setting: { scale: n } } : bad(`"scale": ${JSON.stringify(n)} is not a number above 0`);
  }
  const rates: Record<string, number> = {};
  for (const [op, rate] of entries) {
    if (typeof rate !== 'number' || Number.isNaN(rate) || rate < 0) return bad(`"${op}": ${JSON.stringify(rate)} is not a rate (requests per second, 0 = unlimited)`);
    rates[op] = rate;
  }
  return { ok: true, setting: rates };
}

export class QuotaGate {
  private readonly buckets = new Map<string, Bucket>();
  constructor(
    private lookup: RateLookup,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** New rates from now on; every bucket starts full again, as the gate does at start. */
  setLookup(lookup: RateLookup): void {
    this.lookup = lookup;
    this.buckets.clear();
  }

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
