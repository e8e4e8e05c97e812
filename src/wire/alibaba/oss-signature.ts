/**
 * OSS header signature (V1), verified by recomputing it: `Authorization: OSS <AK>:<signature>`,
 * signature = base64 HMAC-SHA1(secret, VERB \n Content-MD5 \n Content-Type \n Date \n
 * CanonicalizedOSSHeaders CanonicalizedResource). `x-oss-date` stands in for Date when sent (as
 * ali-oss does); CanonicalizedResource is `/bucket/object` (decoded) plus the signed
 * subresources, sorted, `k` or `k=v` joined by `&`. Source: OSS "Include signatures in the
 * Authorization header" (alibabacloud.com/help/en/oss/developer-reference/include-signatures-in-the-authorization-header).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** Query parameters that OSS signs (subresources and response overrides). */
const SIGNED_SUBRESOURCES = new Set([
  'acl', 'uploads', 'location', 'cors', 'logging', 'website', 'referer', 'lifecycle', 'delete', 'append', 'tagging',
  'objectMeta', 'uploadId', 'partNumber', 'security-token', 'position', 'img', 'style', 'styleName', 'replication',
  'replicationProgress', 'replicationLocation', 'cname', 'bucketInfo', 'comp', 'qos', 'live', 'status', 'vod',
  'startTime', 'endTime', 'symlink', 'x-oss-process', 'response-content-type', 'response-content-language',
  'response-expires', 'response-cache-control', 'response-content-disposition', 'response-content-encoding', 'restore',
  'callback', 'callback-var', 'policy', 'stat', 'encryption', 'versions', 'versioning', 'versionId', 'requestPayment',
  'x-oss-request-payer', 'sequential', 'inventory', 'inventoryId', 'continuation-token', 'asyncFetch', 'worm', 'wormId',
  'wormExtend', 'transferAcceleration', 'regionList',
]);

export type OssAuth = { ok: true } | { ok: false; code: string; status: number; message: string };

function h(headers: IncomingHttpHeaders, name: string): string {
  const v = headers[name];
  return (Array.isArray(v) ? v.join(',') : (v ?? '')).trim();
}

export function verifyOssSignature(
  method: string,
  resourcePath: string,
  query: URLSearchParams,
  headers: IncomingHttpHeaders,
  keys: Readonly<Record<string, string>>,
): OssAuth {
  const auth = h(headers, 'authorization');
  if (auth === '') return { ok: false, code: 'AccessDenied', status: 403, message: 'AccessDenied: the request is not signed.' };
  const m = /^OSS ([^:\s]+):([A-Za-z0-9+/=]+)$/.exec(auth);
  if (!m) {
    return { ok: false, code: 'InvalidArgument', status: 400, message: 'Authorization header is invalid: the sandbox verifies the OSS V1 header signature ("OSS <AccessKeyId>:<Signature>").' };
  }
  const [, accessKeyId, signature] = m as unknown as [string, string, string];
  const secret = keys[accessKeyId];
  if (secret === undefined) return { ok: false, code: 'InvalidAccessKeyId', status: 403, message: 'The OSS Access Key Id you provided does not exist in our records.' };
  const ossHeaders = Object.keys(headers)
    .filter((k) => k.startsWith('x-oss-'))
    .sort()
    .map((k) => `${k}:${h(headers, k)}\n`)
    .join('');
  const subresources = [...new Set([...query.keys()])]
    .filter((k) => SIGNED_SUBRESOURCES.has(k))
    .sort()
    .map((k) => (query.get(k) ? `${k}=${query.get(k)}` : k));
  const resource = resourcePath + (subresources.length > 0 ? `?${subresources.join('&')}` : '');
  const date = headers['x-oss-date'] !== undefined ? h(headers, 'x-oss-date') : h(headers, 'date');
  const toSign = `${method}\n${h(headers, 'content-md5')}\n${h(headers, 'content-type')}\n${date}\n${ossHeaders}${resource}`;
  const expected = createHmac('sha1', secret).update(toSign, 'utf8').digest('base64');
  const a = Buffer.from(expected);
  const b = Buffer.from(signature);
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    return { ok: false, code: 'SignatureDoesNotMatch', status: 403, message: 'The request signature we calculated does not match the signature you provided. Check your key and signing method.' };
  }
  return { ok: true };
}
