/**
 * Request pacing for Huawei KMS. Huawei publishes no per-operation KMS quotas in the sources this
 * project could read; these defaults are conservative assumptions (not verified against the real
 * service) and every one can be overridden with the provider's `quotas:` (operation -> rps).
 */
import type { RateLookup } from '../aws/limiter.js';

export const HUAWEI_KMS_QUOTAS: Readonly<Record<string, number>> = {
  'create-key': 10,
  'get-parameters-for-import': 10,
  'import-key-material': 10,
  'delete-imported-key-material': 10,
  'describe-key': 50,
  'list-keys': 10,
  'show-kms-tags': 50,
  'batch-create-kms-tags': 20,
  'create-alias': 10,
  'associate-alias': 10,
  'list-aliases': 10,
  'enable-key': 10,
  'disable-key': 10,
  'schedule-key-deletion': 10,
};

export function huaweiQuotaLookup(overrides: Record<string, number> = {}): RateLookup {
  const table: Record<string, number> = { ...HUAWEI_KMS_QUOTAS, ...overrides };
  return (op) => {
    const rate = table[op];
    return rate !== undefined && Number.isFinite(rate) && rate > 0 ? { key: op, rate } : null;
  };
}
