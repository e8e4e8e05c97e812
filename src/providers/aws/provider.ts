import type { AwsProviderConfig, Clock, ProviderConfig } from '../../core/types.js';
import { ProviderError, type BucketService, type Provider } from '../port.js';
import { AwsCaller } from './caller.js';
import { sharedAgents } from './lean-client.js';
import { LeanReads } from './lean-reads.js';
import { createClients, regionFromEnv, destroyClients, DEFAULT_MAX_ATTEMPTS, type AwsClients } from './clients.js';
import { KeyDiscovery, type DiscoveryMode } from './discovery.js';
import { KeyResolver } from './key-resolver.js';
import { AwsKeyService } from './kms-keys.js';
import { acquireLease, type Lease } from './lease-lock.js';
import { departureLimiter, RateLimiter, Semaphore, realTimer, type Timer } from '../limiter.js';
import { awsQuotaLookup } from './quotas.js';
import { AwsBucketService } from './s3-buckets.js';
import { StatsRecorder, type AwsStats } from './stats.js';

export interface AwsProviderOptions {
  clock?: Clock;
  /** Requests in flight at once, across all operations (default 16). */
  concurrency?: number;
  /** SDK attempts per call, first one included (default 6). */
  maxAttempts?: number;
  /** Time source of the rate limiter (tests). */
  timer?: Timer;
  /** How keys are discovered (default: tagging API, ListKeys fallback). */
  discovery?: DiscoveryMode;
  /** Multipart-copy threshold and part size for re-encryption (tests lower them). */
  multipartThreshold?: number;
  partBytes?: number;
  /** ListObjectsV2 page size (tests lower it to exercise paging cheaply). */
  listPageSize?: number;
}

/** The AWS provider, with extras the engine and bench use beyond the port. */
export interface AwsProvider extends Provider {
  readonly buckets: BucketService;
  /** Calls, requests, retries and throttled responses per operation, since creation or reset. */
  stats(): AwsStats;
  resetStats(): void;
  /** Takes the apply lock configured as `lock: {bucket, key}`; throws `provider.config` without one. */
  acquireApplyLock(owner: string, ttlMs?: number): Promise<Lease>;
  /** The SDK clients, for the lease lock and diagnostics; never hand them outside providers/. */
  readonly clients: AwsClients;
  /** The DescribeKey and ListResourceTags path that bypasses the SDK's pipeline when it can (tests and the bench read its counts). */
  readonly lean: LeanReads;
}

/**
 * Requests in flight per provider. A re-plan's per-key reads run at up to 4,000 per second when
 * discovery reads each key's tags (ListResourceTags and DescribeKey, 2,000 per second each; 2,000
 * when the tagging pages bring the tags): at a 20-30 ms round trip that takes 80-120 requests in
 * flight (64 capped a 10,000-key re-plan at AWS's quotas near 3,200/s at 20 ms). The per-operation
 * limiter paces every operation at its quota whatever this is, so a larger value adds sockets, not
 * throttling.
 */
export const DEFAULT_CONCURRENCY = 128;
export const DEFAULT_LOCK_TTL_MS = 5 * 60_000;

export async function createAwsProvider(
  config: ProviderConfig,
  opts: AwsProviderOptions = {},
): Promise<AwsProvider> {
  if (config.type !== 'aws') throw new ProviderError('provider.config', 'WrongType', `provider ${config.name} is of type ${config.type}, not aws`);
  const stats = new StatsRecorder();
  const quotas = awsQuotaLookup(config.quotas);
  const timer = opts.timer ?? realTimer;
  const limiter = new RateLimiter(quotas, timer);
  const concurrency = opts.concurrency ?? DEFAULT_CONCURRENCY;
  const departures = departureLimiter(quotas, timer);
  const caller = new AwsCaller(limiter, new Semaphore(concurrency), stats, config.profile, endpointText(config), departures);
  // Every request holds a concurrency slot, so that many sockets suffice (a few spare for the lease lock).
  const agents = sharedAgents(concurrency + 4);
  const clients = createClients(config, opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, agents);
  caller.instrument(clients.kms);
  caller.instrument(clients.s3);
  caller.instrument(clients.tagging);
  const lean = new LeanReads(clients.kms, agents, stats, limiter);
  const describeKey = (keyRef: string) => lean.describe(keyRef);
  const listTags = (keyId: string, marker?: string) => lean.listTags(keyId, marker);

  // keyId -> key ARN for every key seen; S3 wants ARNs, and this saves a DescribeKey per bucket.
  const arns = new Map<string, string>();
  const discovery = new KeyDiscovery({ kms: clients.kms, describeKey, listTags, tagging: clients.tagging, caller, provider: config.name, arns, mode: opts.discovery ?? config.discovery ?? defaultDiscovery(config) });
  const keys = new AwsKeyService({ kms: clients.kms, describeKey, caller, discovery, provider: config.name, arns, emulated: config.endpoint?.kms !== undefined });
  const resolver = new KeyResolver(describeKey, caller, arns);
  const buckets = new AwsBucketService({
    s3: clients.s3,
    caller,
    keys: resolver,
    ...(opts.multipartThreshold !== undefined ? { multipartThreshold: opts.multipartThreshold } : {}),
    ...(opts.partBytes !== undefined ? { partBytes: opts.partBytes } : {}),
    ...(opts.listPageSize !== undefined ? { listPageSize: opts.listPageSize } : {}),
  });

  return {
    name: config.name,
    keys,
    buckets,
    clients,
    lean,
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    acquireApplyLock: (owner, ttlMs = DEFAULT_LOCK_TTL_MS) => {
      if (!config.lock) {
        return Promise.reject(new ProviderError('provider.config', 'NoLockConfigured', `provider ${config.name} has no lock: {bucket, key}`));
      }
      return acquireLease({ s3: clients.s3, bucket: config.lock.bucket, key: config.lock.key, owner, ttlMs, ...(opts.clock ? { clock: opts.clock } : {}) });
    },
    close: async () => destroyClients(clients),
  };
}

/**
 * Against real AWS the tagging API finds a manifest's keys in one call per 100 keys. Emulators
 * (an `endpoint` is set) often serve it partially — an empty answer would look like "no keys" and
 * lead to duplicate generations — so there the exact ListKeys path is the default.
 */
function defaultDiscovery(config: AwsProviderConfig): DiscoveryMode {
  return config.endpoint ? 'list-keys' : 'auto';
}

/** How error messages name where requests went. */
function endpointText(config: AwsProviderConfig): string {
  const { kms, s3 } = config.endpoint ?? {};
  if (kms && s3 && kms !== s3) return `${kms} (KMS) / ${s3} (S3)`;
  return kms ?? s3 ?? `AWS ${config.region ?? regionFromEnv() ?? '(region from the profile)'}`;
}
