/**
 * Per-operation request quotas as token buckets: `rate` tokens per second, burst = one second's
 * worth (at least one token), full at start. A request that finds no token is answered with the
 * service's throttling error and is not applied.
 */
import type { QuotaSetting } from './types.js';

/**
 * AWS KMS default request quotas (requests per second, per account and Region), from the AWS KMS
 * Developer Guide, "Request quotas", table "Request quotas for each AWS KMS API operation"
 * (docs.aws.amazon.com/kms/latest/developerguide/requests-per-second.html, current edition, the
 * one that lists GetKeyLastUsage). Older editions of the same page (awsdocs/aws-kms-developer-guide
 * on GitHub) gave GetParametersForImport 0.25 (1 per 4 s), ImportKeyMaterial 5, TagResource 5 and
 * ScheduleKeyDeletion 5; the import operations are the slow ones either way.
 * The AWS provider's client-side rate limiter must default to these same figures.
 */
export const AWS_KMS_QUOTAS = {
  CancelKeyDeletion: 5,
  CreateAlias: 5,
  CreateKey: 5,
  DeleteAlias: 15,
  DeleteImportedKeyMaterial: 15,
  DescribeKey: 2000,
  DisableKey: 5,
  EnableKey: 5,
  GetKeyLastUsage: 5, // assumed: the quota table row could not be read offline
  GetKeyRotationStatus: 1000,
  GetParametersForImport: 1,
  ImportKeyMaterial: 15,
  ListAliases: 500,
  ListKeyRotations: 100,
  ListKeys: 500,
  ListResourceTags: 2000,
  RotateKeyOnDemand: 5,
  ScheduleKeyDeletion: 15,
  TagResource: 10,
  UntagResource: 5,
  UpdateAlias: 5,
  UpdateKeyDescription: 5,
} as const satisfies Record<string, number>;

export type KmsQuotaOperation = keyof typeof AWS_KMS_QUOTAS;

/**
 * Resource Groups Tagging API. (unverified) AWS publishes no default rate for GetResources (the
 * service answers `ThrottledException` "Rate exceeded" when exceeded); 5 per second is a
 * conservative assumption.
 */
export const AWS_TAGGING_QUOTAS = { GetResources: 5 } as const;

/**
 * Amazon S3: at least 3,500 PUT/COPY/POST/DELETE and 5,500 GET/HEAD requests per second per
 * partitioned prefix (S3 User Guide, "Best practices design patterns: optimizing Amazon S3
 * performance"). The sandbox applies them as two shared classes for the whole endpoint, which is
 * stricter than S3 (one prefix).
 */
export const AWS_S3_QUOTAS = { S3Write: 3500, S3Read: 5500 } as const;

export const AWS_QUOTAS: Readonly<Record<string, number>> = { ...AWS_KMS_QUOTAS, ...AWS_TAGGING_QUOTAS, ...AWS_S3_QUOTAS };

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
