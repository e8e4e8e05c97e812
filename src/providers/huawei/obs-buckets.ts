/**
 * BucketService on OBS through esdk-obs-nodejs: bucket default encryption (`kms` + KMSMasterKeyID),
 * objects counted by the key they are encrypted under, and re-encryption in place by copying each
 * object onto itself with the new key. The copy keeps user metadata and Content-Type (metadata
 * directive COPY), tags (tagging directive COPY), and the storage class (sent explicitly: OBS gives
 * a copy the bucket's default class otherwise); `CopySourceIfMatch` makes a concurrent write win.
 * A 200 answer counts only with an ETag in it (OBS can fail a copy after sending 200).
 */
import ObsClient from 'esdk-obs-nodejs';

type ObsResult = ObsClient.ObsResult;
import { ProviderError, type BucketEncryption, type BucketService } from '../port.js';
import { scrub } from '../scrub.js';
import type { HuaweiSettings } from './settings.js';

const PAGE = 1000;
/** OBS copies at most 5 GB in one request; larger objects would need a multipart copy. */
export const MAX_COPY_BYTES = 5 * 1024 ** 3;

/** The key id in `region:domain:key/<id>` (or a bare id). */
export function obsKeyId(ref: string): string {
  const m = /key\/([0-9a-fA-F-]{36})$/.exec(ref);
  return m ? m[1]! : ref;
}

function failed(op: string, target: string, r: ObsResult): ProviderError {
  const { Status: status, Code: code, Message: message } = r.CommonMsg;
  const name = code || `HTTP${status}`;
  const retryable = status >= 500 || status === 429 || code === 'SlowDown';
  const diag = status === 403 ? 'provider.access-denied' : status === 404 ? 'provider.not-found' : retryable ? 'provider.unavailable' : 'provider.rejected';
  const hint = status === 403 ? '. Check the AK/SK and that the IAM user may use this bucket and the KMS key (OBS decrypts and encrypts with it)' : '';
  return new ProviderError(diag, name, `${op} ${target} failed: ${name}${message ? `: ${scrub(message)}` : ''}${hint}`, retryable);
}

export class HuaweiBucketService implements BucketService {
  private client: ObsClient | undefined;

  constructor(
    private readonly settings: HuaweiSettings,
    /** The OBS name of a KMS key (`region:domain:key/id`). */
    private readonly keyName: (keyId: string) => Promise<string>,
  ) {}

  /** esdk-obs-nodejs finishes its set-up asynchronously after the constructor returns. */
  private async obs(): Promise<ObsClient> {
    if (!this.client) {
      const s = this.settings;
      const client = new ObsClient({
        access_key_id: s.ak,
        secret_access_key: s.sk,
        ...(s.securityToken ? { security_token: s.securityToken } : {}),
        server: s.obsEndpoint,
        path_style: /^https?:\/\/(\d+\.\d+\.\d+\.\d+|localhost)(:\d+)?$/.test(s.obsEndpoint),
        max_retry_count: 3,
        timeout: 60,
      });
      await new Promise((r) => setImmediate(r));
      this.client = client;
    }
    return this.client;
  }

  private async run(op: string, target: string, fn: (c: ObsClient) => Promise<ObsResult>): Promise<ObsResult> {
    let r: ObsResult;
    try {
      r = await fn(await this.obs());
    } catch (e) {
      const code = typeof (e as { code?: unknown })?.code === 'string' ? (e as { code: string }).code : 'NetworkError';
      throw new ProviderError('provider.unavailable', code, `${op} ${target} failed: ${code}`, true);
    }
    if (r.CommonMsg.Status >= 300) throw failed(op, target, r);
    return r;
  }

