import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  GetObjectTaggingCommand,
  UploadPartCopyCommand,
  type HeadObjectCommandOutput,
  type S3Client,
  type StorageClass,
} from '@aws-sdk/client-s3';
import { ProviderError } from '../port.js';
import { keyIdOf } from './arn.js';
import type { AwsCaller } from './caller.js';
import { MAX_SINGLE_COPY_BYTES, planCopyRanges, rangeHeader } from './copy-ranges.js';
import { headObject, objectKmsKey, scanObjects } from './object-scan.js';

/**
 * In-place re-encryption of S3 objects under a new KMS key.
 *
 * Chosen approach: CopyObject onto itself with SSE-KMS headers (multipart copy above 5 GB).
 * S3 also has a newer `UpdateObjectEncryption` operation (present in @aws-sdk/client-s3 as
 * UpdateObjectEncryptionCommand) that re-wraps the object's data key without moving data and keeps
 * ETag, LastModified, storage class and checksums, and does not restore archived objects. It is the
 * better tool on real S3 at scale, but it is restricted to general-purpose buckets, to keys owned
 * by the bucket owner's account, needs the extra `s3:UpdateObjectEncryption` + `kms:ReEncrypt*`
 * permissions, and is not implemented by emulators (nor by the project's sandbox). The copy works
 * everywhere, so it is what this adapter does; switching is a local change in `rewriteObject`.
 *
 * What the copy preserves, and how:
 * - user metadata, Content-Type and the other system headers: MetadataDirective COPY;
 * - tags: TaggingDirective COPY (multipart: read with GetObjectTagging, only when TagCount > 0);
 * - storage class: sent explicitly, because a copy without `x-amz-storage-class` lands in STANDARD;
 * - consistency: CopySourceIfMatch = the ETag just read; if the object changed meanwhile, S3 answers
 *   412 and the object is read again and re-evaluated.
 * Not preserved: ACLs (irrelevant with the default BucketOwnerEnforced ownership), LastModified and,
 * in versioned buckets, noncurrent versions stay under their old key.
 */

export interface ReencryptTarget {
  keyId: string;
  arn: string;
  bucketKey: boolean;
}

export interface ReencryptDeps {
  s3: S3Client;
  caller: AwsCaller;
  /** Objects above this size use multipart copy (tests lower it). */
  multipartThreshold?: number;
  /** Preferred part size for multipart copy (tests lower it). */
  partBytes?: number;
  /** ListObjectsV2 page size (S3's maximum, 1,000, unless a test lowers it). */
  listPageSize?: number;
}

export type ObjectOutcome = 'rewritten' | 'skipped' | 'gone';

const MAX_ETAG_RACES = 5;

export async function reencryptBucket(deps: ReencryptDeps, bucket: string, target: ReencryptTarget, onProgress?: (done: number) => void): Promise<number> {
  let rewritten = 0;
  const failures: ProviderError[] = [];
  // One object's failure does not stop the others; a rerun picks up whatever is left.
  await scanObjects(deps.s3, deps.caller, bucket, async (objects) => {
    await Promise.all(
      objects.map(async ({ key }) => {
        try {
          if ((await reencryptObject(deps, bucket, key, target)) === 'rewritten') {
            rewritten += 1;
            onProgress?.(rewritten);
          }
        } catch (err) {
          failures.push(err instanceof ProviderError ? err : deps.caller.mapError(err, 'CopyObject', `s3://${bucket}/${key}`));
        }
      }),
    );
  }, deps.listPageSize);
  const first = failures[0];
  if (first) {
    throw new ProviderError(first.code, first.providerCode, `re-encryption of s3://${bucket}: ${failures.length} object(s) failed, ${rewritten} rewritten; first: ${first.message}`, first.retryable);
  }
  return rewritten;
}

export async function reencryptObject(deps: ReencryptDeps, bucket: string, key: string, target: ReencryptTarget): Promise<ObjectOutcome> {
  for (let race = 0; race < MAX_ETAG_RACES; race++) {
    const head = await headObject(deps.s3, deps.caller, bucket, key);
    if (!head) return 'gone';
    // Only SSE-KMS objects under another key are moved: SSE-S3 or unencrypted objects were never
    // under a managed key, and the plan counted only objects per KMS key.
    const current = objectKmsKey(head);
    if (current === null || keyIdOf(current) === target.keyId) return 'skipped';
    try {
      await rewriteObject(deps, bucket, key, head, target);
      return 'rewritten';
    } catch (err) {
      // 412: the object changed after we read it; read it again rather than clobber a new write.
      if (err instanceof ProviderError && err.providerCode === 'PreconditionFailed') continue;
      throw err;
    }
  }
  throw new ProviderError('provider.unavailable', 'PreconditionFailed', `s3://${bucket}/${key} kept changing during re-encryption`, true);
}

