/**
 * Every Huawei KMS request goes through here: rate token (per operation) -> concurrency slot ->
 * the SDK core's HcClient (which signs with SDK-HMAC-SHA256; the project id from the manifest goes
 * in the path and `X-Project-Id`, so no IAM lookup) -> status check -> retry with backoff and
 * jitter on throttling, 5xx and dropped connections -> our error codes.
 *
 * The SDK's HTTP client logs failed requests with their body; it gets a silent logger here, and
 * every status is returned rather than thrown (`validateStatus`), so a request body (an import
 * token, wrapped material) never reaches a log or an exception.
 */
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials.js';
import { HcClient } from '@huaweicloud/huaweicloud-sdk-core/HcClient.js';
import { DefaultHttpClient } from '@huaweicloud/huaweicloud-sdk-core/http/DefaultHttpClient.js';
import type { ProviderError } from '../port.js';
import { departing, type RateLimiter, type Semaphore } from '../limiter.js';
import { errorFromResponse, networkError } from './errors.js';
import type { HuaweiSettings } from './settings.js';

const silent = { debug() {}, info() {}, warn() {}, error() {} };

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep(ms: number): Promise<void>;
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 6,
  baseDelayMs: 100,
  maxDelayMs: 5_000,
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

export interface KmsCall {
  /** Our operation name (Huawei's verb): the rate bucket and the error context. */
  op: string;
  method: 'GET' | 'POST' | 'DELETE';
  /** Below `/v1.0/{project_id}/kms/`. */
  path: string;
  data?: Record<string, unknown>;
  query?: Record<string, string>;
  /** Key id, alias or bucket the call is about (error messages). */
  target?: string;
}

export class HuaweiKmsClient {
  private readonly hc: HcClient;
  readonly counts = new Map<string, number>();

  constructor(
    settings: HuaweiSettings,
    private readonly limiter: RateLimiter,
    private readonly semaphore: Semaphore,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
    /** Taken as a request leaves, once it holds its slot (see `departing`). */
    private readonly departures?: RateLimiter,
  ) {
    const cred = new BasicCredentials().withAk(settings.ak).withSk(settings.sk).withProjectId(settings.projectId);
    if (settings.securityToken) cred.withSecurityToken(settings.securityToken);
    const http = new DefaultHttpClient({ logger: silent as never, axiosRequestConfig: { timeout: 30_000 } }, [settings.kmsEndpoint]);
    this.hc = new HcClient(http).withCredential(cred).withEndpoints([settings.kmsEndpoint]);
  }

  /** The parsed JSON answer (undefined for an empty one), or a ProviderError. */
  async call<T = Record<string, unknown>>(c: KmsCall): Promise<T> {
    let last: ProviderError | undefined;
    for (let attempt = 1; attempt <= this.retry.attempts; attempt++) {
      if (attempt > 1) await this.retry.sleep(this.backoff(attempt - 1));
      await this.limiter.take(c.op);
      this.counts.set(c.op, (this.counts.get(c.op) ?? 0) + 1);
      const outcome = await this.semaphore.run(departing(this.departures, c.op, () => this.once(c)));
      if (outcome.ok) return outcome.body as T;
      last = outcome.error;
      if (!last.retryable) break;
    }
    throw last!;
  }

  /** Full jitter: a random wait up to base * 2^n, capped. */
  private backoff(n: number): number {
    const cap = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** n);
    return Math.floor(Math.random() * cap);
  }

  /** One request, as sent (protected: a test stands a stalling service in for it). */
  protected async once(c: KmsCall): Promise<{ ok: true; body: unknown } | { ok: false; error: ProviderError }> {
    let res: Record<string, unknown>;
    try {
      res = (await this.hc.sendRequest({
        method: c.method,
        url: `/v1.0/{project_id}/kms/${c.path}`,
        pathParams: {},
        headers: {},
        queryParams: c.query ?? {},
        ...(c.data !== undefined ? { data: c.data } : {}),
        contentType: 'application/json',
        axiosRequestConfig: { validateStatus: () => true },
      } as Parameters<HcClient['sendRequest']>[0])) as unknown as Record<string, unknown>;
    } catch (err) {
      return { ok: false, error: networkError(c.op, c.target, err) };
    }
    const { httpStatusCode, ...body } = res;
    const status = typeof httpStatusCode === 'number' ? httpStatusCode : 0;
    if (status >= 200 && status < 300) return { ok: true, body: Object.keys(body).length === 0 ? undefined : body };
    return { ok: false, error: errorFromResponse(c.op, c.target, status, body) };
  }
}
