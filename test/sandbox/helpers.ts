/** Shared fixtures: a sandbox over a real LocalSimulator, and the real AWS SDK clients pointed at it. */
import { constants, createPublicKey, publicEncrypt, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { LocalSimulator } from '../../src/sim/simulator.js';
import { startSandbox } from '../../src/wire/aws/index.js';
import type { SandboxHandle, SandboxOptions } from '../../src/wire/aws/index.js';

export interface Fixture {
  sim: LocalSimulator;
  sb: SandboxHandle;
  kms: KMSClient;
  s3: S3Client;
  tagging: ResourceGroupsTaggingAPIClient;
}

export const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

export function clientConfig(url: string, maxAttempts = 1) {
  return { endpoint: url, region: 'us-east-1', credentials: CREDENTIALS, maxAttempts };
}

/** `wrappingKeyPool: 1` reuses one RSA pair per spec, so tests do not spend seconds generating keys. */
export async function startFixture(opts: Omit<SandboxOptions, 'sim'> = {}, maxAttempts = 1): Promise<Fixture> {
  const sim = new LocalSimulator({ clock: { now: () => new Date() }, wrappingKeyPool: 1 });
  const sb = await startSandbox({ sim, ...opts });
  const cfg = clientConfig(sb.url, maxAttempts);
  return {
    sim,
    sb,
    kms: new KMSClient(cfg),
    s3: new S3Client({ ...cfg, forcePathStyle: true }),
    tagging: new ResourceGroupsTaggingAPIClient(cfg),
  };
}

export async function stopFixture(f: Fixture | undefined): Promise<void> {
  if (!f) return;
  f.kms.destroy();
  f.s3.destroy();
  f.tagging.destroy();
  await f.sb.close();
}

/** RSAES_OAEP_SHA_256 wrapping, as the manual AWS CLI procedure does with `openssl pkeyutl`. */
export function wrapOaep256(publicKeyDer: Uint8Array, material: Buffer): Buffer {
  const key = createPublicKey({ key: Buffer.from(publicKeyDer), format: 'der', type: 'spki' });
  return publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, material);
}

export const material32 = (): Buffer => randomBytes(32);

export const inDays = (d: number): Date => new Date(Date.now() + d * 86_400_000);

/** A raw HTTP exchange, for what the SDKs never send (missing signatures, 100-continue by hand). */
export function rawRequest(
  url: string,
  opts: { method?: string; path?: string; headers?: Record<string, string>; body?: Buffer | string },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(opts.path ?? '/', url);
    const req = request(u, { method: opts.method ?? 'GET', headers: opts.headers ?? {} }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** A syntactically valid SigV4 Authorization header (never verified by the sandbox). */
export function fakeSigV4(service = 'kms'): string {
  return `AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'ab'.repeat(32)}`;
}
