/**
 * OSS object headers <-> the simulator's S3 fields: `x-oss-server-side-encryption` (KMS | AES256),
 * `x-oss-server-side-encryption-key-id` (a key id; the simulator records a key ARN),
 * `x-oss-meta-*`, `x-oss-storage-class` (Standard | IA | Archive | ColdArchive), `x-oss-tagging`.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { keyIdOf } from '../../sim/ids.js';
import type { SimObjectHead } from '../../sim/sim-types.js';
import { OssFail } from './oss-reply.js';

const STORAGE_IN: Readonly<Record<string, string>> = { Standard: 'STANDARD', IA: 'STANDARD_IA', Archive: 'GLACIER', ColdArchive: 'DEEP_ARCHIVE' };
const STORAGE_OUT: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(STORAGE_IN).map(([a, b]) => [b, a]));

export function header(h: IncomingHttpHeaders, name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

export function storageIn(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const s = STORAGE_IN[value];
  if (!s) throw new OssFail('InvalidArgument', `Invalid storage class ${value}; use Standard, IA, Archive or ColdArchive.`, 400);
  return s;
}

export const storageOut = (s: string): string => STORAGE_OUT[s] ?? 'Standard';

export function metadataIn(h: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (k.startsWith('x-oss-meta-') && v !== undefined) out[k.slice(11)] = String(v);
  return out;
}

export function taggingIn(h: IncomingHttpHeaders): Record<string, string> | undefined {
  const raw = header(h, 'x-oss-tagging');
  if (raw === undefined) return undefined;
  return Object.fromEntries(new URLSearchParams(raw));
}

export interface SseIn {
  ServerSideEncryption?: string;
  SSEKMSKeyId?: string;
}

export function sseIn(h: IncomingHttpHeaders): SseIn {
  const alg = header(h, 'x-oss-server-side-encryption');
  const keyId = header(h, 'x-oss-server-side-encryption-key-id');
  if (alg !== undefined && alg !== 'KMS' && alg !== 'AES256') {
    throw new OssFail('InvalidEncryptionAlgorithmError', `The encryption method specified is not supported: ${alg} (the sandbox serves KMS and AES256).`, 400);
  }
  if (keyId !== undefined && alg !== 'KMS') throw new OssFail('InvalidArgument', 'x-oss-server-side-encryption-key-id needs x-oss-server-side-encryption: KMS.', 400);
  return {
    ...(alg !== undefined ? { ServerSideEncryption: alg === 'KMS' ? 'aws:kms' : 'AES256' } : {}),
    ...(keyId !== undefined ? { SSEKMSKeyId: keyId } : {}),
  };
}

export function sseOut(sse: { ServerSideEncryption?: string; SSEKMSKeyId?: string }): Record<string, string> {
  const out: Record<string, string> = {};
  if (sse.ServerSideEncryption) out['x-oss-server-side-encryption'] = sse.ServerSideEncryption === 'aws:kms' ? 'KMS' : 'AES256';
  if (sse.SSEKMSKeyId) out['x-oss-server-side-encryption-key-id'] = keyIdOf(sse.SSEKMSKeyId);
  return out;
}

export function objectHeadersOut(head: SimObjectHead, tagCount: number): Record<string, string> {
  const out: Record<string, string> = {
    'content-type': head.ContentType,
    'content-length': String(head.ContentLength),
    etag: head.ETag.toUpperCase(),
    'last-modified': head.LastModified.toUTCString(),
    'x-oss-object-type': 'Normal',
    'x-oss-storage-class': storageOut(head.StorageClass),
    ...sseOut(head),
  };
  for (const [k, v] of Object.entries(head.Metadata)) out[`x-oss-meta-${k}`] = v;
  if (tagCount > 0) out['x-oss-tagging-count'] = String(tagCount);
  return out;
}
