/** OSS bucket operations: PutBucket, ListBuckets, GetBucketInfo, Put/Get/DeleteBucketEncryption, ListObjects (V1 and V2). */
import type { IncomingHttpHeaders } from 'node:http';
import type { LocalSimulator } from '../../sim/simulator.js';
import { childText, child, parseXml, raw, tag } from '../aws/s3-xml.js';
import { storageOut } from './oss-headers.js';
import { OssFail, ossEmpty, ossXml } from './oss-reply.js';
import type { WireReply } from './types.js';

export interface OssCall {
  bucket: string;
  key: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
}

export function putBucket(sim: LocalSimulator, c: OssCall): WireReply {
  sim.createBucket({ Bucket: c.bucket });
  return ossEmpty(200, { location: `/${c.bucket}` });
}

export function listBuckets(sim: LocalSimulator): WireReply {
  const inner = sim
    .listBuckets()
    .Buckets.map((b) => raw('Bucket', tag('Name', b.Name) + tag('CreationDate', b.CreationDate.toISOString()) + tag('Location', `oss-${sim.region}`) + tag('Region', sim.region) + tag('StorageClass', 'Standard')))
    .join('');
  return ossXml('ListAllMyBucketsResult', raw('Owner', tag('ID', sim.accountId) + tag('DisplayName', sim.accountId)) + raw('Buckets', inner));
}

export function getBucketInfo(sim: LocalSimulator, c: OssCall): WireReply {
  sim.headBucket({ Bucket: c.bucket });
  const created = sim.listBuckets().Buckets.find((b) => b.Name === c.bucket)!.CreationDate;
  const enc = encryptionOf(sim, c.bucket);
  const sse = raw('ServerSideEncryptionRule', tag('SSEAlgorithm', enc?.alg ?? 'None') + tag('KMSMasterKeyID', enc?.keyId));
  return ossXml('BucketInfo', raw('Bucket', tag('Name', c.bucket) + tag('CreationDate', created.toISOString()) + tag('Location', `oss-${sim.region}`) + tag('StorageClass', 'Standard') + sse));
}

function encryptionOf(sim: LocalSimulator, bucket: string): { alg: string; keyId?: string } | null {
  try {
    const e = sim.getBucketEncryption({ Bucket: bucket });
    return { alg: e.SSEAlgorithm === 'aws:kms' ? 'KMS' : e.SSEAlgorithm, ...(e.KMSMasterKeyID !== undefined ? { keyId: e.KMSMasterKeyID } : {}) };
  } catch (e) {
    if ((e as { awsCode?: string }).awsCode === 'ServerSideEncryptionConfigurationNotFoundError') return null;
    throw e;
  }
}

export function putBucketEncryption(sim: LocalSimulator, c: OssCall, body: Buffer): WireReply {
  const root = parseXml(body.toString('utf8'));
  const def = root.name === 'ServerSideEncryptionRule' ? child(root, 'ApplyServerSideEncryptionByDefault') : undefined;
  const alg = childText(def, 'SSEAlgorithm');
  if (alg !== 'KMS' && alg !== 'AES256') {
    throw new OssFail('InvalidArgument', `SSEAlgorithm must be KMS or AES256 in the sandbox, not ${alg ?? 'missing'}.`, 400);
  }
  const keyId = childText(def, 'KMSMasterKeyID');
  if (keyId !== undefined && keyId !== '' && alg !== 'KMS') throw new OssFail('InvalidArgument', 'KMSMasterKeyID applies only when SSEAlgorithm is KMS.', 400);
  sim.putBucketEncryption({ Bucket: c.bucket, SSEAlgorithm: alg === 'KMS' ? 'aws:kms' : 'AES256', ...(keyId ? { KMSMasterKeyID: keyId } : {}) });
  return ossEmpty(200);
}

export function getBucketEncryption(sim: LocalSimulator, c: OssCall): WireReply {
  sim.headBucket({ Bucket: c.bucket });
  const e = encryptionOf(sim, c.bucket);
  if (!e) throw new OssFail('NoSuchServerSideEncryptionRule', 'The server side encryption rule does not exist.', 404);
  return ossXml('ServerSideEncryptionRule', raw('ApplyServerSideEncryptionByDefault', tag('SSEAlgorithm', e.alg) + tag('KMSMasterKeyID', e.keyId)));
}

function contents(items: { Key: string; Size: number; ETag: string; LastModified: Date; StorageClass: string }[]): string {
  return items
    .map((o) => raw('Contents', tag('Key', o.Key) + tag('LastModified', o.LastModified.toISOString()) + tag('ETag', o.ETag.toUpperCase()) + tag('Type', 'Normal') + tag('Size', o.Size) + tag('StorageClass', storageOut(o.StorageClass))))
    .join('');
}

function maxKeys(c: OssCall): number {
  const raw = c.query.get('max-keys');
  const n = raw === null ? 100 : Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new OssFail('InvalidArgument', 'max-keys must be an integer from 1 to 1000.', 400);
  return n;
}

/** ListObjectsV2 (`list-type=2`, continuation-token) and ListObjects (`marker`). */
export function listObjects(sim: LocalSimulator, c: OssCall): WireReply {
  const v2 = c.query.get('list-type') === '2';
  const prefix = c.query.get('prefix') ?? '';
  const max = maxKeys(c);
  const token = c.query.get('continuation-token') ?? undefined;
  const after = v2 ? (c.query.get('start-after') ?? undefined) : (c.query.get('marker') ?? undefined);
  const r = sim.listObjectsV2({ Bucket: c.bucket, Prefix: prefix, MaxKeys: max, ...(token ? { ContinuationToken: token } : {}), ...(after ? { StartAfter: after } : {}) });
  const last = r.Contents[r.Contents.length - 1];
  const head = tag('Name', c.bucket) + tag('Prefix', prefix) + tag('MaxKeys', max) + tag('IsTruncated', r.IsTruncated);
  if (v2) {
    return ossXml('ListBucketResult', head + tag('KeyCount', r.KeyCount) + tag('NextContinuationToken', r.NextContinuationToken) + contents(r.Contents));
  }
  const next = r.IsTruncated && last ? last.Key : undefined;
  return ossXml('ListBucketResult', head + tag('Marker', after ?? '') + tag('NextMarker', next) + contents(r.Contents));
}

