import { HeadObjectCommand, ListObjectsV2Command, type HeadObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import type { AwsCaller } from './caller.js';
import { isNotFound } from './errors.js';

/**
 * Walks a bucket's current objects: ListObjectsV2 pages of 1,000, with the next page fetched while
 * the current one is handled. S3 lists no encryption attributes, so anything that needs the key of
 * an object costs one HeadObject per object (n/1000 + n requests). For buckets with millions of
 * objects, S3 Inventory (daily/weekly report with encryption status) is the scalable source.
 *
 * Only current versions are seen: in a versioned bucket, noncurrent versions keep the key they were
 * written with.
 */

export interface ListedObject {
  key: string;
  size: number;
}

export async function scanObjects(
  s3: S3Client,
  caller: AwsCaller,
  bucket: string,
  handle: (page: ListedObject[]) => Promise<void>,
  pageSize = 1000,
): Promise<void> {
  const fetchPage = (token: string | undefined) =>
    caller.call('ListObjectsV2', bucket, () => s3.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: pageSize, ...(token ? { ContinuationToken: token } : {}) })));
  let page = await fetchPage(undefined);
  for (;;) {
    const nextToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    const next = nextToken ? fetchPage(nextToken) : undefined;
    next?.catch(() => undefined);
    const objects = (page.Contents ?? []).flatMap((o) => (o.Key !== undefined ? [{ key: o.Key, size: o.Size ?? 0 }] : []));
    await handle(objects);
    if (!next) return;
    page = await next;
  }
}

/** HeadObject; null when the object vanished since it was listed. */
export async function headObject(s3: S3Client, caller: AwsCaller, bucket: string, key: string): Promise<HeadObjectCommandOutput | null> {
  try {
    return await caller.call('HeadObject', `s3://${bucket}/${key}`, () => s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })));
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
}

/** Key ARN/id an object is encrypted under, when it uses SSE-KMS (or DSSE-KMS). */
export function objectKmsKey(head: Pick<HeadObjectCommandOutput, 'ServerSideEncryption' | 'SSEKMSKeyId'>): string | null {
  if (!head.ServerSideEncryption?.startsWith('aws:kms')) return null;
  return head.SSEKMSKeyId ?? null;
}
