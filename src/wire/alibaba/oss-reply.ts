/** OSS answers: XML bodies without a namespace, `x-oss-request-id`, `<Error>` with OSS's codes. */
import { randomBytes } from 'node:crypto';
import { asSimError } from '../aws/json-wire.js';
import { tag, XmlError } from '../aws/s3-xml.js';
import { BodyError } from '../body.js';
import type { WireReply } from './types.js';

export class OssFail extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

const requestId = (): string => randomBytes(12).toString('hex').toUpperCase();

export function ossXml(root: string, inner: string, headers: Record<string, string> = {}): WireReply {
  return {
    status: 200,
    headers: { 'content-type': 'application/xml', 'x-oss-request-id': requestId(), server: 'AliyunOSS', ...headers },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<${root}>${inner}</${root}>`,
  };
}

export function ossEmpty(status = 200, headers: Record<string, string> = {}): WireReply {
  return { status, headers: { 'x-oss-request-id': requestId(), server: 'AliyunOSS', ...headers } };
}

export function ossError(code: string, message: string, status: number, extra = ''): WireReply {
  const id = requestId();
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${tag('Code', code)}${tag('Message', message)}${tag('RequestId', id)}${tag('HostId', 'oss.sandbox.aliyuncs.com')}${extra}</Error>`;
  return { status, headers: { 'content-type': 'application/xml', 'x-oss-request-id': id, server: 'AliyunOSS' }, body, errorCode: code };
}

/**
 * The simulator's S3 errors in OSS's codes. KMS refusals (disabled, pending import) are OSS's 403
 * "This request is forbidden by kms"; an unknown key id is 400 InvalidArgument (OSS EC 0005-00000208).
 */
export function ossErrorFromThrown(err: unknown): WireReply {
  if (err instanceof OssFail) return ossError(err.code, err.message, err.status);
  if (err instanceof XmlError) return ossError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema.', 400);
  if (err instanceof BodyError) return ossError(err.code, err.message, 400);
  const sim = asSimError(err);
  if (!sim) return ossError('InternalError', 'We encountered an internal error. Please try again.', 500);
  const code = sim.awsCode;
  if (code === 'KMS.NotFoundException') return ossError('InvalidArgument', `The specified KMS key id is not valid: ${sim.message}`, 400);
  if (code.startsWith('KMS.')) return ossError('AccessDenied', `This request is forbidden by kms: ${sim.message.replace(/arn:aws(?:-cn)?:kms:/g, 'acs:kms:')}`, 403);
  if (code === 'ServerSideEncryptionConfigurationNotFoundError') return ossError('NoSuchServerSideEncryptionRule', 'The server side encryption rule does not exist.', 404);
  if (code === 'BucketAlreadyOwnedByYou') return ossError('BucketAlreadyExists', 'The requested bucket name is not available.', 409);
  if (code === 'InvalidRequest' || code === 'InvalidStorageClass') return ossError('InvalidArgument', sim.message, 400);
  return ossError(code, sim.message, sim.httpStatus);
}
