/** PutObject (with conditional writes), GetObject, HeadObject, DeleteObject, ListObjectsV2, tagging. */
import { createHash } from 'node:crypto';
import type { S3Simulator, SimObjectHead } from './sim-types.js';
import { s3Error } from './errors.js';
import { bucketOf } from './s3-buckets.js';
import { encryptionFor } from './s3-encryption.js';
import { usableKeyArn } from './s3-kms.js';
import { encodeMarker } from './paginate.js';
import type { SimContext } from './context.js';
import type { BucketRecord, ObjectRecord } from './model.js';

export const STORAGE_CLASSES = [
  'STANDARD', 'REDUCED_REDUNDANCY', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING',
  'GLACIER', 'DEEP_ARCHIVE', 'GLACIER_IR', 'OUTPOSTS', 'SNOW', 'EXPRESS_ONEZONE',
] as const;
/** Archived objects must be restored before S3 serves or copies them. */
const ARCHIVED = new Set(['GLACIER', 'DEEP_ARCHIVE']);
export const DEFAULT_CONTENT_TYPE = 'binary/octet-stream';

export const etagOf = (body: Buffer): string => `"${createHash('md5').update(body).digest('hex')}"`;
const unquote = (etag: string): string => etag.replace(/^W\//, '').replace(/^"|"$/g, '');
export const etagMatches = (etag: string, condition: string): boolean => condition === '*' || unquote(condition) === unquote(etag);

export const preconditionFailed = () => s3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412);
const noSuchKey = () => s3Error('NoSuchKey', 'The specified key does not exist.', 404);

export function checkStorageClass(value: string): string {
  if (!(STORAGE_CLASSES as readonly string[]).includes(value)) throw s3Error('InvalidStorageClass', 'The storage class you specified is not valid', 400);
  return value;
}

