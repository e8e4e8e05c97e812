/** OSS object operations: Put/Get/Head/Delete, GetObjectMeta, CopyObject, Get/PutObjectTagging. */
import type { LocalSimulator } from '../../sim/simulator.js';
import { childrenNamed, childText, parseXml, raw, tag } from '../aws/s3-xml.js';
import type { OssCall } from './oss-buckets.js';
import { header, metadataIn, objectHeadersOut, sseIn, sseOut, storageIn, taggingIn } from './oss-headers.js';
import { OssFail, ossEmpty, ossXml } from './oss-reply.js';
import type { WireReply } from './types.js';

function tagCount(sim: LocalSimulator, c: OssCall): number {
  return sim.getObjectTagging({ Bucket: c.bucket, Key: c.key }).TagSet.length;
}

export function putObject(sim: LocalSimulator, c: OssCall, body: Buffer): WireReply {
  const h = c.headers;
  const storage = storageIn(header(h, 'x-oss-storage-class'));
  const tagging = taggingIn(h);
  const res = sim.putObject({
    Bucket: c.bucket,
    Key: c.key,
    Body: body,
    ...(header(h, 'content-type') !== undefined ? { ContentType: header(h, 'content-type')! } : {}),
    Metadata: metadataIn(h),
    ...(storage !== undefined ? { StorageClass: storage } : {}),
    ...(tagging !== undefined ? { Tagging: tagging } : {}),
    ...sseIn(h),
  });
  return ossEmpty(200, { etag: res.ETag.toUpperCase(), ...sseOut(res) });
}

/** Reading decrypts: it fails as OSS does when the object's KMS key is not Enabled. */
export function getObject(sim: LocalSimulator, c: OssCall): WireReply {
  const o = sim.getObject({ Bucket: c.bucket, Key: c.key });
  return { status: 200, headers: { ...objectHeadersOut(o, tagCount(sim, c)), 'x-oss-request-id': 'sandbox' }, body: o.Body };
}

/** HEAD and GetObjectMeta read metadata only, whatever the key's state. */
export function headObject(sim: LocalSimulator, c: OssCall): WireReply {
  const head = sim.headObject({ Bucket: c.bucket, Key: c.key });
  return ossEmpty(200, objectHeadersOut(head, tagCount(sim, c)));
}

export function deleteObject(sim: LocalSimulator, c: OssCall): WireReply {
  sim.deleteObject({ Bucket: c.bucket, Key: c.key });
  return ossEmpty(204);
}

/** `/bucket/key` with the key percent-encoded, as ali-oss sends it. */
export function parseCopySource(value: string | undefined): { Bucket: string; Key: string } {
  const m = value === undefined ? null : /^\/([^/]+)\/(.+)$/.exec(value);
  if (!m) throw new OssFail('InvalidArgument', 'x-oss-copy-source must be /<bucket>/<object>.', 400);
  let key: string;
  try {
    key = decodeURIComponent(m[2]!.split('?')[0]!);
  } catch {
    throw new OssFail('InvalidArgument', 'x-oss-copy-source is not correctly percent-encoded.', 400);
  }
  return { Bucket: m[1]!, Key: key };
}

function directive(value: string | undefined, name: string): 'COPY' | 'REPLACE' | undefined {
  if (value === undefined) return undefined;
  const v = value.toUpperCase();
  if (v === 'COPY' || v === 'REPLACE') return v;
  throw new OssFail('InvalidArgument', `${name} must be COPY or REPLACE.`, 400);
}

/**
 * CopyObject. The copy takes the request's storage class, else Standard (so an in-place
 * re-encryption passes the object's class on); metadata and tags are copied unless the
 * directives say REPLACE; SSE headers re-encrypt under the given key.
 */
export function copyObject(sim: LocalSimulator, c: OssCall): WireReply {
  const h = c.headers;
  const source = parseCopySource(header(h, 'x-oss-copy-source'));
  const metadataDirective = directive(header(h, 'x-oss-metadata-directive'), 'x-oss-metadata-directive') ?? 'COPY';
  const taggingDirective = directive(header(h, 'x-oss-tagging-directive'), 'x-oss-tagging-directive');
  const storage = storageIn(header(h, 'x-oss-storage-class'));
  const ifMatch = header(h, 'x-oss-copy-source-if-match');
  const tagging = taggingIn(h);
  const res = sim.copyObject({
    Bucket: c.bucket,
    Key: c.key,
    CopySource: source,
    ...(ifMatch !== undefined ? { CopySourceIfMatch: ifMatch.toLowerCase() } : {}),
    MetadataDirective: metadataDirective,
    ...(metadataDirective === 'REPLACE' ? { Metadata: metadataIn(h), ...(header(h, 'content-type') ? { ContentType: header(h, 'content-type')! } : {}) } : {}),
    ...(storage !== undefined ? { StorageClass: storage } : {}),
    ...(taggingDirective !== undefined ? { TaggingDirective: taggingDirective } : {}),
    ...(taggingDirective === 'REPLACE' ? { Tagging: tagging ?? {} } : {}),
    ...sseIn(h),
  });
  return ossXml('CopyObjectResult', tag('ETag', res.ETag.toUpperCase()) + tag('LastModified', res.LastModified.toISOString()), sseOut(res));
}

export function getObjectTagging(sim: LocalSimulator, c: OssCall): WireReply {
  const set = sim.getObjectTagging({ Bucket: c.bucket, Key: c.key }).TagSet;
  return ossXml('Tagging', raw('TagSet', set.map((t) => raw('Tag', tag('Key', t.Key) + tag('Value', t.Value))).join('')));
}

export function putObjectTagging(sim: LocalSimulator, c: OssCall, body: Buffer): WireReply {
  const root = parseXml(body.toString('utf8'));
  const set = root.children.find((n) => n.name === 'TagSet');
  const tags = set ? childrenNamed(set, 'Tag').map((t) => ({ Key: childText(t, 'Key') ?? '', Value: childText(t, 'Value') ?? '' })) : [];
  sim.putObjectTagging({ Bucket: c.bucket, Key: c.key, TagSet: tags });
  return ossEmpty(200);
}
