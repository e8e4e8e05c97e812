/** The AWS-wire sandbox: `startSandbox` and the quota tables the AWS provider's rate limiter mirrors. */
export { startSandbox } from './server.js';
export { AWS_KMS_QUOTAS, AWS_S3_QUOTAS, AWS_TAGGING_QUOTAS, AWS_QUOTAS, type KmsQuotaOperation } from './quotas.js';
export type { QuotaSetting, SandboxHandle, SandboxOptions, SandboxSim, SandboxStats, FaultKind } from './types.js';
