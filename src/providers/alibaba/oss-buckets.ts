/**
 * BucketService on OSS through ali-oss: bucket default encryption (PutBucketEncryption,
 * SSEAlgorithm KMS, KMSMasterKeyID), objects counted by the key they are under, in-place
 * re-encryption (oss-reencrypt.ts). OSS has no S3 Bucket Key: the adapter reports `bucketKey`
 * as on for SSE-KMS defaults so the manifest default (true) is a no-op, and validation refuses
 * `bucketKey: false` on alibaba buckets.
 */
import { ProviderError, type BucketEncryption, type BucketService } from '../port.js';
import type { AlibabaCaller } from './caller.js';
import type { OssClient } from './clients.js';
import { keyIdOf, scanObjects, headObject } from './oss-scan.js';
import { reencryptObject, type ReencryptOptions } from './oss-reencrypt.js';

export interface AlibabaBucketDeps {
  oss: (bucket: string) => Promise<OssClient>;
  caller: AlibabaCaller;
  /** Key id of an alias or key id as KMS knows it (KMSMasterKeyID may be either). */
  resolveKeyId: (ref: string) => Promise<string | null>;
  reencrypt?: ReencryptOptions;
  /** Objects re-encrypted at once per bucket. */
  concurrency?: number;
}

export class AlibabaBucketService implements BucketService {
  constructor(private readonly d: AlibabaBucketDeps) {}

  async getBucketEncryption(bucket: string): Promise<BucketEncryption | null> {
    const oss = await this.d.oss(bucket);
    let enc: { SSEAlgorithm?: string; KMSMasterKeyID?: string } | undefined;
    try {
      enc = (await this.d.caller.call('GetBucketEncryption', bucket, () => oss.getBucketEncryption(bucket), 'OSSRead')).encryption;
    } catch (e) {
      if (e instanceof ProviderError && e.providerCode === 'NoSuchBucket') return null;
      if (e instanceof ProviderError && e.providerCode === 'NoSuchServerSideEncryptionRule') return { kmsKeyId: null, kmsKeyRaw: null, bucketKey: false };
      throw e;
    }
    if (enc?.SSEAlgorithm !== 'KMS' || !enc.KMSMasterKeyID) return { kmsKeyId: null, kmsKeyRaw: enc?.KMSMasterKeyID ?? null, bucketKey: false };
    const raw = enc.KMSMasterKeyID;
    const direct = keyIdOf(raw);
    const kmsKeyId = direct.startsWith('alias/') ? await this.d.resolveKeyId(direct) : direct;
    return { kmsKeyId, kmsKeyRaw: raw, bucketKey: true };
  }

  async putBucketEncryption(bucket: string, keyId: string, _bucketKey: boolean): Promise<void> {
    const oss = await this.d.oss(bucket);
    await this.d.caller.call('PutBucketEncryption', bucket, () => oss.putBucketEncryption(bucket, { SSEAlgorithm: 'KMS', KMSMasterKeyID: keyId }), 'OSSWrite');
  }

  async countObjectsByKey(bucket: string): Promise<Record<string, number>> {
    const oss = await this.d.oss(bucket);
    const counts: Record<string, number> = {};
    await scanObjects(oss, this.d.caller, bucket, async (page) => {
      const heads = await Promise.all(page.map((o) => headObject(oss, this.d.caller, bucket, o.key)));
      for (const h of heads) if (h?.kmsKeyId) counts[h.kmsKeyId] = (counts[h.kmsKeyId] ?? 0) + 1;
    });
    return counts;
  }

  async reencryptObjects(bucket: string, toKeyId: string, _bucketKey: boolean, onProgress?: (done: number) => void): Promise<number> {
    const oss = await this.d.oss(bucket);
    let rewritten = 0;
    const width = this.d.concurrency ?? 8;
    await scanObjects(oss, this.d.caller, bucket, async (page) => {
      for (let i = 0; i < page.length; i += width) {
        const outcomes = await Promise.all(page.slice(i, i + width).map((o) => reencryptObject(oss, this.d.caller, bucket, o.key, toKeyId, this.d.reencrypt)));
        rewritten += outcomes.filter((x) => x === 'rewritten').length;
        onProgress?.(rewritten);
      }
    });
    return rewritten;
  }
}

