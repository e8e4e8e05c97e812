/** S3 request headers read into simulator fields, and object attributes written back as headers. */
import type { IncomingHttpHeaders } from 'node:http';
import type { S3Simulator, SimObjectHead } from '../../sim/sim-types.js';
import { S3Fail } from './s3-errors.js';

export function header(h: IncomingHttpHeaders, name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v.join(',') : v;
}

/** `x-amz-meta-*` headers, names lowercased without the prefix (as S3 stores them). */
export function metadataFrom(h: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(h)) {
    if (name.startsWith('x-amz-meta-') && value !== undefined) out[name.slice('x-amz-meta-'.length)] = Array.isArray(value) ? value.join(',') : value;
  }
  return out;
}

/** `x-amz-tagging: k1=v1&k2=v2` (URL query encoding). */
export function taggingFrom(h: IncomingHttpHeaders): Record<string, string> | undefined {
  const v = header(h, 'x-amz-tagging');
  if (v === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const [k, val] of new URLSearchParams(v)) out[k] = val;
  return out;
}

export interface SseFields {
  ServerSideEncryption?: string;
  SSEKMSKeyId?: string;
  BucketKeyEnabled?: boolean;
}

export function sseFrom(h: IncomingHttpHeaders): SseFields {
  const out: SseFields = {};
  const alg = header(h, 'x-amz-server-side-encryption');
  const keyId = header(h, 'x-amz-server-side-encryption-aws-kms-key-id');
  const bk = header(h, 'x-amz-server-side-encryption-bucket-key-enabled');
  if (alg !== undefined) out.ServerSideEncryption = alg;
  if (keyId !== undefined) {
    if (alg !== 'aws:kms' && alg !== 'aws:kms:dsse') {
      throw new S3Fail('InvalidArgument', 'Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms', 400);
    }
    out.SSEKMSKeyId = keyId;
  }
  if (bk !== undefined) out.BucketKeyEnabled = bk.toLowerCase() === 'true';
  return out;
}

/** S3 quotes ETags on the wire; the simulator may or may not. */
export function quoteEtag(etag: string): string {
  return etag.startsWith('"') || etag.startsWith('W/"') ? etag : `"${etag}"`;
}

export function sseHeaders(sse: { ServerSideEncryption?: string; SSEKMSKeyId?: string; BucketKeyEnabled?: boolean }): Record<string, string> {
  const out: Record<string, string> = {};
  if (sse.ServerSideEncryption) out['x-amz-server-side-encryption'] = sse.ServerSideEncryption;
  if (sse.SSEKMSKeyId) out['x-amz-server-side-encryption-aws-kms-key-id'] = sse.SSEKMSKeyId;
  if (sse.BucketKeyEnabled) out['x-amz-server-side-encryption-bucket-key-enabled'] = 'true';
  return out;
}

/** The headers GetObject and HeadObject answer with. S3 leaves out the storage class when STANDARD. */
export function objectHeaders(head: SimObjectHead, tagCount: number): Record<string, string> {
  const out: Record<string, string> = {
    'content-type': head.ContentType || 'binary/octet-stream',
    'content-length': String(head.ContentLength),
    etag: quoteEtag(head.ETag),
    'last-modified': head.LastModified.toUTCString(),
    'accept-ranges': 'bytes',
    ...sseHeaders(head),
  };
  if (head.StorageClass && head.StorageClass !== 'STANDARD') out['x-amz-storage-class'] = head.StorageClass;
  for (const [k, v] of Object.entries(head.Metadata ?? {})) out[`x-amz-meta-${k}`] = v;
  if (tagCount > 0) out['x-amz-tagging-count'] = String(tagCount);
  return out;
}

export function tagCount(sim: S3Simulator, bucket: string, key: string): number {
  try {
    return sim.getObjectTagging({ Bucket: bucket, Key: key }).TagSet.length;
  } catch {
    return 0;
  }
}
