/**
 * In-place re-encryption of one OSS object under a new KMS key: CopyObject onto itself with
 * `x-oss-server-side-encryption: KMS` and the new key id, up to 1 GB (OSS's CopyObject limit);
 * above it InitiateMultipartUpload (with the SSE headers, content type, metadata, storage class
 * and tags of the object) + UploadPartCopy ranges + CompleteMultipartUpload.
 *
 * Preserved: user metadata and Content-Type (metadata directive COPY), tags (tagging directive
 * COPY; multipart: read with GetObjectTagging and set at Initiate), storage class (sent
 * explicitly: a copy without `x-oss-storage-class` would not keep it). The copy is conditional on
 * the ETag just read (`x-oss-copy-source-if-match`): an object changed meanwhile is read again.
 */
import { OSS_COPY_OBJECT_MAX_BYTES } from '../../catalog/alibaba.js';
import { ProviderError } from '../port.js';
import type { AlibabaCaller } from './caller.js';
import type { OssClient } from './clients.js';
import { headObject, type OssObjectHead } from './oss-scan.js';

export interface ReencryptOptions {
  /** Objects above this size use UploadPartCopy (default 1 GB; tests lower it). */
  multipartThreshold?: number;
  /** Part size for UploadPartCopy (default 256 MiB; OSS allows 100 KiB to 5 GiB, 10,000 parts). */
  partBytes?: number;
}

const DEFAULT_PART_BYTES = 256 * 1024 ** 2;
const MIN_PART_BYTES = 100 * 1024;
const MAX_PARTS = 10_000;
const MAX_RACES = 5;

export type Outcome = 'rewritten' | 'skipped' | 'gone';

function sseHeaders(keyId: string, head: OssObjectHead): Record<string, string> {
  return { 'x-oss-server-side-encryption': 'KMS', 'x-oss-server-side-encryption-key-id': keyId, 'x-oss-storage-class': head.storageClass };
}

export async function reencryptObject(oss: OssClient, caller: AlibabaCaller, bucket: string, key: string, toKeyId: string, opts: ReencryptOptions = {}): Promise<Outcome> {
  const threshold = opts.multipartThreshold ?? OSS_COPY_OBJECT_MAX_BYTES;
  for (let race = 0; race < MAX_RACES; race++) {
    const head = await headObject(oss, caller, bucket, key);
    if (!head) return 'gone';
    if (head.kmsKeyId === toKeyId) return 'skipped';
    try {
      if (head.size > threshold) await multipartCopy(oss, caller, bucket, head, toKeyId, opts.partBytes ?? DEFAULT_PART_BYTES);
      else {
        await caller.call('CopyObject', `oss://${bucket}/${key}`, () => oss.copy(key, key, bucket, { headers: { ...sseHeaders(toKeyId, head), 'x-oss-copy-source-if-match': head.etag } }), 'OSSWrite');
      }
      return 'rewritten';
    } catch (e) {
      // 412: the object changed since it was read; read it again and decide anew.
      if (e instanceof ProviderError && e.providerCode === 'PreconditionFailed') continue;
      if (e instanceof ProviderError && e.code === 'provider.not-found') return 'gone';
      throw e;
    }
  }
  throw new ProviderError('provider.unavailable', 'ObjectChanging', `oss://${bucket}/${key} kept changing while being re-encrypted; retry later`, true);
}

async function multipartCopy(oss: OssClient, caller: AlibabaCaller, bucket: string, head: OssObjectHead, toKeyId: string, preferredPart: number): Promise<void> {
  const target = `oss://${bucket}/${head.key}`;
  let tagging: string | undefined;
  if (head.tagCount > 0) {
    const t = await caller.call('GetObjectTagging', target, () => oss.getObjectTagging(head.key), 'OSSRead');
    tagging = new URLSearchParams(t.tag as Record<string, string>).toString();
  }
  const meta = Object.fromEntries(Object.entries(head.meta).map(([k, v]) => [`x-oss-meta-${k}`, v]));
  const init = await caller.call('InitiateMultipartUpload', target, () => oss.initMultipartUpload(head.key, { mime: head.contentType, headers: { ...sseHeaders(toKeyId, head), ...meta, ...(tagging ? { 'x-oss-tagging': tagging } : {}) } }), 'OSSWrite');
  const part = Math.max(MIN_PART_BYTES, preferredPart, Math.ceil(head.size / MAX_PARTS));
  try {
    const parts: { number: number; etag: string }[] = [];
    for (let first = 0, n = 1; first < head.size; first += part, n++) {
      const last = Math.min(head.size, first + part) - 1;
      const r = await caller.call('UploadPartCopy', target, () => oss.uploadPartCopy(head.key, init.uploadId, n, `${first}-${last}`, { sourceKey: head.key, sourceBucketName: bucket }, { headers: { 'x-oss-copy-source-if-match': head.etag } }), 'OSSWrite');
      parts.push({ number: n, etag: r.etag });
    }
    await caller.call('CompleteMultipartUpload', target, () => oss.completeMultipartUpload(head.key, init.uploadId, parts), 'OSSWrite');
  } catch (e) {
    await caller.call('AbortMultipartUpload', target, () => oss.abortMultipartUpload(head.key, init.uploadId), 'OSSWrite').catch(() => undefined);
    throw e;
  }
}
