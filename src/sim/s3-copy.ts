/** CopyObject, including the in-place copy that re-encrypts an object under another key. */
import { s3Error } from './errors.js';
import { bucketOf } from './s3-buckets.js';
import { encryptionFor } from './s3-encryption.js';
import {
  DEFAULT_CONTENT_TYPE,
  checkReadable,
  checkStorageClass,
  checkTagging,
  etagMatches,
  normalizeMetadata,
  objectOf,
  preconditionFailed,
} from './s3-objects.js';
import type { SimContext } from './context.js';
import type { S3Simulator } from './sim-types.js';
import type { ObjectRecord } from './model.js';

export type CopyObjectRequest = Parameters<S3Simulator['copyObject']>[0];

function directive(value: string | undefined, name: string): 'COPY' | 'REPLACE' {
  if (value === undefined || value === 'COPY' || value === 'REPLACE') return value ?? 'COPY';
  throw s3Error('InvalidArgument', `Unknown ${name} directive.`, 400);
}

/**
 * A copy onto itself must change something S3 tracks. Taken here as a change: REPLACE metadata, a
 * different storage class, or any SSE header (S3 re-encrypts whenever encryption is requested).
 */
function changesSomething(src: ObjectRecord, req: CopyObjectRequest, metadataDirective: 'COPY' | 'REPLACE'): boolean {
  return (
    metadataDirective === 'REPLACE' ||
    (req.StorageClass !== undefined && req.StorageClass !== src.storageClass) ||
    req.ServerSideEncryption !== undefined ||
    req.SSEKMSKeyId !== undefined
  );
}

export function copyObject(ctx: SimContext, req: CopyObjectRequest): { ETag: string; LastModified: Date; SSEKMSKeyId?: string } {
  const src = objectOf(bucketOf(ctx, req.CopySource.Bucket), req.CopySource.Key);
  const dstBucket = bucketOf(ctx, req.Bucket);
  if (req.CopySourceIfMatch !== undefined && !etagMatches(src.etag, req.CopySourceIfMatch)) throw preconditionFailed();
  const metadataDirective = directive(req.MetadataDirective, 'metadata');
  const taggingDirective = directive(req.TaggingDirective, 'tagging');
  const self = req.CopySource.Bucket === req.Bucket && req.CopySource.Key === req.Key;
  if (self && !changesSomething(src, req, metadataDirective)) {
    throw s3Error(
      'InvalidRequest',
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
      400,
    );
  }
  // S3 decrypts the source (Decrypt on its key) and encrypts the copy (GenerateDataKey).
  checkReadable(ctx, src);
  const storageClass = checkStorageClass(req.StorageClass ?? 'STANDARD');
  const tags = taggingDirective === 'COPY' ? { ...src.tags } : checkTagging(req.Tagging ?? {});
  const enc = encryptionFor(ctx, dstBucket, req);
  const copy: ObjectRecord = {
    key: req.Key,
    body: Buffer.from(src.body),
    contentType: metadataDirective === 'COPY' ? src.contentType : (req.ContentType ?? DEFAULT_CONTENT_TYPE),
    metadata: metadataDirective === 'COPY' ? { ...src.metadata } : normalizeMetadata(req.Metadata),
    storageClass,
    etag: src.etag,
    lastModified: ctx.clock.now(),
    ...enc,
    tags,
  };
  dstBucket.objects.set(copy.key, copy);
  return { ETag: copy.etag, LastModified: new Date(copy.lastModified), ...(copy.kmsKeyArn ? { SSEKMSKeyId: copy.kmsKeyArn } : {}) };
}
