import { AWS_KMS_QUOTAS, AWS_S3_QUOTAS, AWS_TAGGING_QUOTAS } from '../../wire/aws/quotas.js';

/**
 * The default request-rate quotas the AWS adapter paces itself by. There is one table in the
 * project, in src/wire/aws/quotas.ts (with its sources: the AWS KMS Developer Guide "Request quotas"
 * table, the S3 performance guidelines, and an assumption for the tagging API), so that the sandbox
 * enforces exactly what the adapter assumes. This module adds only how our operations map onto it.
 *
 * KMS quotas are per operation. S3's are per class (3,500 writes and 5,500 reads per second per
 * prefix), so every S3 operation draws from the bucket of its class, as in the sandbox.
 */

export const AWS_REQUEST_QUOTAS: Readonly<Record<string, number>> = { ...AWS_KMS_QUOTAS, ...AWS_TAGGING_QUOTAS, ...AWS_S3_QUOTAS };

/** S3 operations the adapter calls, by quota class (GET/HEAD read, everything else writes). */
export const S3_QUOTA_CLASS: Readonly<Record<string, 'S3Read' | 'S3Write'>> = {
  HeadObject: 'S3Read',
  GetObject: 'S3Read',
  GetObjectTagging: 'S3Read',
  ListObjectsV2: 'S3Read',
  GetBucketEncryption: 'S3Read',
  PutObject: 'S3Write',
  CopyObject: 'S3Write',
  DeleteObject: 'S3Write',
  CreateMultipartUpload: 'S3Write',
  UploadPartCopy: 'S3Write',
  CompleteMultipartUpload: 'S3Write',
  AbortMultipartUpload: 'S3Write',
  PutBucketEncryption: 'S3Write',
};

export interface Quota {
  /** The token bucket this operation draws from (the operation, or its S3 class). */
  key: string;
  /** Requests per second. */
  rate: number;
}

export type QuotaLookup = (op: string) => Quota | null;

/**
 * Resolves an operation to its bucket and rate: `overrides` (the manifest's `quotas:`, operation or
 * S3 class -> rps) win over the defaults; a rate of 0, a negative or a non-finite one means unpaced.
 */
export function awsQuotaLookup(overrides: Record<string, number> = {}): QuotaLookup {
  const table: Record<string, number> = { ...AWS_REQUEST_QUOTAS, ...overrides };
  return (op) => {
    const cls = S3_QUOTA_CLASS[op];
    const key = op in overrides || cls === undefined ? op : cls;
    const rate = table[key];
    return rate !== undefined && rate > 0 && Number.isFinite(rate) ? { key, rate } : null;
  };
}
