/**
 * The OSS wire of the Alibaba sandbox through ali-oss (path-style with `sldEnable`, V1 header
 * signature): bucket default encryption with a KMS key, objects that carry their key id, the
 * in-place copy that re-encrypts under another key keeping metadata, content type, storage class
 * and tags, UploadPartCopy, reads refused while the key is Disabled or PendingImport.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ossClient, popClient } from './clients.js';
import { opensslWrap, startAliEnv, type AliEnv } from './env.js';

let env: AliEnv;
beforeAll(async () => {
  env = await startAliEnv();
});
afterAll(async () => env?.close());

async function enabledKey(): Promise<string> {
  const pop = popClient(env.sandbox.port);
  const keyId = (await pop.call('CreateKey', { Origin: 'EXTERNAL' })).KeyMetadata.KeyId as string;
  const p = await pop.call('GetParametersForImport', { KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' });
  const wrapped = opensslWrap(p.PublicKey, randomBytes(32), 'RSAES_OAEP_SHA_256');
  await pop.call('ImportKeyMaterial', { KeyId: keyId, EncryptedKeyMaterial: wrapped.toString('base64'), ImportToken: p.ImportToken, KeyMaterialExpireUnix: 0 });
  return keyId;
}

describe('OSS through ali-oss', () => {
  it('sets the bucket default, writes under it, re-encrypts in place under a new key keeping the object attributes', async () => {
    const k1 = await enabledKey();
    const k2 = await enabledKey();
    const admin = ossClient(env.sandbox.port);
    await admin.putBucket('ali-bucket');
    const oss = ossClient(env.sandbox.port, 'ali-bucket');
    await oss.putBucketEncryption('ali-bucket', { SSEAlgorithm: 'KMS', KMSMasterKeyID: k1 });
    expect((await oss.getBucketEncryption('ali-bucket')).encryption).toMatchObject({ SSEAlgorithm: 'KMS', KMSMasterKeyID: k1 });
    await oss.put('dir/a b.txt', Buffer.from('hello'), { mime: 'text/plain', meta: { owner: 'team' } as never, headers: { 'x-oss-storage-class': 'IA', 'x-oss-tagging': 'env=prod' } });
    const head = await oss.head('dir/a b.txt');
    expect(head.res.headers).toMatchObject({ 'x-oss-server-side-encryption': 'KMS', 'x-oss-server-side-encryption-key-id': k1, 'x-oss-storage-class': 'IA' });

    await oss.copy('dir/a b.txt', 'dir/a b.txt', { headers: { 'x-oss-server-side-encryption': 'KMS', 'x-oss-server-side-encryption-key-id': k2, 'x-oss-storage-class': 'IA' } });
    const after = await oss.head('dir/a b.txt');
    expect(after.res.headers).toMatchObject({ 'x-oss-server-side-encryption-key-id': k2, 'x-oss-storage-class': 'IA', 'content-type': 'text/plain', 'x-oss-meta-owner': 'team' });
    expect((await oss.getObjectTagging('dir/a b.txt')).tag).toEqual({ env: 'prod' });
    expect((await oss.get('dir/a b.txt')).content.toString()).toBe('hello');
    const listed = await oss.listV2({ 'max-keys': '1' } as never, {});
    expect(listed.objects.map((o: { name: string }) => o.name)).toEqual(['dir/a b.txt']);
  });

  it('copies a large object part by part with UploadPartCopy under the new key', async () => {
    const k1 = await enabledKey();
    const k2 = await enabledKey();
    const oss = ossClient(env.sandbox.port, 'ali-bucket');
    const body = randomBytes(300 * 1024);
    await oss.put('big.bin', body, { headers: { 'x-oss-server-side-encryption': 'KMS', 'x-oss-server-side-encryption-key-id': k1 } });
    const init = await oss.initMultipartUpload('big.bin', { headers: { 'x-oss-server-side-encryption': 'KMS', 'x-oss-server-side-encryption-key-id': k2 } });
    const half = body.length / 2;
    const p1 = await oss.uploadPartCopy('big.bin', init.uploadId, 1, `0-${half - 1}`, { sourceKey: 'big.bin', sourceBucketName: 'ali-bucket' });
    const p2 = await oss.uploadPartCopy('big.bin', init.uploadId, 2, `${half}-${body.length - 1}`, { sourceKey: 'big.bin', sourceBucketName: 'ali-bucket' });
    await oss.completeMultipartUpload('big.bin', init.uploadId, [{ number: 1, etag: p1.etag }, { number: 2, etag: p2.etag }]);
    const got = await oss.get('big.bin');
    expect(Buffer.compare(got.content, body)).toBe(0);
    expect(got.res.headers['x-oss-server-side-encryption-key-id']).toBe(k2);
  });

  it('refuses reads while the object key is Disabled or PendingImport (403 AccessDenied, forbidden by kms); HEAD still works', async () => {
    const k = await enabledKey();
    const oss = ossClient(env.sandbox.port, 'ali-bucket');
    await oss.put('locked.txt', Buffer.from('x'), { headers: { 'x-oss-server-side-encryption': 'KMS', 'x-oss-server-side-encryption-key-id': k } });
    const pop = popClient(env.sandbox.port);
    await pop.call('DisableKey', { KeyId: k });
    await expect(oss.get('locked.txt')).rejects.toMatchObject({ status: 403, code: 'AccessDenied' });
    await pop.call('EnableKey', { KeyId: k });
    await pop.call('DeleteKeyMaterial', { KeyId: k });
    await expect(oss.get('locked.txt')).rejects.toMatchObject({ status: 403, code: 'AccessDenied' });
    expect((await oss.head('locked.txt')).status).toBe(200);
  });

  it('refuses a request signed with the wrong secret: 403 SignatureDoesNotMatch', async () => {
    await expect(ossClient(env.sandbox.port, 'ali-bucket', 'wrong').get('locked.txt')).rejects.toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });
  });
});
