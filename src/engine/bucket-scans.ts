import { ProviderError, type Provider } from '../providers/port.js';
import { bucketsOf } from './providers.js';

/** Extra rounds of a whole scan after the SDK's own retries gave up on a transient error. */
const SCAN_ATTEMPTS = 3;
const BACKOFF_MS = 250;

/**
 * Object counts per bucket, read once per apply and shared by every retire guard of that apply.
 * Scanning is the expensive read (AWS: one HeadObject per object), and one scan per retire action
 * multiplied both the calls and the chance that a fault fails the action. A bucket's count is
 * dropped when this apply changes what its objects are under (re-encryption, a new default key),
 * so a guard that runs after those actions reads the bucket again.
 */
export class BucketScans {
  private readonly scans = new Map<string, Promise<Record<string, number>>>();
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(sleep?: (ms: number) => Promise<void>) {
    this.sleep = sleep ?? defaultSleep;
  }

  count(providerName: string, provider: Provider, bucket: string): Promise<Record<string, number>> {
    const id = `${providerName}\u0000${bucket}`;
    let scan = this.scans.get(id);
    if (!scan) {
      scan = countWithRetry(provider, bucket, this.sleep);
      this.scans.set(id, scan);
      // A failed scan is not remembered: the next guard tries again.
      scan.catch(() => {
        if (this.scans.get(id) === scan) this.scans.delete(id);
      });
    }
    return scan;
  }

  invalidate(providerName: string, bucket: string): void {
    this.scans.delete(`${providerName}\u0000${bucket}`);
  }
}

/** countObjectsByKey, run again (with backoff) when a transient error outlasted the SDK's retries. */
export async function countWithRetry(provider: Provider, bucket: string, sleep: (ms: number) => Promise<void> = defaultSleep): Promise<Record<string, number>> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await bucketsOf(provider).countObjectsByKey(bucket);
    } catch (e) {
      const transient = e instanceof ProviderError && (e.retryable || e.code === 'provider.unavailable' || e.code === 'provider.throttled');
      if (!transient || attempt >= SCAN_ATTEMPTS) throw e;
      await sleep(BACKOFF_MS * 2 ** (attempt - 1) * (0.5 + Math.random()));
    }
  }
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