function copySource(bucket: string, key: string): string {
  return `${bucket}/${encodeURIComponent(key).replace(/%2F/g, '/')}`;
}

async function rewriteObject(deps: ReencryptDeps, bucket: string, key: string, head: HeadObjectCommandOutput, target: ReencryptTarget): Promise<void> {
  const size = head.ContentLength ?? 0;
  if (size > (deps.multipartThreshold ?? MAX_SINGLE_COPY_BYTES)) {
    await multipartRewrite(deps, bucket, key, head, target);
    return;
  }
  const where = `s3://${bucket}/${key}`;
  await deps.caller.call('CopyObject', where, () =>
    deps.s3.send(
      new CopyObjectCommand({
        Bucket: bucket,
        Key: key,
        CopySource: copySource(bucket, key),
        ...(head.ETag ? { CopySourceIfMatch: head.ETag } : {}),
        MetadataDirective: 'COPY',
        TaggingDirective: 'COPY',
        // HeadObject omits the header for STANDARD; sending STANDARD then is the same thing.
        StorageClass: (head.StorageClass ?? 'STANDARD') as StorageClass,
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: target.arn,
        BucketKeyEnabled: target.bucketKey,
      }),
    ),
  );
}

/**
 * Multipart copy: a new upload carries everything CopyObject's COPY directives would have copied
 * (metadata, system headers, tags, storage class) plus the SSE-KMS headers; every part is a ranged
 * UploadPartCopy pinned to the ETag read. Any failure aborts the upload so no parts linger.
 */
async function multipartRewrite(deps: ReencryptDeps, bucket: string, key: string, head: HeadObjectCommandOutput, target: ReencryptTarget): Promise<void> {
  const { s3, caller } = deps;
  const where = `s3://${bucket}/${key}`;
  let tagging: string | undefined;
  if ((head.TagCount ?? 0) > 0) {
    const tags = await caller.call('GetObjectTagging', where, () => s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key })));
    tagging = new URLSearchParams((tags.TagSet ?? []).map((t): [string, string] => [t.Key ?? '', t.Value ?? ''])).toString();
  }
  const created = await caller.call('CreateMultipartUpload', where, () =>
    s3.send(
      new CreateMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: target.arn,
        BucketKeyEnabled: target.bucketKey,
        StorageClass: (head.StorageClass ?? 'STANDARD') as StorageClass,
        ...(head.Metadata ? { Metadata: head.Metadata } : {}),
        ...(head.ContentType ? { ContentType: head.ContentType } : {}),
        ...(head.CacheControl ? { CacheControl: head.CacheControl } : {}),
        ...(head.ContentDisposition ? { ContentDisposition: head.ContentDisposition } : {}),
        ...(head.ContentEncoding ? { ContentEncoding: head.ContentEncoding } : {}),
        ...(head.ContentLanguage ? { ContentLanguage: head.ContentLanguage } : {}),
        ...(head.WebsiteRedirectLocation ? { WebsiteRedirectLocation: head.WebsiteRedirectLocation } : {}),
        ...(tagging ? { Tagging: tagging } : {}),
      }),
    ),
  );
  const uploadId = created.UploadId;
  if (!uploadId) throw new ProviderError('internal', 'MalformedResponse', `CreateMultipartUpload ${where} returned no UploadId`);
  try {
    const ranges = planCopyRanges(head.ContentLength ?? 0, deps.partBytes);
    const parts = await Promise.all(
      ranges.map(async (range) => {
        const out = await caller.call('UploadPartCopy', where, () =>
          s3.send(
            new UploadPartCopyCommand({
              Bucket: bucket,
              Key: key,
              UploadId: uploadId,
              PartNumber: range.partNumber,
              CopySource: copySource(bucket, key),
              CopySourceRange: rangeHeader(range),
              ...(head.ETag ? { CopySourceIfMatch: head.ETag } : {}),
            }),
          ),
        );
        return { PartNumber: range.partNumber, ETag: out.CopyPartResult?.ETag };
      }),
    );
    await caller.call('CompleteMultipartUpload', where, () =>
      s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: parts } })),
    );
  } catch (err) {
    await caller
      .call('AbortMultipartUpload', where, () => s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId })))
      .catch(() => undefined);
    throw err;
  }
}
