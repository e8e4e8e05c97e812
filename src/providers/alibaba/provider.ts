/**
 * The Alibaba Cloud provider: KMS 2016-01-20 through @alicloud/openapi-client's generic callApi,
 * OSS through ali-oss, credentials through @alicloud/credentials (or the manifest's
 * accessKeyIdEnv/accessKeySecretEnv). Rate limits follow Alibaba's published shared-gateway
 * quotas (catalog/alibaba.ts) unless the manifest's `quotas` overrides them per action or class.
 */
import type { AlibabaProviderConfig, Clock } from '../../core/types.js';
import type { BucketService, Provider } from '../port.js';
import { departureLimiter, realTimer, type Timer } from '../limiter.js';
import { AlibabaCaller, DEFAULT_MAX_ATTEMPTS, RateLimiter, Semaphore, alibabaRateLookup, type CallStats } from './caller.js';
import { credentialSource, ossClients, popClient } from './clients.js';
import { AlibabaKeyService } from './kms-keys.js';
import { AlibabaBucketService } from './oss-buckets.js';
import type { ReencryptOptions } from './oss-reencrypt.js';

export interface AlibabaProviderOptions {
  clock?: Clock;
  /** Requests in flight at once (default 16). */
  concurrency?: number;
  maxAttempts?: number;
  timer?: Timer;
  reencrypt?: ReencryptOptions;
  env?: NodeJS.ProcessEnv;
}

export interface AlibabaProvider extends Provider {
  readonly buckets: BucketService;
  stats(): CallStats;
}

export const DEFAULT_CONCURRENCY = 16;

export async function createAlibabaProvider(config: AlibabaProviderConfig, opts: AlibabaProviderOptions = {}): Promise<AlibabaProvider> {
  const clock = opts.clock ?? { now: () => new Date() };
  const creds = credentialSource(config, opts.env);
  const quotas = alibabaRateLookup(config.quotas);
  const timer = opts.timer ?? realTimer;
  const limiter = new RateLimiter(quotas, timer);
  const departures = departureLimiter(quotas, timer);
  const caller = new AlibabaCaller(limiter, new Semaphore(opts.concurrency ?? DEFAULT_CONCURRENCY), opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, timer, departures);
  const pop = popClient(config, creds);
  const level = config.protectionLevel;
  const keys = new AlibabaKeyService({
    pop,
    caller,
    provider: config.name,
    clock,
    tagCache: new Map(),
    ...(config.instanceId !== undefined ? { instanceId: config.instanceId } : {}),
    ...(level === 'HSM' || level === 'SOFTWARE' ? { protectionLevel: level } : {}),
  });
  const buckets = new AlibabaBucketService({
    oss: ossClients(config, creds),
    caller,
    resolveKeyId: async (ref) => (await keys.describeKey(ref))?.keyId ?? null,
    ...(opts.reencrypt ? { reencrypt: opts.reencrypt } : {}),
  });
  return {
    name: config.name,
    keys,
    buckets,
    stats: () => caller.stats(),
    close: async () => undefined,
  };
}
