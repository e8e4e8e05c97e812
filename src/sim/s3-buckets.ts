/** CreateBucket, ListBuckets, HeadBucket, Put/GetBucketEncryption. */
import { s3Error } from './errors.js';
import type { SimContext } from './context.js';
import type { BucketRecord } from './model.js';

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
export const SSE_ALGORITHMS = ['AES256', 'aws:kms', 'aws:kms:dsse'] as const;

export function bucketOf(ctx: SimContext, name: string): BucketRecord {
  const b = ctx.model.buckets.get(name);
  if (!b) throw s3Error('NoSuchBucket', 'The specified bucket does not exist', 404);
  return b;
}

export function createBucket(ctx: SimContext, req: { Bucket: string }): void {
  const name = req.Bucket;
  if (typeof name !== 'string' || !BUCKET_NAME.test(name) || name.includes('..') || /^\d+\.\d+\.\d+\.\d+$/.test(name)) {
    throw s3Error('InvalidBucketName', 'The specified bucket is not valid.', 400);
  }
  if (ctx.model.buckets.has(name)) {
    throw s3Error('BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.', 409);
  }
  ctx.model.buckets.set(name, { name, createdAt: ctx.clock.now(), encryption: null, objects: new Map() });
}

export function listBuckets(ctx: SimContext): { Buckets: { Name: string; CreationDate: Date }[] } {
  const names = [...ctx.model.buckets.keys()].sort();
  return { Buckets: names.map((n) => ({ Name: n, CreationDate: new Date(ctx.model.buckets.get(n)!.createdAt) })) };
}

/** S3 does not check the key id here (general-purpose buckets); writes fail later if it is unusable. */
export function putBucketEncryption(
  ctx: SimContext,
  req: { Bucket: string; SSEAlgorithm: string; KMSMasterKeyID?: string; BucketKeyEnabled?: boolean },
): void {
  const b = bucketOf(ctx, req.Bucket);
  if (!(SSE_ALGORITHMS as readonly string[]).includes(req.SSEAlgorithm)) {
    throw s3Error('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
  }
  if (req.KMSMasterKeyID !== undefined && req.SSEAlgorithm === 'AES256') {
    throw s3Error('InvalidArgument', 'a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse', 400);
  }
  b.encryption = {
    sseAlgorithm: req.SSEAlgorithm,
    ...(req.KMSMasterKeyID !== undefined ? { kmsMasterKeyId: req.KMSMasterKeyID } : {}),
    bucketKeyEnabled: req.BucketKeyEnabled ?? false,
  };
}

/**
 * Follows the simulator contract: ServerSideEncryptionConfigurationNotFoundError when none was set.
 * (Real S3 now reports an SSE-S3 AES256 default for every bucket instead.)
 */
export function getBucketEncryption(ctx: SimContext, req: { Bucket: string }) {
  const b = bucketOf(ctx, req.Bucket);
  if (!b.encryption) {
    throw s3Error('ServerSideEncryptionConfigurationNotFoundError', 'The server side encryption configuration was not found', 404);
  }
  const e = b.encryption;
  return { SSEAlgorithm: e.sseAlgorithm, ...(e.kmsMasterKeyId !== undefined ? { KMSMasterKeyID: e.kmsMasterKeyId } : {}), BucketKeyEnabled: e.bucketKeyEnabled };
}
