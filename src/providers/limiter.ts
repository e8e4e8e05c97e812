/**
 * Client-side pacing so that a large apply stays under the provider's published request quotas
 * instead of provoking a throttling storm and relying on retries:
 * - RateLimiter: one token bucket per operation name, shared by every call of one provider instance.
 *   Callers queue (FIFO per operation) rather than being rejected.
 * - Semaphore: bounds the number of requests in flight across all operations.
 */

/** Real or fake time source; the limiter never reads the wall clock directly (testable). */
export interface Timer {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realTimer: Timer = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

interface Bucket {
  /** Tokens per millisecond. */
  ratePerMs: number;
  capacity: number;
  tokens: number;
  updatedAt: number;
  queue: Array<() => void>;
  draining: boolean;
}

export interface RateLimiterOptions {
  /**
   * Bucket size in seconds of quota. 1 lets a burst of one second's worth through at once, which
   * is what a per-second quota allows; lower it to smooth traffic further.
   */
  burstSeconds?: number;
  /**
   * Fraction of the quota actually used (default 0.95). Requests paced at exactly the quota reach
   * the service with network jitter, so some would arrive a little early for its token bucket and
   * be throttled; the 5% slack accumulates in the service's bucket and absorbs that jitter.
   */
  headroom?: number;
}

export const DEFAULT_HEADROOM = 0.95;

/**
 * The share of each quota for buckets taken as a request leaves, after it waited for its
 * concurrency slot (see `departing`): above DEFAULT_HEADROOM, so in steady pacing they stay full
 * and never delay, below the quota, so what leaves stays within it with some slack for jitter
 * between here and the service.
 */
export const DEPARTURE_HEADROOM = 0.975;

/** Which bucket an operation draws from and at what rate (requests per second); null = unpaced. */
export type RateLookup = (op: string) => { key: string; rate: number } | null;

/** The buckets `departing` takes from: the same quotas at DEPARTURE_HEADROOM. */
export function departureLimiter(lookup: RateLookup, timer: Timer): RateLimiter {
  return new RateLimiter(lookup, timer, { headroom: DEPARTURE_HEADROOM });
}

/**
 * `send`, made to take a token from `departures` first. For a call that took its pacing token before
 * waiting for its concurrency slot (so that a slow-quota operation never holds a slot a fast one
 * could use): requests that waited through a stall (the collector, a busy CPU) would otherwise leave
 * together, faster than the service's bucket refills, and a service whose bucket was full before the
 * stall throttles some. Departure buckets (the same quotas at DEPARTURE_HEADROOM) never delay a request
 * sent soon after its token and smooth a bunch into what the service allows. `send` itself without them.
 */
export function departing<T>(departures: RateLimiter | undefined, op: string, send: () => Promise<T>): () => Promise<T> {
  if (!departures) return send;
  return async () => {
    await departures.take(op);
    return send();
  };
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly lookup: RateLookup;
  private readonly timer: Timer;
  private readonly burstSeconds: number;
  private readonly headroom: number;

  constructor(lookup: RateLookup, timer: Timer = realTimer, opts: RateLimiterOptions = {}) {
    this.lookup = lookup;
    this.timer = timer;
    this.burstSeconds = opts.burstSeconds ?? 1;
    this.headroom = opts.headroom ?? DEFAULT_HEADROOM;
    if (!(this.headroom > 0 && this.headroom <= 1)) throw new RangeError(`headroom must be in (0, 1], got ${this.headroom}`);
  }

  /** Resolves when `op` may send one request. Waiters of one operation are served in order. */
  take(op: string): Promise<void> {
    const bucket = this.bucketFor(op);
    if (!bucket) return Promise.resolve();
    this.refill(bucket);
    if (bucket.queue.length === 0 && bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      bucket.queue.push(resolve);
      if (!bucket.draining) void this.drain(bucket);
    });
  }

  /**
   * How long `n` more requests of `op` would wait for their tokens from now (ms), behind the callers
   * already queued; 0 for an unpaced operation or when the bucket holds enough.
   */
  etaMs(op: string, n: number): number {
    const bucket = this.bucketFor(op);
    if (!bucket) return 0;
    this.refill(bucket);
    const short = n + bucket.queue.length - bucket.tokens;
    return short <= 0 ? 0 : short / bucket.ratePerMs;
  }

  /**
   * Resolves once a request of `op` would get its token at once, without taking it: a caller that
   * may yet decide not to send checks its reason after this and then calls `take`, which (nothing
   * else runs in between) does not wait.
   */
  async untilFree(op: string): Promise<void> {
    for (let ms = this.etaMs(op, 1); ms > 0; ms = this.etaMs(op, 1)) await this.timer.sleep(Math.ceil(ms));
  }

  /** Number of callers waiting for the bucket `op` draws from. */
  queued(op: string): number {
    const quota = this.lookup(op);
    return quota ? (this.buckets.get(quota.key)?.queue.length ?? 0) : 0;
  }

  private bucketFor(op: string): Bucket | undefined {
    const quota = this.lookup(op);
    if (quota === null) return undefined;
    const existing = this.buckets.get(quota.key);
    if (existing) return existing;
    const rate = quota.rate * this.headroom;
    const capacity = Math.max(1, Math.floor(rate * this.burstSeconds));
    const bucket: Bucket = { ratePerMs: rate / 1000, capacity, tokens: capacity, updatedAt: this.timer.now(), queue: [], draining: false };
    this.buckets.set(quota.key, bucket);
    return bucket;
  }

  private refill(bucket: Bucket): void {
    const now = this.timer.now();
    const elapsed = Math.max(0, now - bucket.updatedAt);
    bucket.tokens = Math.min(bucket.capacity, bucket.tokens + elapsed * bucket.ratePerMs);
    bucket.updatedAt = now;
  }

  /** One drain loop per bucket at most, so a bucket is never over-granted by racing sleepers. */
  private async drain(bucket: Bucket): Promise<void> {
    bucket.draining = true;
    try {
      while (bucket.queue.length > 0) {
        this.refill(bucket);
        if (bucket.tokens >= 1) {
          bucket.tokens -= 1;
          bucket.queue.shift()?.();
          continue;
        }
        await this.timer.sleep(Math.ceil((1 - bucket.tokens) / bucket.ratePerMs));
      }
    } finally {
      bucket.draining = false;
    }
  }
}

/**
 * Counting semaphore; waiters are served in order, except that `urgent` waiters go before every
 * normal one. Listing pages are urgent: each page feeds many describes, and a page request queued
 * behind the describes of the previous page would turn the page chain into the critical path.
 */
export class Semaphore {
  private available: number;
  private readonly waiters: Array<() => void> = [];
  private readonly urgent: Array<() => void> = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency must be a positive integer, got ${limit}`);
    this.available = limit;
  }

  async acquire(urgent = false): Promise<() => void> {
    if (this.available > 0) {
      this.available -= 1;
    } else {
      await new Promise<void>((resolve) => (urgent ? this.urgent : this.waiters).push(resolve));
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.urgent.shift() ?? this.waiters.shift();
      // Hand the slot straight to the next waiter so no newcomer can overtake it.
      if (next) next();
      else this.available += 1;
    };
  }

  async run<T>(fn: () => Promise<T>, urgent = false): Promise<T> {
    const release = await this.acquire(urgent);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  get inFlight(): number {
    return this.limit - this.available;
  }
}
