import { AWS_QUOTAS, S3_QUOTA_CLASS } from '../../catalog/aws.js';

/**
 * The default request-rate quotas the AWS adapter paces itself by: the catalog's table (with its
 * sources), which the AWS-wire sandbox enforces too. KMS quotas are per operation; S3's are per
 * class (3,500 writes and 5,500 reads per second per prefix), so every S3 operation draws from the
 * bucket of its class, as in the sandbox.
 */
export const AWS_REQUEST_QUOTAS: Readonly<Record<string, number>> = AWS_QUOTAS;
export { S3_QUOTA_CLASS };

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