  async getBucketEncryption(bucket: string): Promise<BucketEncryption | null> {
    let r: ObsResult;
    try {
      r = await this.run('GetBucketEncryption', bucket, (c) => c.getBucketEncryption({ Bucket: bucket }));
    } catch (e) {
      if (e instanceof ProviderError && e.providerCode === 'NoSuchBucket') return null;
      if (e instanceof ProviderError && e.code === 'provider.not-found') return { kmsKeyId: null, kmsKeyRaw: null, bucketKey: false };
      throw e;
    }
    const def = r.InterfaceResult['Rule']?.['ApplyServerSideEncryptionByDefault'] as { SSEAlgorithm?: string; KMSMasterKeyID?: string } | undefined;
    const alg = def?.SSEAlgorithm ?? '';
    if ((alg !== 'kms' && alg !== 'aws:kms') || !def?.KMSMasterKeyID) return { kmsKeyId: null, kmsKeyRaw: def?.KMSMasterKeyID ?? null, bucketKey: false };
    return { kmsKeyId: obsKeyId(def.KMSMasterKeyID), kmsKeyRaw: def.KMSMasterKeyID, bucketKey: false };
  }

  /** OBS has no bucket keys: `bucketKey` does not apply. */
  async putBucketEncryption(bucket: string, keyId: string): Promise<void> {
    const name = await this.keyName(keyId);
    await this.run('SetBucketEncryption', bucket, (c) =>
      c.setBucketEncryption({ Bucket: bucket, Rule: { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'kms', KMSMasterKeyID: name } } }),
    );
  }

  private async eachObject(bucket: string, fn: (key: string, size: number) => Promise<void>): Promise<void> {
    let marker: string | undefined;
    do {
      const r = await this.run('ListObjects', bucket, (c) => c.listObjects({ Bucket: bucket, MaxKeys: PAGE, ...(marker ? { Marker: marker } : {}) }));
      const contents = (r.InterfaceResult['Contents'] ?? []) as { Key: string; Size: string }[];
      for (const o of contents) await fn(o.Key, Number(o.Size));
      const truncated = String(r.InterfaceResult['IsTruncated']) === 'true';
      marker = truncated ? (r.InterfaceResult['NextMarker'] || contents[contents.length - 1]?.Key) : undefined;
    } while (marker);
  }

  private async head(bucket: string, key: string): Promise<Record<string, any> | null> {
    try {
      return (await this.run('GetObjectMetadata', `${bucket}/${key}`, (c) => c.getObjectMetadata({ Bucket: bucket, Key: key }))).InterfaceResult;
    } catch (e) {
      if (e instanceof ProviderError && e.code === 'provider.not-found') return null;
      throw e;
    }
  }

  async countObjectsByKey(bucket: string): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    await this.eachObject(bucket, async (key) => {
      const h = await this.head(bucket, key);
      const kms = typeof h?.['SseKmsKey'] === 'string' && h['SseKmsKey'] ? obsKeyId(h['SseKmsKey']) : null;
      if (kms) counts[kms] = (counts[kms] ?? 0) + 1;
    });
    return counts;
  }

  async reencryptObjects(bucket: string, toKeyId: string, _bucketKey: boolean, onProgress?: (done: number) => void): Promise<number> {
    const name = await this.keyName(toKeyId);
    let done = 0;
    await this.eachObject(bucket, async (key, size) => {
      const h = await this.head(bucket, key);
      if (!h || typeof h['SseKmsKey'] !== 'string' || !h['SseKmsKey'] || obsKeyId(h['SseKmsKey']) === toKeyId) return;
      if (size > MAX_COPY_BYTES) {
        throw new ProviderError('provider.rejected', 'ObjectTooLarge', `CopyObject ${bucket}/${key}: objects above 5 GB need a multipart copy, which this version does not do`);
      }
      const source = `${bucket}/${encodeURIComponent(key).replace(/%2F/g, '/')}`;
      const r = await this.run('CopyObject', `${bucket}/${key}`, (c) =>
        c.copyObject({
          Bucket: bucket,
          Key: key,
          CopySource: source,
          CopySourceIfMatch: h['ETag'],
          MetadataDirective: 'COPY',
          TagDirective: 'COPY',
          ...(h['StorageClass'] ? { StorageClass: h['StorageClass'] } : {}),
          SseKms: 'kms',
          SseKmsKey: name,
        }),
      );
      if (!r.InterfaceResult['ETag']) throw new ProviderError('provider.unavailable', 'CopyFailed', `CopyObject ${bucket}/${key}: 200 without an ETag (the copy failed)`, true);
      done++;
      onProgress?.(done);
    });
    return done;
  }

  close(): void {
    this.client?.close();
  }
}
