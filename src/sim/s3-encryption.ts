/** Which encryption an S3 write gets: the request's SSE headers, else the bucket default. */
import { s3Error } from './errors.js';
import { SSE_ALGORITHMS } from './s3-buckets.js';
import { usableKeyArn } from './s3-kms.js';
import type { SimContext } from './context.js';
import type { BucketRecord, ObjectRecord } from './model.js';

export interface SseRequest {
  ServerSideEncryption?: string;
  SSEKMSKeyId?: string;
  BucketKeyEnabled?: boolean;
}

export type Encryption = Pick<ObjectRecord, 'serverSideEncryption' | 'kmsKeyArn' | 'bucketKeyEnabled'>;

const noManagedKey = () =>
  s3Error('InvalidArgument', 'The local simulator has no AWS managed key (aws/s3): name a customer managed key with SSEKMSKeyId or the bucket default.', 400);

/**
 * SSE-KMS writes resolve the key (alias forms included) and require it Enabled, as S3 calls
 * GenerateDataKey; the object then records the key ARN. Without SSE-KMS, S3 applies SSE-S3.
 */
export function encryptionFor(ctx: SimContext, bucket: BucketRecord, req: SseRequest): Encryption {
  const sse = req.ServerSideEncryption;
  if (sse !== undefined && !(SSE_ALGORITHMS as readonly string[]).includes(sse)) {
    throw s3Error('InvalidArgument', `Invalid value for x-amz-server-side-encryption: ${sse}`, 400);
  }
  if (req.SSEKMSKeyId !== undefined && (sse === undefined || sse === 'AES256')) {
    throw s3Error('InvalidArgument', 'Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms', 400);
  }
  const def = bucket.encryption;
  const useDefault = sse === undefined;
  const algorithm = useDefault ? (def?.sseAlgorithm ?? 'AES256') : sse;
  if (algorithm === 'AES256') return { serverSideEncryption: 'AES256', bucketKeyEnabled: false };
  const keyRef = req.SSEKMSKeyId ?? (def && def.sseAlgorithm !== 'AES256' ? def.kmsMasterKeyId : undefined);
  if (keyRef === undefined) throw noManagedKey();
  return {
    serverSideEncryption: 'aws:kms',
    kmsKeyArn: usableKeyArn(ctx, keyRef, 'GenerateDataKey'),
    bucketKeyEnabled: req.BucketKeyEnabled ?? (def?.bucketKeyEnabled ?? false),
  };
}
