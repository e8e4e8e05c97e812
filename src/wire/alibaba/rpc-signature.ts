/**
 * Alibaba Cloud POP signatures, verified by recomputing them from the AccessKey secret:
 * - ACS3-HMAC-SHA256 (the V3 scheme of @alicloud/openapi-client): `Authorization:
 *   ACS3-HMAC-SHA256 Credential=<AK>,SignedHeaders=<h1;h2>,Signature=<hex>`, signature = hex
 *   HMAC-SHA256(secret, "ACS3-HMAC-SHA256\n" + hex SHA-256(canonical request)); the canonical
 *   request is method, path, sorted query (values percent-encoded), the signed headers as
 *   `name:value\n`, the signed header names, and the `x-acs-content-sha256` payload hash.
 * - HMAC-SHA1 signature version 1.0 (the older @alicloud/rpc-client, which
 *   @alicloud/kms20160120 1.2.0 uses): `Signature` in the query, base64 HMAC-SHA1(secret + "&",
 *   method + "&%2F&" + encode(sorted, encoded `k=v` pairs of every other parameter)).
 * Source: alibabacloud.com/help/en/sdk/product-overview/v3-request-structure-and-signature and the
 * RPC signature page; the encodings match @alicloud/openapi-util and @alicloud/rpc-util.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** RFC 3986 percent-encoding as Alibaba signs it (`encodeURIComponent` plus `!'()*`). */
export function popEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export type SignatureCheck =
  | { ok: true; accessKeyId: string; scheme: 'ACS3-HMAC-SHA256' | 'HMAC-SHA1' }
  | { ok: false; code: string; status: number; message: string };

const fail = (code: string, status: number, message: string): SignatureCheck => ({ ok: false, code, status, message });

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function headerText(h: IncomingHttpHeaders, name: string): string {
  const v = h[name];
  return (Array.isArray(v) ? v.join(',') : (v ?? '')).trim();
}

export interface SignedRequest {
  method: string;
  path: string;
  /** Decoded query pairs as received. */
  query: [string, string][];
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Decoded form-body pairs (signed by the v1 scheme together with the query). */
  form: [string, string][];
}

export function verifyPopSignature(req: SignedRequest, keys: Readonly<Record<string, string>>): SignatureCheck {
  const auth = headerText(req.headers, 'authorization');
  if (auth.startsWith('ACS3-HMAC-SHA256')) return verifyAcs3(req, auth, keys);
  const signature = req.query.find(([k]) => k === 'Signature')?.[1] ?? req.form.find(([k]) => k === 'Signature')?.[1];
  if (signature !== undefined) return verifyV1(req, signature, keys);
  return fail('IncompleteSignature', 400, 'The request is not signed: expected an ACS3-HMAC-SHA256 Authorization header or a Signature parameter.');
}

const ACS3 = /^ACS3-HMAC-SHA256\s+Credential=([^,\s]+),\s*SignedHeaders=([a-z0-9;._-]+),\s*Signature=([0-9a-f]{64})$/;

function verifyAcs3(req: SignedRequest, auth: string, keys: Readonly<Record<string, string>>): SignatureCheck {
  const m = ACS3.exec(auth);
  if (!m) return fail('IncompleteSignature', 400, 'The Authorization header is not a well-formed ACS3-HMAC-SHA256 signature.');
  const [, accessKeyId, signedHeaders, signature] = m as unknown as [string, string, string, string];
  const secret = keys[accessKeyId];
  if (secret === undefined) return fail('InvalidAccessKeyId.NotFound', 404, 'Specified access key is not found.');
  const payloadHash = headerText(req.headers, 'x-acs-content-sha256');
  if (payloadHash !== createHash('sha256').update(req.body).digest('hex')) {
    return fail('IncompleteSignature', 400, 'x-acs-content-sha256 does not match the SHA-256 of the request body.');
  }
  const names = signedHeaders.split(';');
  for (const required of ['host', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256']) {
    if (!names.includes(required)) return fail('IncompleteSignature', 400, `SignedHeaders must include ${required}.`);
  }
  const query = [...req.query]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${popEncode(k)}=${popEncode(v)}`)
    .join('&');
  const headers = names.map((n) => `${n}:${headerText(req.headers, n)}\n`).join('');
  const canonical = `${req.method}\n${req.path}\n${query}\n${headers}\n${signedHeaders}\n${payloadHash}`;
  const toSign = `ACS3-HMAC-SHA256\n${createHash('sha256').update(canonical).digest('hex')}`;
  const expected = createHmac('sha256', secret).update(toSign).digest('hex');
  if (!sameText(expected, signature)) {
    return fail('SignatureDoesNotMatch', 400, 'Specified signature does not match our calculation.');
  }
  return { ok: true, accessKeyId, scheme: 'ACS3-HMAC-SHA256' };
}

function verifyV1(req: SignedRequest, signature: string, keys: Readonly<Record<string, string>>): SignatureCheck {
  const all = [...req.query, ...req.form];
  const get = (k: string) => all.find(([n]) => n === k)?.[1];
  if (get('SignatureMethod') !== 'HMAC-SHA1' || get('SignatureVersion') !== '1.0') {
    return fail('IncompleteSignature', 400, 'Only SignatureMethod HMAC-SHA1 with SignatureVersion 1.0 is accepted in the query.');
  }
  const accessKeyId = get('AccessKeyId') ?? '';
  const secret = keys[accessKeyId];
  if (secret === undefined) return fail('InvalidAccessKeyId.NotFound', 404, 'Specified access key is not found.');
  const canonical = all
    .filter(([k]) => k !== 'Signature')
    .map(([k, v]) => [popEncode(k), popEncode(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const toSign = `${req.method}&${popEncode('/')}&${popEncode(canonical)}`;
  const expected = createHmac('sha1', `${secret}&`).update(toSign).digest('base64');
  if (!sameText(expected, signature)) {
    return fail('SignatureDoesNotMatch', 400, 'Specified signature is not matched with our calculation.');
  }
  return { ok: true, accessKeyId, scheme: 'HMAC-SHA1' };
}
