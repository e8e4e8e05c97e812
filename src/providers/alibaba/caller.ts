/**
 * Every Alibaba API call goes through here: a per-quota-class rate limiter (Alibaba's published
 * shared-gateway quotas by default, overridable per action or class in the manifest), a bound on
 * requests in flight (with departure buckets once a request holds its slot, see `departing`), and
 * retries with exponential backoff and full jitter on throttling (`Rejected.Throttling`,
 * `Throttling*`), 5xx and network errors. The clients' own retries are off, so every attempt is
 * paced and counted here.
 */
import { ALIBABA_KMS_ACTION_CLASS, ALIBABA_KMS_QUOTA_CLASSES, ALIBABA_OSS_QUOTA_CLASSES } from '../../catalog/alibaba.js';
import { RateLimiter, Semaphore, departing, realTimer, type Timer } from '../limiter.js';
import type { ProviderError } from '../port.js';
import { toProviderError } from './errors.js';

export interface CallStats {
  calls: Record<string, number>;
  requests: Record<string, number>;
  retries: Record<string, number>;
  throttled: Record<string, number>;
}

export const DEFAULT_MAX_ATTEMPTS = 6;
const BASE_DELAY_MS = 100;
const MAX_DELAY_MS = 5_000;

/** The quota class of an action (`OSSRead`/`OSSWrite` for OSS); overrides by action name win. */
export function alibabaRateLookup(overrides: Record<string, number> = {}) {
  const rates: Record<string, number> = { ...ALIBABA_KMS_QUOTA_CLASSES, ...ALIBABA_OSS_QUOTA_CLASSES, ...overrides };
  return (op: string): { key: string; rate: number } | null => {
    const key = op in overrides ? op : (ALIBABA_KMS_ACTION_CLASS[op] ?? (op.startsWith('OSS') ? op : undefined));
    const rate = key === undefined ? undefined : rates[key];
    return key !== undefined && rate !== undefined && rate > 0 && Number.isFinite(rate) ? { key, rate } : null;
  };
}

export class AlibabaCaller {
  private readonly s: CallStats = { calls: {}, requests: {}, retries: {}, throttled: {} };

  constructor(
    private readonly limiter: RateLimiter,
    private readonly semaphore: Semaphore,
    private readonly maxAttempts = DEFAULT_MAX_ATTEMPTS,
    private readonly timer: Timer = realTimer,
    /** Taken as a request leaves, once it holds its slot (see `departing`). */
    private readonly departures?: RateLimiter,
  ) {}

  /** `quotaOp` is the name the limiter knows (the KMS action, or `OSSRead`/`OSSWrite`). */
  async call<T>(op: string, target: string | undefined, send: () => Promise<T>, quotaOp = op): Promise<T> {
    bump(this.s.calls, op);
    let last: ProviderError | undefined;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      if (attempt > 1) {
        bump(this.s.retries, op);
        const cap = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1));
        await this.timer.sleep(Math.random() * cap);
      }
      await this.limiter.take(quotaOp);
      bump(this.s.requests, op);
      try {
        return await this.semaphore.run(departing(this.departures, quotaOp, send));
      } catch (err) {
        last = toProviderError(err, { op, ...(target !== undefined ? { target } : {}) });
        if (last.code === 'provider.throttled') bump(this.s.throttled, op);
        // Import parameters and unwrapping failures are retried by the engine with fresh parameters.
        if (!last.retryable || last.code === 'provider.import-token' || last.code === 'wrapping.public-key-mismatch') throw last;
      }
    }
    throw last!;
  }

  stats(): CallStats {
    return structuredClone(this.s);
  }
}

function bump(m: Record<string, number>, op: string): void {
  m[op] = (m[op] ?? 0) + 1;
}

export { RateLimiter, Semaphore };
