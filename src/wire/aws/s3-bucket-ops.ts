/** S3 bucket-level operations: create/head/list buckets, default encryption, object listings. */
import type { S3Simulator } from '../../sim/sim-types.js';
import { S3Fail, requestIds } from './s3-errors.js';
import { quoteEtag } from './s3-headers.js';
import { child, childText, childrenNamed, parseXml, raw, tag, xmlDocument } from './s3-xml.js';
import type { Reply } from './types.js';

export interface S3Call {
  bucket: string;
  key: string;
  query: URLSearchParams;
  headers: import('node:http').IncomingHttpHeaders;
}

export function xmlReply(root: string, inner: string, status = 200, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': 'application/xml', ...requestIds(), ...headers }, body: xmlDocument(root, inner) };
}

export function emptyReply(status = 200, headers: Record<string, string> = {}): Reply {
  return { status, headers: { ...requestIds(), ...headers }, body: '' };
}

export function listBuckets(sim: S3Simulator): Reply {
  const buckets = sim.listBuckets().Buckets.map((b) => raw('Bucket', tag('Name', b.Name) + tag('CreationDate', b.CreationDate.toISOString()))).join('');
  return xmlReply('ListAllMyBucketsResult', raw('Owner', tag('ID', 'sandbox') + tag('DisplayName', 'sandbox')) + raw('Buckets', buckets));
}

export function createBucket(sim: S3Simulator, c: S3Call): Reply {
  sim.createBucket({ Bucket: c.bucket });
  return emptyReply(200, { location: `/${c.bucket}` });
}

export function headBucket(sim: S3Simulator, c: S3Call): Reply {
  sim.headBucket({ Bucket: c.bucket });
  return emptyReply(200, { 'x-amz-bucket-region': 'us-east-1' });
}

export function getBucketLocation(sim: S3Simulator, c: S3Call): Reply {
  sim.headBucket({ Bucket: c.bucket });
  // us-east-1 is spelled as an empty LocationConstraint.
  return xmlReply('LocationConstraint', '');
}

