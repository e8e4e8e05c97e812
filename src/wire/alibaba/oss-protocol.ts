/**
 * OSS REST, path-style (`/bucket/object`, as ali-oss sends with `sldEnable: true`): the
 * operation is told from method, path, subresource parameters and `x-oss-copy-source`.
 * Subresources the sandbox does not serve answer 501 NotImplemented instead of being taken for
 * a plain GET or PUT of the object.
 */
import type { IncomingMessage } from 'node:http';
import type { LocalSimulator } from '../../sim/simulator.js';
import * as buckets from './oss-buckets.js';
import type { OssCall } from './oss-buckets.js';
import { header } from './oss-headers.js';
import { OssMultipart } from './oss-multipart.js';
import * as objects from './oss-objects.js';
import { OssFail } from './oss-reply.js';
import type { WireReply } from './types.js';

export interface OssRouted {
  op: string;
  mutating: boolean;
  /** Quota class. */
  quotaClass: 'OSSRead' | 'OSSWrite';
  call: OssCall;
  /** The `/bucket/object` the signature covers. */
  resourcePath: string;
  run(body: Buffer): WireReply;
}

const SERVED = new Set(['encryption', 'bucketInfo', 'tagging', 'uploads', 'uploadId', 'partNumber', 'objectMeta', 'list-type', 'prefix', 'max-keys', 'continuation-token', 'marker', 'start-after', 'delimiter', 'encoding-type', 'fetch-owner']);
const KNOWN_SUBRESOURCES = new Set(['acl', 'cors', 'logging', 'website', 'referer', 'lifecycle', 'delete', 'append', 'symlink', 'restore', 'policy', 'versioning', 'versions', 'replication', 'inventory', 'worm', 'stat', 'location', 'requestPayment']);

export class OssApi {
  private readonly multipart: OssMultipart;
  constructor(private readonly sim: LocalSimulator) {
    this.multipart = new OssMultipart(sim);
  }

  route(req: IncomingMessage, url: URL): OssRouted {
    const path = url.pathname;
    const slash = path.indexOf('/', 1);
    let bucket: string;
    let key: string;
    try {
      bucket = decodeURIComponent(slash < 0 ? path.slice(1) : path.slice(1, slash));
      key = slash < 0 ? '' : decodeURIComponent(path.slice(slash + 1));
    } catch {
      throw new OssFail('InvalidURI', 'Could not parse the specified URI.', 400);
    }
    const q = url.searchParams;
    for (const name of q.keys()) {
      if (KNOWN_SUBRESOURCES.has(name) && !SERVED.has(name)) throw new OssFail('NotImplemented', `The sandbox does not serve the ${name} subresource.`, 501);
    }
    const call: OssCall = { bucket, key, query: q, headers: req.headers };
    const resourcePath = bucket === '' ? '/' : `/${bucket}/${key}`;
    const method = req.method ?? 'GET';
    const spec = this.pick(method, call);
    const read = method === 'GET' || method === 'HEAD';
    return { ...spec, quotaClass: read ? 'OSSRead' : 'OSSWrite', call, resourcePath };
  }

  private pick(method: string, c: OssCall): { op: string; mutating: boolean; run(body: Buffer): WireReply } {
    const sim = this.sim;
    const q = c.query;
    const op = (name: string, mutating: boolean, run: (body: Buffer) => WireReply) => ({ op: name, mutating, run });
    if (c.bucket === '') {
      if (method === 'GET') return op('ListBuckets', false, () => buckets.listBuckets(sim));
      throw new OssFail('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405);
    }
    if (c.key === '') {
      if (q.has('encryption')) {
        if (method === 'PUT') return op('PutBucketEncryption', true, (b) => buckets.putBucketEncryption(sim, c, b));
        if (method === 'GET') return op('GetBucketEncryption', false, () => buckets.getBucketEncryption(sim, c));
      }
      if (q.has('bucketInfo') && method === 'GET') return op('GetBucketInfo', false, () => buckets.getBucketInfo(sim, c));
      if (method === 'PUT') return op('PutBucket', true, () => buckets.putBucket(sim, c));
      if (method === 'GET') return op(q.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects', false, () => buckets.listObjects(sim, c));
      throw new OssFail('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405);
    }
    const copySource = header(c.headers, 'x-oss-copy-source');
    if (q.has('uploads') && method === 'POST') return op('InitiateMultipartUpload', false, () => this.multipart.initiate(c));
    if (q.has('uploadId')) {
      if (method === 'PUT' && q.has('partNumber')) {
        return copySource !== undefined ? op('UploadPartCopy', false, () => this.multipart.uploadPartCopy(c)) : op('UploadPart', false, (b) => this.multipart.uploadPart(c, b));
      }
      if (method === 'POST') return op('CompleteMultipartUpload', true, (b) => this.multipart.complete(c, b));
      if (method === 'DELETE') return op('AbortMultipartUpload', false, () => this.multipart.abort(c));
    }
    if (q.has('tagging')) {
      if (method === 'GET') return op('GetObjectTagging', false, () => objects.getObjectTagging(sim, c));
      if (method === 'PUT') return op('PutObjectTagging', true, (b) => objects.putObjectTagging(sim, c, b));
    }
    if (q.has('objectMeta') && (method === 'GET' || method === 'HEAD')) return op('GetObjectMeta', false, () => objects.headObject(sim, c));
    switch (method) {
      case 'PUT':
        return copySource !== undefined ? op('CopyObject', true, () => objects.copyObject(sim, c)) : op('PutObject', true, (b) => objects.putObject(sim, c, b));
      case 'GET':
        return op('GetObject', false, () => objects.getObject(sim, c));
      case 'HEAD':
        return op('HeadObject', false, () => objects.headObject(sim, c));
      case 'DELETE':
        return op('DeleteObject', true, () => objects.deleteObject(sim, c));
      default:
        throw new OssFail('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405);
    }
  }
}
