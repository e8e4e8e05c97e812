import { AWS_FACTS } from '../../catalog/aws.js';
import type { ProviderError } from '../port.js';
import { toProviderError } from './errors.js';
import { departing, type RateLimiter, type Semaphore } from '../limiter.js';
import type { StatsRecorder } from './stats.js';

/**
 * The one path every AWS request takes: rate token (per operation) -> concurrency slot -> SDK send
 * (whose `standard` retry strategy does backoff with jitter) -> error mapping.
 *
 * The first attempt's token is taken before the concurrency slot, so a slow-quota operation waiting
 * for its turn never holds a slot that a fast one could use. Retries take their own token inside the
 * SDK's retry loop (see `instrument`), so retries are paced by the same buckets.
 *
 * A request can then wait for its slot after its token, so it also takes a token from `departures`
 * once it holds its slot, as it leaves (see `departing` in the limiter module; the Alibaba and
 * Huawei callers do the same).
 */
export class AwsCaller {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly semaphore: Semaphore,
    private readonly stats: StatsRecorder,
    private readonly profile?: string,
    private readonly endpoint?: string,
    private readonly departures?: RateLimiter,
  ) {}

  async call<T>(op: string, target: string | undefined, send: () => Promise<T>): Promise<T> {
    this.stats.add('calls', op);
    await this.limiter.take(op);
    try {
      return await this.semaphore.run(departing(this.departures, op, send), LISTING_OPS.has(op));
    } catch (err) {
      this.stats.add('errors', op);
      throw this.mapError(err, op, target);
    }
  }

  /** How long `n` more calls of `op` would wait for the rate limiter from now (ms). */
  etaMs(op: string, n: number): number {
    return this.limiter.etaMs(op, n);
  }

  /** Resolves when a call of `op` would not wait for the rate limiter (see RateLimiter.untilFree). */
  untilFree(op: string): Promise<void> {
    return this.limiter.untilFree(op);
  }

  mapError(err: unknown, op: string, target?: string): ProviderError {
    return toProviderError(err, {
      op,
      ...(target !== undefined ? { target } : {}),
      ...(this.profile !== undefined ? { profile: this.profile } : {}),
      ...(this.endpoint !== undefined ? { endpoint: this.endpoint } : {}),
    });
  }

  /**
   * Adds a per-attempt middleware to an SDK client, placed inside the retry loop and before signing
   * (so a paced retry is signed when it is actually sent): counts requests and throttling responses,
   * and makes every retry wait for a rate token.
   */
  instrument(client: { middlewareStack: MiddlewareStackLike }): void {
    const { limiter, stats } = this;
    client.middlewareStack.addRelativeTo(
      (next: (args: unknown) => Promise<unknown>, context: AttemptContext) => async (args: unknown) => {
        const op = (context.commandName ?? 'Unknown').replace(/Command$/, '');
        context.byokAttempts = (context.byokAttempts ?? 0) + 1;
        if (context.byokAttempts > 1) {
          stats.add('retries', op);
          await limiter.take(op);
        }
        stats.add('requests', op);
        try {
          return await next(args);
        } catch (err) {
          if (isThrottling(err)) stats.add('throttled', op);
          throw err;
        }
      },
      { name: 'byokAttemptMiddleware', relation: 'before', toMiddleware: 'httpSigningMiddleware', override: true },
    );
  }
}

/** Paginated listings: every page feeds many per-item calls, so its request jumps the queue. */
const LISTING_OPS = new Set(['GetResources', 'ListKeys', 'ListAliases', 'ListObjectsV2']);

interface AttemptContext {
  commandName?: string;
  byokAttempts?: number;
}

interface MiddlewareStackLike {
  // The SDK's generic middleware types differ per client; this is the shape we rely on.
  addRelativeTo(middleware: any, options: { name: string; relation: 'before' | 'after'; toMiddleware: string; override?: boolean }): void;
}

// Worth a retry with backoff: the catalog's throttling names, ambiguous ones included (a resource
// limit answered as LimitExceededException fails again after the retries, and is classified then).
export const THROTTLING_NAMES: ReadonlySet<string> = new Set([...AWS_FACTS.throttlingErrors, ...AWS_FACTS.ambiguousThrottlingErrors]);

function isThrottling(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { name?: unknown; $metadata?: { httpStatusCode?: number } };
  return (typeof e.name === 'string' && THROTTLING_NAMES.has(e.name)) || e.$metadata?.httpStatusCode === 429;
}
