/**
 * Multipart uploads for OSS (InitiateMultipartUpload, UploadPart, UploadPartCopy,
 * CompleteMultipartUpload, AbortMultipartUpload), held by the sandbox in memory: Complete writes
 * the whole object through the simulator with the attributes given at Initiate. UploadPartCopy
 * reads the source with GetObject, so it fails like OSS when the source key is not usable.
 * Part sizes are not checked and uploads do not survive a restart.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { LocalSimulator } from '../../sim/simulator.js';
import { childrenNamed, childText, parseXml, tag } from '../aws/s3-xml.js';
import type { OssCall } from './oss-buckets.js';
import { header, metadataIn, sseIn, sseOut, storageIn, taggingIn, type SseIn } from './oss-headers.js';
import { parseCopySource } from './oss-objects.js';
import { OssFail, ossEmpty, ossXml } from './oss-reply.js';
import type { WireReply } from './types.js';

interface Upload {
  bucket: string;
  key: string;
  attrs: { ContentType?: string; Metadata: Record<string, string>; StorageClass?: string; Tagging?: Record<string, string> } & SseIn;
  parts: Map<number, { etag: string; body: Buffer }>;
}

const md5Etag = (b: Buffer): string => `"${createHash('md5').update(b).digest('hex').toUpperCase()}"`;

export class OssMultipart {
  private readonly uploads = new Map<string, Upload>();
  constructor(private readonly sim: LocalSimulator) {}

  initiate(c: OssCall): WireReply {
    this.sim.headBucket({ Bucket: c.bucket });
    const h = c.headers;
    const storage = storageIn(header(h, 'x-oss-storage-class'));
    const tagging = taggingIn(h);
    const id = randomBytes(16).toString('hex').toUpperCase();
    this.uploads.set(id, {
      bucket: c.bucket,
      key: c.key,
      attrs: {
        ...(header(h, 'content-type') ? { ContentType: header(h, 'content-type')! } : {}),
        Metadata: metadataIn(h),
        ...(storage !== undefined ? { StorageClass: storage } : {}),
        ...(tagging !== undefined ? { Tagging: tagging } : {}),
        ...sseIn(h),
      },
      parts: new Map(),
    });
    return ossXml('InitiateMultipartUploadResult', tag('Bucket', c.bucket) + tag('Key', c.key) + tag('UploadId', id));
  }

  uploadPart(c: OssCall, body: Buffer): WireReply {
    const { upload, n } = this.target(c);
    const etag = md5Etag(body);
    upload.parts.set(n, { etag, body });
    return ossEmpty(200, { etag });
  }

  uploadPartCopy(c: OssCall): WireReply {
    const { upload, n } = this.target(c);
    let body = this.sim.getObject(parseCopySource(header(c.headers, 'x-oss-copy-source'))).Body;
    const range = header(c.headers, 'x-oss-copy-source-range');
    if (range !== undefined) {
      const m = /^bytes=(\d+)-(\d+)$/.exec(range.trim());
      if (!m || Number(m[1]) > Number(m[2]) || Number(m[2]) >= body.length) throw new OssFail('InvalidArgument', 'x-oss-copy-source-range must be bytes=first-last within the source object.', 400);
      body = body.subarray(Number(m[1]), Number(m[2]) + 1);
    }
    const etag = md5Etag(body);
    upload.parts.set(n, { etag, body: Buffer.from(body) });
    return ossXml('CopyPartResult', tag('LastModified', new Date().toISOString()) + tag('ETag', etag), { etag });
  }

  complete(c: OssCall, body: Buffer): WireReply {
    const id = c.query.get('uploadId') ?? '';
    const upload = this.get(id, c);
    const root = parseXml(body.toString('utf8'));
    const listed = childrenNamed(root, 'Part').map((p) => ({ n: Number(childText(p, 'PartNumber')), etag: (childText(p, 'ETag') ?? '').toUpperCase() }));
    if (root.name !== 'CompleteMultipartUpload' || listed.length === 0) throw new OssFail('MalformedXML', 'The XML you provided was not well-formed.', 400);
    const bodies: Buffer[] = [];
    let prev = 0;
    for (const p of listed) {
      const part = upload.parts.get(p.n);
      if (!(p.n > prev)) throw new OssFail('InvalidPartOrder', 'Parts must be listed in ascending order of part number.', 400);
      if (!part || p.etag.replace(/"/g, '') !== part.etag.replace(/"/g, '')) throw new OssFail('InvalidPart', 'One or more of the specified parts could not be found or the ETag does not match.', 400);
      prev = p.n;
      bodies.push(part.body);
    }
    const res = this.sim.putObject({ Bucket: upload.bucket, Key: upload.key, Body: Buffer.concat(bodies), ...upload.attrs });
    this.uploads.delete(id);
    return ossXml('CompleteMultipartUploadResult', tag('Location', `/${upload.bucket}/${upload.key}`) + tag('Bucket', upload.bucket) + tag('Key', upload.key) + tag('ETag', res.ETag.toUpperCase()), sseOut(res));
  }

  abort(c: OssCall): WireReply {
    const id = c.query.get('uploadId') ?? '';
    this.get(id, c);
    this.uploads.delete(id);
    return ossEmpty(204);
  }

  private get(id: string, c: OssCall): Upload {
    const u = this.uploads.get(id);
    if (!u || u.bucket !== c.bucket || u.key !== c.key) throw new OssFail('NoSuchUpload', 'The specified upload does not exist.', 404);
    return u;
  }

  private target(c: OssCall): { upload: Upload; n: number } {
    const upload = this.get(c.query.get('uploadId') ?? '', c);
    const n = Number(c.query.get('partNumber'));
    if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new OssFail('InvalidArgument', 'Part number must be an integer between 1 and 10000.', 400);
    return { upload, n };
  }
}
