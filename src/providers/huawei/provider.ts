/**
 * The Huawei Cloud provider: KMS (DEW) through the SDK core's HcClient with our own request
 * definitions (there is no KMS package on npm), OBS through esdk-obs-nodejs.
 */
import type { HuaweiProviderConfig } from '../../core/types.js';
import type { Provider } from '../port.js';
import { departureLimiter, RateLimiter, Semaphore, realTimer, type Timer } from '../limiter.js';
import { HuaweiKmsClient, DEFAULT_RETRY, type RetryPolicy } from './kms-client.js';
import { HuaweiKeyService } from './kms-keys.js';
import { HuaweiBucketService } from './obs-buckets.js';
import { huaweiQuotaLookup } from './quotas.js';
import { huaweiSettings } from './settings.js';

export interface HuaweiProviderOptions {
  /** Requests in flight at once (default 16). */
  concurrency?: number;
  retry?: RetryPolicy;
  timer?: Timer;
  env?: NodeJS.ProcessEnv;
}

export interface HuaweiProvider extends Provider {
  /** Requests sent per operation (attempts included), since creation. */
  requestCounts(): Record<string, number>;
}

export async function createHuaweiProvider(config: HuaweiProviderConfig, opts: HuaweiProviderOptions = {}): Promise<HuaweiProvider> {
  const settings = huaweiSettings(config, opts.env);
  const quotas = huaweiQuotaLookup(config.quotas);
  const timer = opts.timer ?? realTimer;
  const limiter = new RateLimiter(quotas, timer);
  const departures = departureLimiter(quotas, timer);
  const kms = new HuaweiKmsClient(settings, limiter, new Semaphore(opts.concurrency ?? 16), opts.retry ?? DEFAULT_RETRY, departures);
  const keys = new HuaweiKeyService(kms, config.name, settings.region);
  let domainId: string | undefined;
  const keyName = async (keyId: string): Promise<string> => {
    if (domainId === undefined) {
      const out = await kms.call<{ key_info: { domain_id?: string } }>({ op: 'describe-key', method: 'POST', path: 'describe-key', data: { key_id: keyId }, target: keyId });
      domainId = out.key_info.domain_id ?? '';
    }
    return domainId ? `${settings.region}:${domainId}:key/${keyId}` : keyId;
  };
  const buckets = new HuaweiBucketService(settings, keyName);
  return {
    name: config.name,
    keys,
    buckets,
    requestCounts: () => Object.fromEntries(kms.counts),
    async close() {
      buckets.close();
    },
  };
}
