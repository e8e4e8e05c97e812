/**
 * Huawei's API Gateway AK/SK signature (`SDK-HMAC-SHA256`), verified by recomputing it from the
 * secret: canonical request = method, URI (each segment percent-encoded, a trailing `/` added),
 * sorted query, the signed headers as `name:value` lines, their names, and the hex SHA-256 of the
 * body; string to sign = algorithm, `X-Sdk-Date`, hex SHA-256 of the canonical request; the
 * signature is a plain HMAC-SHA256 under the secret key (no key derivation).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const ALGORITHM = 'SDK-HMAC-SHA256';
const AUTH_RE = /^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/;

export type SdkAuth = { ok: true; accessKey: string } | { ok: false; message: string };

/** RFC 3986 unreserved characters stay, everything else is %XX (upper case), as the SDK core does. */
export function sdkEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function canonicalUri(rawPath: string): string {
  const encoded = rawPath
    .split('/')
    .map((seg) => sdkEncode(safeDecode(seg)))
    .join('/');
  return encoded.endsWith('/') ? encoded : `${encoded}/`;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function canonicalQuery(search: URLSearchParams): string {
  const pairs: [string, string][] = [...search.entries()].map(([k, v]) => [sdkEncode(k), sdkEncode(v)]);
  pairs.sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) : a[0] < b[0] ? -1 : 1));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

/**
 * `secretFor(accessKey)` gives the secret of a known access key, or undefined. The body is the
 * exact bytes received; the SDK hashes the JSON string it sends, so they agree.
 */
export function verifySdkSignature(req: IncomingMessage, url: URL, body: Buffer, secretFor: (ak: string) => string | undefined): SdkAuth {
  const auth = header(req, 'authorization');
  if (auth === undefined) return { ok: false, message: 'Incorrect IAM authentication information: Authorization header is missing' };
  const m = AUTH_RE.exec(auth.trim());
  if (!m) return { ok: false, message: `Incorrect IAM authentication information: Authorization must be ${ALGORITHM} Access=..., SignedHeaders=..., Signature=...` };
  const [, accessKey, signedHeaders, signature] = m as unknown as [string, string, string, string];
  const date = header(req, 'x-sdk-date');
  if (date === undefined || !/^\d{8}T\d{6}Z$/.test(date)) return { ok: false, message: 'Incorrect IAM authentication information: X-Sdk-Date is missing or malformed' };
  const names = signedHeaders.split(';');
  if (!names.includes('x-sdk-date')) return { ok: false, message: 'Incorrect IAM authentication information: X-Sdk-Date must be signed' };
  const secret = secretFor(accessKey);
  if (secret === undefined) return { ok: false, message: 'Incorrect IAM authentication information: the access key does not exist' };
  const headerLines = names.map((n) => `${n}:${header(req, n) ?? ''}\n`).join('');
  const sentHash = header(req, 'x-sdk-content-sha256');
  const payloadHash = sentHash ?? createHash('sha256').update(body).digest('hex');
  const canonical = [req.method ?? 'GET', canonicalUri(url.pathname), canonicalQuery(url.searchParams), headerLines, signedHeaders, payloadHash].join('\n');
  const toSign = `${ALGORITHM}\n${date}\n${createHash('sha256').update(canonical).digest('hex')}`;
  const expected = createHmac('sha256', secret).update(toSign).digest();
  const given = Buffer.from(signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, message: 'Incorrect IAM authentication information: verify aksk signature fail' };
  }
  return { ok: true, accessKey };
}
