/** S3's error shape: an XML `<Error>` body with the status S3 uses; HEAD answers carry no body. */
import { randomBytes } from 'node:crypto';
import { errorFromThrown } from './json-wire.js';
import { tag, XmlError } from './s3-xml.js';
import { BodyError } from '../body.js';
import type { Reply } from './types.js';

/** Thrown by S3 handlers for protocol-level refusals the simulator never sees. */
export class S3Fail extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export function requestIds(): Record<string, string> {
  return { 'x-amz-request-id': randomBytes(8).toString('hex').toUpperCase(), 'x-amz-id-2': randomBytes(24).toString('base64'), server: 'AmazonS3' };
}

export function s3Error(code: string, message: string, status: number, resource?: string): Reply {
  const ids = requestIds();
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n<Error>' +
    tag('Code', code) +
    tag('Message', message) +
    tag('Resource', resource) +
    tag('RequestId', ids['x-amz-request-id']) +
    tag('HostId', ids['x-amz-id-2']) +
    '</Error>';
  return { status, headers: { 'content-type': 'application/xml', ...ids }, body, errorCode: code };
}

export function s3ErrorFromThrown(err: unknown, resource?: string): Reply {
  if (err instanceof S3Fail) return s3Error(err.code, err.message, err.status, resource);
  if (err instanceof XmlError) {
    return s3Error('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400, resource);
  }
  if (err instanceof BodyError) return s3Error(err.code, err.message, 400, resource);
  return errorFromThrown(err, (c, m, s) => s3Error(c, m, s, resource), 'InternalError');
}
