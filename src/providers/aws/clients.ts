import { KMSClient } from '@aws-sdk/client-kms';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { S3Client } from '@aws-sdk/client-s3';
import type { AwsProviderConfig } from '../../core/types.js';
import { leanClient, sharedAgents, type SharedAgents } from './lean-client.js';
import { PacedRetryStrategy } from './retry-strategy.js';

export interface AwsClients {
  kms: KMSClient;
  s3: S3Client;
  tagging: ResourceGroupsTaggingAPIClient;
}

/** Sockets per provider when the caller does not say (the SDK's own default is 50 per client). */
const DEFAULT_MAX_SOCKETS = 50;

/** SDK default is 3; a long apply rides out brief fault bursts better with a few more. */
export const DEFAULT_MAX_ATTEMPTS = 6;

/**
 * The region when the manifest names none, as the AWS CLI reads it: AWS_REGION, then
 * AWS_DEFAULT_REGION (which the JS SDK ignores); after these the SDK reads the profile's `region`.
 */
export function regionFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined;
}

/**
 * One client per service, configured from the manifest:
 * - `region`; when absent AWS_REGION, AWS_DEFAULT_REGION, then the profile's region (the SDK's chain).
 * - `profile`: the SDK resolves credentials from that profile, including `role_arn`/`source_profile`
 *   assumed roles and SSO; without it the default credential chain applies (env, SSO, shared files,
 *   web identity, container and instance roles).
 * - `endpoint` per service for emulators; S3 then uses path-style addressing, and the tagging API
 *   shares the KMS endpoint (emulators, like the project's sandbox, serve every service on one URL).
 * - one pair of keep-alive agents shared by the three clients, and no per-request middleware this
 *   tool has no use for (lean-client.ts);
 * - retries: the SDK's `standard` mode (exponential backoff with full jitter, longer base delay on
 *   throttling, retry on 5xx and network errors) with a configurable number of attempts, minus
 *   its client-wide retry quota (retry-strategy.ts).
 */
export function createClients(config: AwsProviderConfig, maxAttempts = DEFAULT_MAX_ATTEMPTS, agents: SharedAgents = sharedAgents(DEFAULT_MAX_SOCKETS)): AwsClients {
  const region = config.region ?? regionFromEnv();
  const common = {
    requestHandler: agents,
    ...(region !== undefined ? { region } : {}),
    ...(config.profile !== undefined ? { profile: config.profile } : {}),
    maxAttempts,
    // Not `cacheMiddleware: true`: it would save about a fifth of the SDK's CPU per request, but the
    // cached handler shares one execution context between concurrent calls of a command (its
    // endpoint, auth scheme, our attempt counter), so one bucket's request could go to another's
    // virtual host. The per-key hot path (DescribeKey, ListResourceTags) leaves the SDK instead: lean-reads.ts.
    // One strategy per client, as the SDK would make (see retry-strategy.ts for why not the SDK's).
  };
  const retry = () => ({ retryStrategy: new PacedRetryStrategy(maxAttempts) });
  const kmsEndpoint = config.endpoint?.kms;
  const s3Endpoint = config.endpoint?.s3;
  return {
    kms: leanClient(new KMSClient({ ...common, ...retry(), ...(kmsEndpoint ? { endpoint: kmsEndpoint } : {}) })),
    tagging: leanClient(new ResourceGroupsTaggingAPIClient({ ...common, ...retry(), ...(kmsEndpoint ? { endpoint: kmsEndpoint } : {}) })),
    s3: leanClient(new S3Client({
      ...common,
      ...retry(),
      ...(s3Endpoint
        ? {
            endpoint: s3Endpoint,
            forcePathStyle: true,
            // Emulators rarely implement flexible checksums; send them only where S3 requires one
            // (PutBucketEncryption) and do not insist on validating responses.
            requestChecksumCalculation: 'WHEN_REQUIRED' as const,
            responseChecksumValidation: 'WHEN_REQUIRED' as const,
          }
        : {}),
    })),
  };
}

export function destroyClients(clients: AwsClients): void {
  clients.kms.destroy();
  clients.s3.destroy();
  clients.tagging.destroy();
}