export function putBucketEncryption(sim: S3Simulator, c: S3Call, body: Buffer): Reply {
  const root = parseXml(body.toString('utf8'));
  const rule = root.name === 'ServerSideEncryptionConfiguration' ? child(root, 'Rule') : undefined;
  const def = rule ? child(rule, 'ApplyServerSideEncryptionByDefault') : undefined;
  const alg = childText(def, 'SSEAlgorithm');
  if (!rule || !def || alg === undefined) {
    throw new S3Fail('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
  }
  const keyId = childText(def, 'KMSMasterKeyID');
  const bucketKey = childText(rule, 'BucketKeyEnabled');
  sim.putBucketEncryption({
    Bucket: c.bucket,
    SSEAlgorithm: alg,
    ...(keyId !== undefined ? { KMSMasterKeyID: keyId } : {}),
    ...(bucketKey !== undefined ? { BucketKeyEnabled: bucketKey.trim() === 'true' } : {}),
  });
  return emptyReply(200);
}

export function getBucketEncryption(sim: S3Simulator, c: S3Call): Reply {
  const enc = sim.getBucketEncryption({ Bucket: c.bucket });
  const byDefault = raw('ApplyServerSideEncryptionByDefault', tag('SSEAlgorithm', enc.SSEAlgorithm) + tag('KMSMasterKeyID', enc.KMSMasterKeyID));
  return xmlReply('ServerSideEncryptionConfiguration', raw('Rule', byDefault + tag('BucketKeyEnabled', enc.BucketKeyEnabled)));
}

function maxKeys(q: URLSearchParams): number {
  const v = q.get('max-keys');
  if (v === null) return 1000;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new S3Fail('InvalidArgument', 'Provided max-keys not an integer or within integer range', 400);
  return Math.min(n, 1000);
}

function refuseDelimiter(q: URLSearchParams): void {
  if (q.get('delimiter')) throw new S3Fail('NotImplemented', 'The sandbox does not support delimiter listings (CommonPrefixes)', 501);
}

/** With `encoding-type=url` (the AWS CLI's default) keys are URL-encoded in the answer. */
function encoder(q: URLSearchParams): (s: string) => string {
  return q.get('encoding-type') === 'url' ? (s) => encodeURIComponent(s).replace(/%2F/g, '/') : (s) => s;
}

function contents(items: ReturnType<S3Simulator['listObjectsV2']>['Contents'], enc: (s: string) => string): string {
  return items
    .map((o) =>
      raw(
        'Contents',
        tag('Key', enc(o.Key)) + tag('LastModified', o.LastModified.toISOString()) + tag('ETag', quoteEtag(o.ETag)) + tag('Size', o.Size) + tag('StorageClass', o.StorageClass || 'STANDARD'),
      ),
    )
    .join('');
}

export function listObjectsV2(sim: S3Simulator, c: S3Call): Reply {
  refuseDelimiter(c.query);
  const q = c.query;
  const enc = encoder(q);
  const prefix = q.get('prefix') ?? undefined;
  const token = q.get('continuation-token') ?? undefined;
  const startAfter = q.get('start-after') ?? undefined;
  const max = maxKeys(q);
  const page = sim.listObjectsV2({ Bucket: c.bucket, Prefix: prefix, ContinuationToken: token, MaxKeys: max, StartAfter: startAfter });
  const inner =
    tag('Name', c.bucket) +
    tag('Prefix', enc(prefix ?? '')) +
    tag('KeyCount', page.KeyCount) +
    tag('MaxKeys', max) +
    tag('IsTruncated', page.IsTruncated) +
    (q.get('encoding-type') === 'url' ? tag('EncodingType', 'url') : '') +
    tag('ContinuationToken', token) +
    tag('NextContinuationToken', page.IsTruncated ? page.NextContinuationToken : undefined) +
    tag('StartAfter', startAfter === undefined ? undefined : enc(startAfter)) +
    contents(page.Contents, enc);
  return xmlReply('ListBucketResult', inner);
}

/** ListObjects (v1): `marker` maps onto the simulator's StartAfter; NextMarker is always given. */
export function listObjectsV1(sim: S3Simulator, c: S3Call): Reply {
  refuseDelimiter(c.query);
  const q = c.query;
  const enc = encoder(q);
  const prefix = q.get('prefix') ?? undefined;
  const marker = q.get('marker') ?? undefined;
  const max = maxKeys(q);
  const page = sim.listObjectsV2({ Bucket: c.bucket, Prefix: prefix, MaxKeys: max, StartAfter: marker });
  const last = page.Contents[page.Contents.length - 1];
  const inner =
    tag('Name', c.bucket) +
    tag('Prefix', enc(prefix ?? '')) +
    tag('Marker', enc(marker ?? '')) +
    tag('MaxKeys', max) +
    tag('IsTruncated', page.IsTruncated) +
    (q.get('encoding-type') === 'url' ? tag('EncodingType', 'url') : '') +
    tag('NextMarker', page.IsTruncated && last ? enc(last.Key) : undefined) +
    contents(page.Contents, enc);
  return xmlReply('ListBucketResult', inner);
}

/** DeleteObjects (`POST /bucket?delete`): per-key results; `Quiet` lists only the failures. */
export function deleteObjects(sim: S3Simulator, c: S3Call, body: Buffer): Reply {
  const root = parseXml(body.toString('utf8'));
  if (root.name !== 'Delete') throw new S3Fail('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
  sim.headBucket({ Bucket: c.bucket });
  const quiet = childText(root, 'Quiet')?.trim() === 'true';
  let out = '';
  for (const o of childrenNamed(root, 'Object')) {
    const key = childText(o, 'Key') ?? '';
    try {
      sim.deleteObject({ Bucket: c.bucket, Key: key });
      if (!quiet) out += raw('Deleted', tag('Key', key));
    } catch (err) {
      const e = err as { awsCode?: string; message?: string };
      // S3 reports deleting an absent key as a success.
      if (e.awsCode === 'NoSuchKey') {
        if (!quiet) out += raw('Deleted', tag('Key', key));
        continue;
      }
      out += raw('Error', tag('Key', key) + tag('Code', e.awsCode ?? 'InternalError') + tag('Message', e.message ?? 'error'));
    }
  }
  return xmlReply('DeleteResult', out);
}
