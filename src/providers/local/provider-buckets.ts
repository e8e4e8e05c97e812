/** BucketService over the simulator's S3 side. */
import type { BucketEncryption, BucketService } from '../port.js';
import { SimError } from '../../sim/sim-types.js';
import type { LocalSimulator } from '../../sim/simulator.js';
import { keyIdOf } from '../../sim/ids.js';
import { call, orNull } from './provider-errors.js';

export class LocalBucketService implements BucketService {
  constructor(private readonly sim: LocalSimulator) {}

  /** Key id for any form S3 may hold (id, key ARN, alias, alias ARN); the raw value when it resolves to nothing. */
  private keyIdFor(raw: string): string {
    try {
      return this.sim.describeKey({ KeyId: raw }).KeyMetadata.KeyId;
    } catch (e) {
      if (e instanceof SimError) return keyIdOf(raw);
      throw e;
    }
  }

  private *objectKeys(bucket: string): Generator<string> {
    let token: string | undefined;
    do {
      const page = this.sim.listObjectsV2({ Bucket: bucket, ...(token ? { ContinuationToken: token } : {}) });
      for (const o of page.Contents) yield o.Key;
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async getBucketEncryption(bucket: string): Promise<BucketEncryption | null> {
    const exists = await orNull(() => this.sim.headBucket({ Bucket: bucket }), ['NoSuchBucket']);
    if (exists === null) return null;
    const enc = await orNull(() => this.sim.getBucketEncryption({ Bucket: bucket }), ['ServerSideEncryptionConfigurationNotFoundError']);
    if (!enc || enc.SSEAlgorithm === 'AES256' || enc.KMSMasterKeyID === undefined) {
      return { kmsKeyId: null, kmsKeyRaw: enc?.KMSMasterKeyID ?? null, bucketKey: enc?.BucketKeyEnabled ?? false };
    }
    const raw = enc.KMSMasterKeyID;
    return { kmsKeyId: this.keyIdFor(raw), kmsKeyRaw: raw, bucketKey: enc.BucketKeyEnabled };
  }

  /** Sets the key by ARN, as AWS recommends (an alias would resolve in the requester's account). */
  async putBucketEncryption(bucket: string, keyId: string, bucketKey: boolean): Promise<void> {
    await call(() => {
      const arn = this.sim.describeKey({ KeyId: keyId }).KeyMetadata.Arn;
      this.sim.putBucketEncryption({ Bucket: bucket, SSEAlgorithm: 'aws:kms', KMSMasterKeyID: arn, BucketKeyEnabled: bucketKey });
    });
  }

  async countObjectsByKey(bucket: string): Promise<Record<string, number>> {
    return call(() => {
      const counts: Record<string, number> = {};
      for (const key of this.objectKeys(bucket)) {
        const arn = this.sim.headObject({ Bucket: bucket, Key: key }).SSEKMSKeyId;
        if (arn === undefined) continue;
        const id = keyIdOf(arn);
        counts[id] = (counts[id] ?? 0) + 1;
      }
      return counts;
    });
  }

  /**
   * In-place CopyObject under `toKeyId`, keeping metadata, content type, storage class and tags.
   * CopySourceIfMatch makes a concurrent overwrite fail the copy instead of being silently undone.
   */
  async reencryptObjects(bucket: string, toKeyId: string, bucketKey: boolean, onProgress?: (done: number) => void): Promise<number> {
    return call(() => {
      const target = this.sim.describeKey({ KeyId: toKeyId }).KeyMetadata;
      let done = 0;
      for (const key of [...this.objectKeys(bucket)]) {
        const head = this.sim.headObject({ Bucket: bucket, Key: key });
        if (head.SSEKMSKeyId === undefined || keyIdOf(head.SSEKMSKeyId) === target.KeyId) continue;
        this.sim.copyObject({
          Bucket: bucket,
          Key: key,
          CopySource: { Bucket: bucket, Key: key },
          CopySourceIfMatch: head.ETag,
          MetadataDirective: 'COPY',
          TaggingDirective: 'COPY',
          StorageClass: head.StorageClass,
          ServerSideEncryption: 'aws:kms',
          SSEKMSKeyId: target.Arn,
          BucketKeyEnabled: bucketKey,
        });
        done += 1;
        onProgress?.(done);
      }
      return done;
    });
  }
}
