/** S3 object operations. Encryption, conditional writes and key-state checks are the simulator's. */
import type { S3Simulator } from '../../sim/sim-types.js';
import { emptyReply, xmlReply, type S3Call } from './s3-bucket-ops.js';
import { S3Fail, requestIds } from './s3-errors.js';
import { header, metadataFrom, objectHeaders, quoteEtag, sseFrom, sseHeaders, tagCount, taggingFrom } from './s3-headers.js';
import { child, childText, childrenNamed, parseXml, raw, tag } from './s3-xml.js';
import type { Reply } from './types.js';

/** SSE headers of an object just written, read back so that BucketKeyEnabled is reported too. */
function writtenSse(sim: S3Simulator, c: S3Call, fallback: { ServerSideEncryption?: string; SSEKMSKeyId?: string }): Record<string, string> {
  try {
    return sseHeaders(sim.headObject({ Bucket: c.bucket, Key: c.key }));
  } catch {
    return sseHeaders(fallback);
  }
}

export function putObject(sim: S3Simulator, c: S3Call, body: Buffer): Reply {
  const h = c.headers;
  const res = sim.putObject({
    Bucket: c.bucket,
    Key: c.key,
    Body: body,
    ContentType: header(h, 'content-type'),
    Metadata: metadataFrom(h),
    StorageClass: header(h, 'x-amz-storage-class'),
    Tagging: taggingFrom(h),
    ...sseFrom(h),
    IfNoneMatch: header(h, 'if-none-match'),
    IfMatch: header(h, 'if-match'),
  });
  return emptyReply(200, { etag: quoteEtag(res.ETag), ...writtenSse(sim, c, res) });
}

/** `Range: bytes=a-b | a- | -n` (single range only, like most clients use). */
function parseRange(value: string | undefined, size: number): [number, number] | null {
  if (value === undefined) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(value.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) throw new S3Fail('InvalidRange', 'The requested range is not satisfiable', 416);
  return [start, end];
}

export function getObject(sim: S3Simulator, c: S3Call): Reply {
  const obj = sim.getObject({ Bucket: c.bucket, Key: c.key });
  const headers = { ...requestIds(), ...objectHeaders(obj, tagCount(sim, c.bucket, c.key)) };
  const range = parseRange(header(c.headers, 'range'), obj.Body.length);
  if (!range) return { status: 200, headers, body: obj.Body };
  const [start, end] = range;
  headers['content-length'] = String(end - start + 1);
  headers['content-range'] = `bytes ${start}-${end}/${obj.Body.length}`;
  return { status: 206, headers, body: obj.Body.subarray(start, end + 1) };
}

export function headObject(sim: S3Simulator, c: S3Call): Reply {
  const head = sim.headObject({ Bucket: c.bucket, Key: c.key });
  // No body, but Content-Length is the object's size (the server keeps it for HEAD).
  return { status: 200, headers: { ...requestIds(), ...objectHeaders(head, tagCount(sim, c.bucket, c.key)) } };
}

export function deleteObject(sim: S3Simulator, c: S3Call): Reply {
  const ifMatch = header(c.headers, 'if-match');
  sim.deleteObject({ Bucket: c.bucket, Key: c.key, ...(ifMatch !== undefined ? { IfMatch: ifMatch } : {}) });
  return emptyReply(204);
}

/** `x-amz-copy-source: [/]bucket/key[?versionId=..]`, URL-encoded. */
export function parseCopySource(value: string): { Bucket: string; Key: string } {
  const [path] = value.split('?');
  let decoded: string;
  try {
    decoded = decodeURIComponent(path!);
  } catch {
    throw new S3Fail('InvalidArgument', 'Invalid copy source encoding', 400);
  }
  const trimmed = decoded.startsWith('/') ? decoded.slice(1) : decoded;
  const slash = trimmed.indexOf('/');
  if (slash <= 0 || slash === trimmed.length - 1) {
    throw new S3Fail('InvalidArgument', 'Copy Source must mention the source bucket and key: sourcebucket/sourcekey', 400);
  }
  return { Bucket: trimmed.slice(0, slash), Key: trimmed.slice(slash + 1) };
}

function directive(h: S3Call['headers'], name: string): 'COPY' | 'REPLACE' | undefined {
  const v = header(h, name);
  if (v === undefined) return undefined;
  if (v !== 'COPY' && v !== 'REPLACE') throw new S3Fail('InvalidArgument', `Unknown ${name}: ${v}`, 400);
  return v;
}

export function copyObject(sim: S3Simulator, c: S3Call): Reply {
  const h = c.headers;
  const metadataDirective = directive(h, 'x-amz-metadata-directive');
  const taggingDirective = directive(h, 'x-amz-tagging-directive');
  const ifMatch = header(h, 'x-amz-copy-source-if-match');
  const res = sim.copyObject({
    Bucket: c.bucket,
    Key: c.key,
    CopySource: parseCopySource(header(h, 'x-amz-copy-source')!),
    ...(ifMatch !== undefined ? { CopySourceIfMatch: ifMatch } : {}),
    ...(metadataDirective ? { MetadataDirective: metadataDirective } : {}),
    ...(metadataDirective === 'REPLACE' ? { Metadata: metadataFrom(h), ContentType: header(h, 'content-type') } : {}),
    StorageClass: header(h, 'x-amz-storage-class'),
    ...(taggingDirective ? { TaggingDirective: taggingDirective } : {}),
    ...(taggingDirective === 'REPLACE' ? { Tagging: taggingFrom(h) ?? {} } : {}),
    ...sseFrom(h),
  });
  const inner = tag('LastModified', res.LastModified.toISOString()) + tag('ETag', quoteEtag(res.ETag));
  return xmlReply('CopyObjectResult', inner, 200, writtenSse(sim, c, { SSEKMSKeyId: res.SSEKMSKeyId }));
}

export function getObjectTagging(sim: S3Simulator, c: S3Call): Reply {
  const { TagSet } = sim.getObjectTagging({ Bucket: c.bucket, Key: c.key });
  return xmlReply('Tagging', raw('TagSet', TagSet.map((t) => raw('Tag', tag('Key', t.Key) + tag('Value', t.Value))).join('')));
}

export function putObjectTagging(sim: S3Simulator, c: S3Call, body: Buffer): Reply {
  const root = parseXml(body.toString('utf8'));
  const set = root.name === 'Tagging' ? child(root, 'TagSet') : undefined;
  if (!set) throw new S3Fail('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
  const TagSet = childrenNamed(set, 'Tag').map((t) => ({ Key: childText(t, 'Key') ?? '', Value: childText(t, 'Value') ?? '' }));
  sim.putObjectTagging({ Bucket: c.bucket, Key: c.key, TagSet });
  return emptyReply(200);
}

export function deleteObjectTagging(sim: S3Simulator, c: S3Call): Reply {
  sim.putObjectTagging({ Bucket: c.bucket, Key: c.key, TagSet: [] });
  return emptyReply(204);
}
