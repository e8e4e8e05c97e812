import { GetBucketEncryptionCommand, PutBucketEncryptionCommand, type S3Client } from '@aws-sdk/client-s3';
import { ProviderError, type BucketEncryption, type BucketService } from '../port.js';
import { keyIdOf } from './arn.js';
import type { AwsCaller } from './caller.js';
import type { KeyResolver } from './key-resolver.js';
import { headObject, objectKmsKey, scanObjects } from './object-scan.js';
import { reencryptBucket, type ReencryptDeps } from './reencrypt.js';

export interface BucketServiceDeps extends ReencryptDeps {
  s3: S3Client;
  caller: AwsCaller;
  keys: KeyResolver;
}

/** BucketService on S3 default encryption (SSE-KMS) and object re-encryption. */
export class AwsBucketService implements BucketService {
  constructor(private readonly deps: BucketServiceDeps) {}

  async getBucketEncryption(bucket: string): Promise<BucketEncryption | null> {
    const { s3, caller, keys } = this.deps;
    let out;
    try {
      out = await caller.call('GetBucketEncryption', bucket, () => s3.send(new GetBucketEncryptionCommand({ Bucket: bucket })));
    } catch (err) {
      if (err instanceof ProviderError && err.providerCode === 'NoSuchBucket') return null;
      // A bucket without a default-encryption configuration (only possible before 2023 or on emulators).
      if (err instanceof ProviderError && err.providerCode === 'ServerSideEncryptionConfigurationNotFoundError') {
        return { kmsKeyId: null, kmsKeyRaw: null, bucketKey: false };
      }
      throw err;
    }
    const rule = out.ServerSideEncryptionConfiguration?.Rules?.[0];
    const sse = rule?.ApplyServerSideEncryptionByDefault;
    const bucketKey = rule?.BucketKeyEnabled ?? false;
    // Not SSE-KMS, or SSE-KMS with the AWS managed key `aws/s3` (no KMSMasterKeyID): no key of ours.
    if (!sse?.SSEAlgorithm?.startsWith('aws:kms') || !sse.KMSMasterKeyID) {
      return { kmsKeyId: null, kmsKeyRaw: sse?.KMSMasterKeyID ?? null, bucketKey };
    }
    const raw = sse.KMSMasterKeyID;
    return { kmsKeyId: await keys.keyIdOf(raw), kmsKeyRaw: raw, bucketKey };
  }

  async putBucketEncryption(bucket: string, keyId: string, bucketKey: boolean): Promise<void> {
    const { s3, caller, keys } = this.deps;
    // The full key ARN: S3 does not validate the value, and an alias would resolve in the account of
    // whoever writes an object, not necessarily the bucket owner's (AWS recommends the ARN).
    const arn = await keys.arnOf(keyId);
    await caller.call('PutBucketEncryption', bucket, () =>
      s3.send(
        new PutBucketEncryptionCommand({
          Bucket: bucket,
          ServerSideEncryptionConfiguration: {
            Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: arn }, BucketKeyEnabled: bucketKey }],
          },
        }),
      ),
    );
  }

  /** ListObjectsV2 + one HeadObject per object (see object-scan.ts for the cost). */
  async countObjectsByKey(bucket: string): Promise<Record<string, number>> {
    const { s3, caller } = this.deps;
    const counts: Record<string, number> = {};
    await scanObjects(s3, caller, bucket, async (objects) => {
      const heads = await Promise.all(objects.map((o) => headObject(s3, caller, bucket, o.key)));
      for (const head of heads) {
        const key = head ? objectKmsKey(head) : null;
        if (key === null) continue;
        const id = keyIdOf(key);
        counts[id] = (counts[id] ?? 0) + 1;
      }
    }, this.deps.listPageSize);
    return counts;
  }

  async reencryptObjects(bucket: string, toKeyId: string, bucketKey: boolean, onProgress?: (done: number) => void): Promise<number> {
    const arn = await this.deps.keys.arnOf(toKeyId);
    return reencryptBucket(this.deps, bucket, { keyId: keyIdOf(toKeyId), arn, bucketKey }, onProgress);
  }
}
