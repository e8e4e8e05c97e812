/**
 * OBS's S3-compatible V2 signature, which `esdk-obs-nodejs` uses for path-style requests
 * (`Authorization: AWS <ak>:<base64 HMAC-SHA1>`): method, Content-MD5, Content-Type and Date lines,
 * the `x-amz-*` headers sorted by lower-case name (`x-amz-meta-*` values trimmed), then the raw
 * request path and the OBS sub-resources of the query, sorted, with decoded values. Its native
 * `OBS` signature applies to virtual-host requests, which the sandbox does not serve.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const AUTH_RE = /^AWS ([^:\s]+):([A-Za-z0-9+/=]+)$/;

/** Query parameters that are part of the signed resource (the client's list, lower case). */
const SUB_RESOURCES = new Set([
  'acl', 'backtosource', 'policy', 'torrent', 'logging', 'location', 'storageinfo', 'quota', 'storageclass', 'storagepolicy',
  'requestpayment', 'versions', 'versioning', 'versionid', 'uploads', 'uploadid', 'partnumber', 'website', 'notification',
  'replication', 'lifecycle', 'deletebucket', 'delete', 'cors', 'restore', 'tagging', 'append', 'position',
  'response-content-type', 'response-content-language', 'response-expires', 'response-cache-control',
  'response-content-disposition', 'response-content-encoding', 'x-image-process', 'x-oss-process', 'x-image-save-object',
  'x-image-save-bucket', 'encryption', 'directcoldaccess', 'rename', 'name', 'metadata', 'modify', 'attname',
  'truncate', 'x-obs-security-token', 'publicaccessblock', 'bucketstatus', 'policystatus', 'customdomain',
  'inventory', 'object-lock', 'retention', 'length',
]);

export type ObsAuth = { ok: true; accessKey: string } | { ok: false; code: 'AccessDenied' | 'SignatureDoesNotMatch' | 'InvalidAccessKeyId'; message: string };

function one(req: IncomingMessage, name: string): string {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : (v ?? '');
}

function signedResource(rawUrl: string): string {
  const q = rawUrl.indexOf('?');
  const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
  if (q < 0) return path;
  const parts = rawUrl.slice(q + 1).split('&').filter((p) => p !== '').sort();
  const kept: string[] = [];
  for (const p of parts) {
    const eq = p.indexOf('=');
    const key = decodeURIComponent(eq < 0 ? p : p.slice(0, eq));
    if (!SUB_RESOURCES.has(key.toLowerCase())) continue;
    const value = eq < 0 ? '' : decodeURIComponent(p.slice(eq + 1));
    kept.push(value === '' ? key : `${key}=${value}`);
  }
  return kept.length === 0 ? path : `${path}?${kept.join('&')}`;
}

export function stringToSign(req: IncomingMessage): string {
  const amz = Object.keys(req.headers)
    .filter((k) => k.startsWith('x-amz-'))
    .sort()
    .map((k) => `${k}:${k.startsWith('x-amz-meta-') ? one(req, k).trim() : one(req, k)}\n`)
    .join('');
  return `${req.method ?? 'GET'}\n${one(req, 'content-md5')}\n${one(req, 'content-type')}\n${one(req, 'date')}\n${amz}${signedResource(req.url ?? '/')}`;
}

export function verifyObsSignature(req: IncomingMessage, secretFor: (ak: string) => string | undefined): ObsAuth {
  const auth = req.headers.authorization;
  if (auth === undefined) return { ok: false, code: 'AccessDenied', message: 'Anonymous access is not allowed by the sandbox' };
  const m = AUTH_RE.exec(auth.trim());
  if (!m) return { ok: false, code: 'AccessDenied', message: 'The Authorization header must be "AWS <access key>:<signature>" (path-style V2)' };
  const [, accessKey, signature] = m as unknown as [string, string, string];
  const secret = secretFor(accessKey);
  if (secret === undefined) return { ok: false, code: 'InvalidAccessKeyId', message: 'The AWS Access Key Id you provided does not exist in our records.' };
  const expected = createHmac('sha1', secret).update(stringToSign(req)).digest();
  const given = Buffer.from(signature, 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, code: 'SignatureDoesNotMatch', message: 'The request signature we calculated does not match the signature you provided. Check your key and signing method.' };
  }
  return { ok: true, accessKey };
}
