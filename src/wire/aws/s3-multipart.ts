/**
 * Multipart uploads, held by the sandbox (the simulator has no notion of parts): parts live in
 * memory until CompleteMultipartUpload writes the whole object through `putObject` with the
 * attributes given at CreateMultipartUpload. UploadPartCopy reads its source with `getObject`,
 * so it fails like S3 when the source's KMS key is not usable. Differences from S3: part sizes
 * are not checked, uploads do not survive a restart, and the final ETag is the simulator's
 * whole-object ETag rather than the `<md5-of-md5s>-<parts>` form.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { S3Simulator } from '../../sim/sim-types.js';
import { emptyReply, xmlReply, type S3Call } from './s3-bucket-ops.js';
import { S3Fail } from './s3-errors.js';
import { header, metadataFrom, quoteEtag, sseFrom, sseHeaders, taggingFrom, type SseFields } from './s3-headers.js';
import { parseCopySource } from './s3-object-ops.js';
import { childText, childrenNamed, parseXml, tag } from './s3-xml.js';
import type { Reply } from './types.js';

const unquote = (etag: string): string => etag.replace(/^W\//, '').replace(/^"|"$/g, '');

interface Upload {
  bucket: string;
  key: string;
  attrs: { ContentType?: string; Metadata: Record<string, string>; StorageClass?: string; Tagging?: Record<string, string> } & SseFields;
  parts: Map<number, { etag: string; body: Buffer }>;
}

export class MultipartUploads {
  private readonly uploads = new Map<string, Upload>();
  constructor(private readonly sim: S3Simulator) {}

  create(c: S3Call): Reply {
    this.sim.headBucket({ Bucket: c.bucket });
    const h = c.headers;
    const id = randomBytes(24).toString('base64url');
    this.uploads.set(id, {
      bucket: c.bucket,
      key: c.key,
      attrs: { ContentType: header(h, 'content-type'), Metadata: metadataFrom(h), StorageClass: header(h, 'x-amz-storage-class'), Tagging: taggingFrom(h), ...sseFrom(h) },
      parts: new Map(),
    });
    return xmlReply('InitiateMultipartUploadResult', tag('Bucket', c.bucket) + tag('Key', c.key) + tag('UploadId', id));
  }

  uploadPart(c: S3Call, body: Buffer): Reply {
    const { upload, partNumber } = this.target(c);
    const etag = quoteEtag(createHash('md5').update(body).digest('hex'));
    upload.parts.set(partNumber, { etag, body });
    return emptyReply(200, { etag });
  }

  uploadPartCopy(c: S3Call): Reply {
    const { upload, partNumber } = this.target(c);
    const src = this.sim.getObject(parseCopySource(header(c.headers, 'x-amz-copy-source')!));
    const ifMatch = header(c.headers, 'x-amz-copy-source-if-match');
    if (ifMatch !== undefined && unquote(ifMatch) !== unquote(src.ETag)) {
      throw new S3Fail('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412);
    }
    let body = src.Body;
    const range = header(c.headers, 'x-amz-copy-source-range');
    if (range !== undefined) {
      const m = /^bytes=(\d+)-(\d+)$/.exec(range.trim());
      if (!m || Number(m[1]) > Number(m[2]) || Number(m[2]) >= body.length) {
        throw new S3Fail('InvalidArgument', 'The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy', 400);
      }
      body = body.subarray(Number(m[1]), Number(m[2]) + 1);
    }
    const etag = quoteEtag(createHash('md5').update(body).digest('hex'));
    upload.parts.set(partNumber, { etag, body: Buffer.from(body) });
    return xmlReply('CopyPartResult', tag('ETag', etag) + tag('LastModified', new Date().toISOString()));
  }

  complete(c: S3Call, body: Buffer): Reply {
    const id = this.uploadId(c);
    const upload = this.get(id, c);
    const root = parseXml(body.toString('utf8'));
    const listed = childrenNamed(root, 'Part').map((p) => ({ n: Number(childText(p, 'PartNumber')), etag: childText(p, 'ETag') ?? '' }));
    if (root.name !== 'CompleteMultipartUpload' || listed.length === 0) {
      throw new S3Fail('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
    }
    const bodies: Buffer[] = [];
    let prev = 0;
    for (const p of listed) {
      if (!(p.n > prev)) throw new S3Fail('InvalidPartOrder', 'The list of parts was not in ascending order. Parts must be ordered by part number.', 400);
      prev = p.n;
      const part = upload.parts.get(p.n);
      if (!part || quoteEtag(p.etag) !== part.etag) {
        throw new S3Fail('InvalidPart', 'One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part\'s entity tag.', 400);
      }
      bodies.push(part.body);
    }
    const res = this.sim.putObject({ Bucket: upload.bucket, Key: upload.key, Body: Buffer.concat(bodies), ...upload.attrs });
    this.uploads.delete(id);
    const inner = tag('Location', `/${upload.bucket}/${upload.key}`) + tag('Bucket', upload.bucket) + tag('Key', upload.key) + tag('ETag', quoteEtag(res.ETag));
    return xmlReply('CompleteMultipartUploadResult', inner, 200, sseHeaders(res as SseFields));
  }

  abort(c: S3Call): Reply {
    const id = this.uploadId(c);
    this.get(id, c);
    this.uploads.delete(id);
    return emptyReply(204);
  }

  private uploadId(c: S3Call): string {
    return c.query.get('uploadId') ?? '';
  }

  private get(id: string, c: S3Call): Upload {
    const upload = this.uploads.get(id);
    if (!upload || upload.bucket !== c.bucket || upload.key !== c.key) {
      throw new S3Fail('NoSuchUpload', 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.', 404);
    }
    return upload;
  }

  private target(c: S3Call): { upload: Upload; partNumber: number } {
    const upload = this.get(this.uploadId(c), c);
    const partNumber = Number(c.query.get('partNumber'));
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10_000) {
      throw new S3Fail('InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive', 400);
    }
    return { upload, partNumber };
  }
}
