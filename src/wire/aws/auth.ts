/**
 * The sandbox accepts any SigV4 signature without verifying it (any credentials work), but a
 * request must carry one that is well formed, so that a client that forgot to sign — or signs
 * with another scheme — fails here as it would against AWS.
 */
import type { IncomingMessage } from 'node:http';

const SIGV4 =
  /^AWS4-HMAC-SHA256 Credential=[^/\s,]+\/\d{8}\/[^/\s,]+\/[^/\s,]+\/aws4_request,\s*SignedHeaders=[a-z0-9;._-]+,\s*Signature=[0-9a-f]{64}$/;

export type AuthCheck = { ok: true } | { ok: false; missing: boolean; message: string };

export function checkSigV4(req: IncomingMessage, query: URLSearchParams): AuthCheck {
  const header = req.headers.authorization;
  if (header === undefined) {
    // Presigned URLs carry the signature in the query instead.
    if (query.get('X-Amz-Algorithm') === 'AWS4-HMAC-SHA256' && /^[0-9a-f]{64}$/.test(query.get('X-Amz-Signature') ?? '')) return { ok: true };
    return { ok: false, missing: true, message: 'Missing Authentication Token' };
  }
  if (!SIGV4.test(header.trim())) {
    return { ok: false, missing: false, message: 'Authorization header requires AWS4-HMAC-SHA256 with Credential, SignedHeaders and Signature' };
  }
  return { ok: true };
}
