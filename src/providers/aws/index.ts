export { createAwsProvider, DEFAULT_CONCURRENCY, type AwsProvider, type AwsProviderOptions } from './provider.js';
export { acquireLease, type Lease, type LeaseOptions } from './lease-lock.js';
export { AWS_REQUEST_QUOTAS, S3_QUOTA_CLASS, awsQuotaLookup } from './quotas.js';
export type { AwsStats } from './stats.js';
