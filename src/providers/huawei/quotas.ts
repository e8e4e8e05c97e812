/**
 * Request pacing for Huawei KMS: the catalog's assumed rates (Huawei publishes no per-operation KMS
 * quotas), each overridable with the provider's `quotas:` (operation -> requests per second).
 */
import { HUAWEI_KMS_PACING } from '../../catalog/huawei.js';
import type { RateLookup } from '../limiter.js';

export function huaweiQuotaLookup(overrides: Record<string, number> = {}): RateLookup {
  const table: Record<string, number> = { ...HUAWEI_KMS_PACING, ...overrides };
  return (op) => {
    const rate = table[op];
    return rate !== undefined && Number.isFinite(rate) && rate > 0 ? { key: op, rate } : null;
  };
}