/** S3 stores user metadata keys in lower case. */
export function normalizeMetadata(m: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(m ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
}

export function checkTagging(tags: Record<string, string>): Record<string, string> {
  const entries = Object.entries(tags);
  if (entries.length > 10) throw s3Error('BadRequest', 'Object tags cannot be greater than 10', 400);
  for (const [k, v] of entries) {
    if (k.length < 1 || k.length > 128 || String(v).length > 256) throw s3Error('InvalidTag', 'The TagKey or TagValue you have provided is invalid', 400);
  }
  return { ...tags };
}

export function objectOf(b: BucketRecord, key: string): ObjectRecord {
  const o = b.objects.get(key);
  if (!o) throw noSuchKey();
  return o;
}

export function headOf(o: ObjectRecord): SimObjectHead {
  return {
    Key: o.key,
    ContentType: o.contentType,
    ContentLength: o.body.length,
    ETag: o.etag,
    LastModified: new Date(o.lastModified),
    Metadata: { ...o.metadata },
    StorageClass: o.storageClass,
    ServerSideEncryption: o.serverSideEncryption,
    ...(o.kmsKeyArn !== undefined ? { SSEKMSKeyId: o.kmsKeyArn, BucketKeyEnabled: o.bucketKeyEnabled } : {}),
  };
}

/**
 * Reading needs what S3 needs to decrypt: a restored object and a usable key. `recordUse`: a
 * client's GetObject (a Decrypt on the key); a re-encrypting copy's read of its source is not
 * recorded, so this tool's own re-encryption does not hold the old key's retirement back.
 */
export function checkReadable(ctx: SimContext, o: ObjectRecord, recordUse = false): void {
  if (ARCHIVED.has(o.storageClass)) throw s3Error('InvalidObjectState', 'The operation is not valid for the object\'s storage class', 403);
  if (o.kmsKeyArn !== undefined) usableKeyArn(ctx, o.kmsKeyArn, recordUse ? 'Decrypt' : undefined);
}

export type PutObjectRequest = Parameters<S3Simulator['putObject']>[0];

/** Conditional writes (used by the AWS lease lock): If-None-Match '*' creates only; If-Match needs the ETag. */
function checkWriteConditions(existing: ObjectRecord | undefined, req: { IfNoneMatch?: string; IfMatch?: string }): void {
  if (req.IfNoneMatch !== undefined) {
    if (req.IfNoneMatch !== '*') throw s3Error('NotImplemented', 'If-None-Match on PutObject supports only "*"', 501);
    if (existing) throw preconditionFailed();
  }
  if (req.IfMatch !== undefined) {
    if (!existing) throw noSuchKey();
    if (!etagMatches(existing.etag, req.IfMatch)) throw preconditionFailed();
  }
}

export function putObject(ctx: SimContext, req: PutObjectRequest): { ETag: string; ServerSideEncryption?: string; SSEKMSKeyId?: string } {
  const b = bucketOf(ctx, req.Bucket);
  if (typeof req.Key !== 'string' || req.Key.length < 1 || Buffer.byteLength(req.Key) > 1024) {
    throw s3Error('KeyTooLongError', 'Your key is too long', 400);
  }
  checkWriteConditions(b.objects.get(req.Key), req);
  const storageClass = checkStorageClass(req.StorageClass ?? 'STANDARD');
  const tags = checkTagging(req.Tagging ?? {});
  const enc = encryptionFor(ctx, b, req);
  const body = Buffer.from(req.Body ?? Buffer.alloc(0));
  const o: ObjectRecord = {
    key: req.Key,
    body,
    contentType: req.ContentType ?? DEFAULT_CONTENT_TYPE,
    metadata: normalizeMetadata(req.Metadata),
    storageClass,
    etag: etagOf(body),
    lastModified: ctx.clock.now(),
    ...enc,
    tags,
  };
  b.objects.set(o.key, o);
  return { ETag: o.etag, ServerSideEncryption: o.serverSideEncryption, ...(o.kmsKeyArn ? { SSEKMSKeyId: o.kmsKeyArn } : {}) };
}

export function getObject(ctx: SimContext, req: { Bucket: string; Key: string }): SimObjectHead & { Body: Buffer } {
  const o = objectOf(bucketOf(ctx, req.Bucket), req.Key);
  checkReadable(ctx, o, true);
  return { ...headOf(o), Body: Buffer.from(o.body) };
}

/** HEAD reads metadata only: it does not call KMS, so it works whatever the key's state. */
export function headObject(ctx: SimContext, req: { Bucket: string; Key: string }): SimObjectHead {
  return headOf(objectOf(bucketOf(ctx, req.Bucket), req.Key));
}

export function deleteObject(ctx: SimContext, req: { Bucket: string; Key: string; IfMatch?: string }): void {
  const b = bucketOf(ctx, req.Bucket);
  if (req.IfMatch !== undefined) {
    const o = objectOf(b, req.Key);
    if (!etagMatches(o.etag, req.IfMatch)) throw preconditionFailed();
  }
  b.objects.delete(req.Key);
}

export function listObjectsV2(
  ctx: SimContext,
  req: { Bucket: string; Prefix?: string; ContinuationToken?: string; MaxKeys?: number; StartAfter?: string },
) {
  const b = bucketOf(ctx, req.Bucket);
  const max = Math.min(req.MaxKeys ?? 1000, 1000);
  if (!Number.isInteger(max) || max < 0) throw s3Error('InvalidArgument', 'MaxKeys must be a non-negative integer', 400);
  let after = req.StartAfter ?? '';
  if (req.ContinuationToken !== undefined) {
    const raw = Buffer.from(req.ContinuationToken, 'base64url').toString('utf8');
    if (!raw.startsWith('m1:')) throw s3Error('InvalidArgument', 'The continuation token provided is incorrect', 400);
    after = raw.slice(3);
  }
  const prefix = req.Prefix ?? '';
  // S3 orders keys by their UTF-8 bytes.
  const keys = [...b.objects.keys()]
    .filter((k) => k.startsWith(prefix) && Buffer.compare(Buffer.from(k), Buffer.from(after)) > 0)
    .sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
  const page = keys.slice(0, max);
  const truncated = keys.length > page.length;
  const last = page[page.length - 1];
  return {
    Contents: page.map((k) => {
      const o = b.objects.get(k)!;
      return { Key: k, Size: o.body.length, ETag: o.etag, LastModified: new Date(o.lastModified), StorageClass: o.storageClass };
    }),
    IsTruncated: truncated,
    KeyCount: page.length,
    ...(truncated && last !== undefined ? { NextContinuationToken: encodeMarker(last) } : {}),
  };
}

export function getObjectTagging(ctx: SimContext, req: { Bucket: string; Key: string }) {
  const o = objectOf(bucketOf(ctx, req.Bucket), req.Key);
  return { TagSet: Object.entries(o.tags).map(([Key, Value]) => ({ Key, Value })) };
}

export function putObjectTagging(ctx: SimContext, req: { Bucket: string; Key: string; TagSet: { Key: string; Value: string }[] }): void {
  const o = objectOf(bucketOf(ctx, req.Bucket), req.Key);
  const tags: Record<string, string> = {};
  for (const t of req.TagSet ?? []) {
    if (t.Key in tags) throw s3Error('InvalidTag', 'Cannot provide multiple Tags with the same key', 400);
    tags[t.Key] = t.Value;
  }
  o.tags = checkTagging(tags);
}
