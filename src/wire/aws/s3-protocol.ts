/**
 * S3 REST, path-style (`/bucket/key`): recognises the operation from method, path, subresource
 * query parameters and headers, the way S3 does, and hands it to the bucket or object handlers.
 * Subresources the sandbox does not serve answer 501 NotImplemented rather than being mistaken
 * for a plain GET or PUT of the object.
 */
import type { IncomingMessage } from 'node:http';
import type { S3Simulator } from '../../sim/sim-types.js';
import * as bucketOps from './s3-bucket-ops.js';
import type { S3Call } from './s3-bucket-ops.js';
import { s3Error, s3ErrorFromThrown } from './s3-errors.js';
import { MultipartUploads } from './s3-multipart.js';
import * as objectOps from './s3-object-ops.js';
import type { Reply, Routed } from './types.js';

type Handler = (sim: S3Simulator, c: S3Call, body: Buffer) => Reply | Promise<Reply>;

interface Op {
  op: string;
  mutating: boolean;
  handle: Handler;
}

/** Query parameters that select a subresource (an operation), as opposed to plain options. */
const SUBRESOURCES = [
  'acl', 'accelerate', 'analytics', 'attributes', 'cors', 'delete', 'encryption', 'intelligent-tiering', 'inventory',
  'legal-hold', 'lifecycle', 'location', 'logging', 'metrics', 'notification', 'object-lock', 'ownershipControls',
  'partNumber', 'policy', 'policyStatus', 'publicAccessBlock', 'replication', 'requestPayment', 'restore', 'retention',
  'select', 'tagging', 'torrent', 'uploadId', 'uploads', 'versioning', 'versions', 'website',
] as const;

export class S3Api {
  private readonly multipart: MultipartUploads;

  constructor(private readonly sim: S3Simulator) {
    this.multipart = new MultipartUploads(sim);
  }

  /** Readonly operations draw from the S3Read quota class, the rest from S3Write. */
  static quotaClass(method: string): 'S3Read' | 'S3Write' {
    return method === 'GET' || method === 'HEAD' ? 'S3Read' : 'S3Write';
  }

  route(req: IncomingMessage, url: URL): Routed | Reply {
    let bucket: string;
    let key: string;
    try {
      const path = url.pathname;
      const slash = path.indexOf('/', 1);
      bucket = decodeURIComponent(slash < 0 ? path.slice(1) : path.slice(1, slash));
      key = slash < 0 ? '' : decodeURIComponent(path.slice(slash + 1));
    } catch {
      return s3Error('InvalidURI', 'Could not parse the specified URI', 400);
    }
    const method = req.method ?? 'GET';
    const call: S3Call = { bucket, key, query: url.searchParams, headers: req.headers };
    const spec = this.pick(method, call);
    if ('status' in spec) return spec;
    const resource = key ? `/${bucket}/${key}` : `/${bucket}`;
    const sim = this.sim;
    return {
      service: 's3',
      op: spec.op,
      mutating: spec.mutating,
      async run(body) {
        try {
          return await spec.handle(sim, call, body);
        } catch (err) {
          return s3ErrorFromThrown(err, resource);
        }
      },
    };
  }

  private pick(method: string, c: S3Call): Op | Reply {
    const q = c.query;
    const sub = SUBRESOURCES.filter((s) => q.has(s));
    const has = (s: string) => sub.includes(s as (typeof SUBRESOURCES)[number]);
    const only = (...allowed: string[]) => sub.every((s) => allowed.includes(s));
    const mp = this.multipart;
    const r = (op: string, mutating: boolean, handle: Handler): Op => ({ op, mutating, handle });
    if (c.bucket === '') {
      if (method === 'GET' && sub.length === 0) return r('ListBuckets', false, (s) => bucketOps.listBuckets(s));
    } else if (c.key === '') {
      if (method === 'PUT' && sub.length === 0) return r('CreateBucket', true, bucketOps.createBucket);
      if (method === 'PUT' && has('encryption') && only('encryption')) return r('PutBucketEncryption', true, bucketOps.putBucketEncryption);
      if (method === 'HEAD' && sub.length === 0) return r('HeadBucket', false, bucketOps.headBucket);
      if (method === 'GET' && has('encryption') && only('encryption')) return r('GetBucketEncryption', false, bucketOps.getBucketEncryption);
      if (method === 'GET' && has('location') && only('location')) return r('GetBucketLocation', false, bucketOps.getBucketLocation);
      if (method === 'GET' && sub.length === 0) {
        return q.get('list-type') === '2' ? r('ListObjectsV2', false, bucketOps.listObjectsV2) : r('ListObjects', false, bucketOps.listObjectsV1);
      }
      if (method === 'POST' && has('delete') && only('delete')) return r('DeleteObjects', true, bucketOps.deleteObjects);
    } else {
      const copySource = c.headers['x-amz-copy-source'] !== undefined;
      if (method === 'PUT' && has('tagging') && only('tagging')) return r('PutObjectTagging', true, objectOps.putObjectTagging);
      if (method === 'PUT' && has('partNumber') && has('uploadId') && only('partNumber', 'uploadId')) {
        return copySource ? r('UploadPartCopy', false, (s, call) => mp.uploadPartCopy(call)) : r('UploadPart', false, (s, call, b) => mp.uploadPart(call, b));
      }
      if (method === 'PUT' && sub.length === 0) return copySource ? r('CopyObject', true, objectOps.copyObject) : r('PutObject', true, objectOps.putObject);
      if (method === 'GET' && has('tagging') && only('tagging')) return r('GetObjectTagging', false, objectOps.getObjectTagging);
      if (method === 'GET' && sub.length === 0) return r('GetObject', false, objectOps.getObject);
      if (method === 'HEAD' && sub.length === 0) return r('HeadObject', false, objectOps.headObject);
      if (method === 'DELETE' && has('tagging') && only('tagging')) return r('DeleteObjectTagging', true, objectOps.deleteObjectTagging);
      if (method === 'DELETE' && has('uploadId') && only('uploadId')) return r('AbortMultipartUpload', false, (s, call) => mp.abort(call));
      if (method === 'DELETE' && sub.length === 0) return r('DeleteObject', true, objectOps.deleteObject);
      if (method === 'POST' && has('uploads') && only('uploads')) return r('CreateMultipartUpload', false, (s, call) => mp.create(call));
      if (method === 'POST' && has('uploadId') && only('uploadId')) return r('CompleteMultipartUpload', true, (s, call, b) => mp.complete(call, b));
    }
    const what = sub.length > 0 ? `${method} ?${sub.join('&')}` : method;
    return s3Error('NotImplemented', `The sandbox does not implement ${what} on this resource`, 501);
  }
}
