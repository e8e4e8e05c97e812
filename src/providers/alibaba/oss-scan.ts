/**
 * Walks a bucket's objects with ListObjectsV2 (1,000 a page) and reads each object's KMS key id
 * with HeadObject (OSS lists no encryption attributes): n/1000 + n requests.
 */
import type { AlibabaCaller } from './caller.js';
import type { OssClient } from './clients.js';
import { isNotFound } from './errors.js';

export interface OssObjectHead {
  key: string;
  size: number;
  etag: string;
  /** Key id for SSE-KMS objects, else null. */
  kmsKeyId: string | null;
  storageClass: string;
  contentType: string;
  meta: Record<string, string>;
  tagCount: number;
}

export async function scanObjects(oss: OssClient, caller: AlibabaCaller, bucket: string, handle: (keys: { key: string; size: number }[]) => Promise<void>, pageSize = 1000): Promise<void> {
  let token: string | undefined;
  do {
    const page = await caller.call('ListObjectsV2', bucket, () => oss.listV2({ 'max-keys': String(pageSize), ...(token ? { 'continuation-token': token } : {}) }, {}), 'OSSRead');
    const objects = ((page.objects ?? []) as { name: string; size: number }[]).map((o) => ({ key: o.name, size: Number(o.size) }));
    await handle(objects);
    token = page.isTruncated ? page.nextContinuationToken : undefined;
  } while (token);
}

/** `acs:kms:...:key/<id>` or a bare id, as OSS reports it. */
export function keyIdOf(raw: string): string {
  const m = /^acs:kms:[^:]*:[^:]*:key\/(.+)$/.exec(raw);
  return m ? m[1]! : raw;
}

export async function headObject(oss: OssClient, caller: AlibabaCaller, bucket: string, key: string): Promise<OssObjectHead | null> {
  try {
    const r = await caller.call('HeadObject', `oss://${bucket}/${key}`, () => oss.head(key), 'OSSRead');
    const h = r.res.headers as Record<string, string>;
    const meta: Record<string, string> = {};
    for (const [k, v] of Object.entries(h)) if (k.startsWith('x-oss-meta-')) meta[k.slice(11)] = v;
    return {
      key,
      size: Number(h['content-length'] ?? 0),
      etag: String(h.etag ?? ''),
      kmsKeyId: h['x-oss-server-side-encryption'] === 'KMS' && h['x-oss-server-side-encryption-key-id'] ? keyIdOf(h['x-oss-server-side-encryption-key-id']) : null,
      storageClass: h['x-oss-storage-class'] ?? 'Standard',
      contentType: h['content-type'] ?? 'application/octet-stream',
      meta,
      tagCount: Number(h['x-oss-tagging-count'] ?? 0),
    };
  } catch (e) {
    if (isNotFound(e)) return null;
    throw e;
  }
}
