/**
 * The Huawei-wire sandbox driven by Huawei's own npm clients: the SDK core's HcClient (AK/SK
 * SDK-HMAC-SHA256) for KMS and esdk-obs-nodejs (path style, V2 signature) for OBS. The manual
 * procedure by hand: create an external key with an alias, get import parameters, wrap 32 bytes
 * with `openssl pkeyutl`, import, state 2; then OBS default encryption and object key ids.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hcClient, kms, kmsRaw, obsClient, startHwFixture, type HwFixture } from './clients.js';
import { openssl, tempDir, writeTemp } from '../wrapping/openssl.js';

let f: HwFixture;
const tmp = tempDir('byok-hw-');

beforeAll(async () => {
  f = await startHwFixture();
});
afterAll(async () => {
  await f?.sb.close();
  tmp.cleanup();
});

async function sdkError(p: Promise<unknown>): Promise<{ httpStatusCode?: number; errorCode?: string; errorMsg?: string }> {
  try {
    await p;
  } catch (e) {
    return e as { httpStatusCode?: number; errorCode?: string; errorMsg?: string };
  }
  throw new Error('expected the call to fail');
}

/** The manual procedure, the way a person does it with the SDK and openssl. */
async function byHand(alias: string, material: Buffer, expiresAt: number): Promise<string> {
  const c = hcClient(f.sb.url);
  const created = (await kms(c, 'POST', 'create-key', { key_alias: alias, key_spec: 'AES_256', origin: 'external', key_description: 'by hand' })) as {
    key_info: { key_id: string };
  };
  const keyId = created.key_info.key_id;
  const params = (await kms(c, 'POST', 'get-parameters-for-import', { key_id: keyId, wrapping_algorithm: 'RSAES_OAEP_SHA_256' })) as {
    import_token: string;
    public_key: string;
    expiration_time: number;
  };
  const pub = writeTemp(tmp.dir, `${alias.replace(/\W/g, '_')}.der`, Buffer.from(params.public_key, 'base64'));
  const wrapped = openssl(['pkeyutl', '-encrypt', '-pubin', '-keyform', 'DER', '-inkey', pub, '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256'], material);
  await kms(c, 'POST', 'import-key-material', {
    key_id: keyId,
    import_token: params.import_token,
    encrypted_key_material: wrapped.toString('base64'),
    expiration_time: expiresAt,
  });
  return keyId;
}

describe('KMS through the SDK core (HcClient, SDK-HMAC-SHA256)', () => {
  it('creates an external key, imports openssl-wrapped material and reports state 2 with the expiry in ms', async () => {
    const expires = Math.floor(Date.now() / 1000) + 30 * 86400;
    const keyId = await byHand('by-hand-1', randomBytes(32), expires);
    const d = (await kms(hcClient(f.sb.url), 'POST', 'describe-key', { key_id: keyId })) as { key_info: Record<string, string> };
    expect(d.key_info).toMatchObject({ key_id: keyId, key_state: '2', key_alias: 'by-hand-1', origin: 'external', key_spec: 'AES_256' });
    expect(d.key_info['expiration_time']).toBe(String(expires * 1000));
  });

  it('refuses a wrong secret with the gateway error and HTTP 401, and changes nothing', async () => {
    const before = f.sim.listKeys().Keys.length;
    const e = await sdkError(kms(hcClient(f.sb.url, 'test', 'wrong'), 'POST', 'create-key', { key_alias: 'never', origin: 'external' }));
    expect(e.httpStatusCode).toBe(401);
    expect(e.errorCode).toBe('APIGW.0301');
    expect(f.sim.listKeys().Keys.length).toBe(before);
  });

  it('refuses a re-import into an enabled key (KMS.0310), a duplicate key_alias (KMS.1104) and a past expiry (KMS.2602)', async () => {
    const c = hcClient(f.sb.url);
    const keyId = await byHand('by-hand-2', randomBytes(32), Math.floor(Date.now() / 1000) + 86400);
    const params = (await kms(c, 'POST', 'get-parameters-for-import', { key_id: keyId, wrapping_algorithm: 'RSAES_OAEP_SHA_256' })) as { import_token: string };
    const dup = await kmsRaw(c, 'POST', 'create-key', { key_alias: 'by-hand-2', origin: 'external' });
    expect(dup).toMatchObject({ status: 400, body: { error: { error_code: 'KMS.1104' } } });
    const material = 'A'.repeat(344);
    const again = await kmsRaw(c, 'POST', 'import-key-material', { key_id: keyId, import_token: params.import_token, encrypted_key_material: material, expiration_time: Math.floor(Date.now() / 1000) + 3600 });
    expect(again).toMatchObject({ status: 400, body: { error: { error_code: 'KMS.0310' } } });
    const past = await kmsRaw(c, 'POST', 'import-key-material', { key_id: keyId, import_token: params.import_token, encrypted_key_material: material, expiration_time: 1000 });
    expect(past).toMatchObject({ status: 400, body: { error: { error_code: 'KMS.2602' } } });
  });

  it('applies the 24 h default when expiration_time is left out (the trap the provider must avoid)', async () => {
    const c = hcClient(f.sb.url);
    const created = (await kms(c, 'POST', 'create-key', { key_alias: 'no-expiry-given', origin: 'external' })) as { key_info: { key_id: string } };
    const keyId = created.key_info.key_id;
    const params = (await kms(c, 'POST', 'get-parameters-for-import', { key_id: keyId, wrapping_algorithm: 'RSAES_OAEP_SHA_256' })) as { import_token: string; public_key: string };
    const pub = writeTemp(tmp.dir, 'noexp.der', Buffer.from(params.public_key, 'base64'));
    const wrapped = openssl(['pkeyutl', '-encrypt', '-pubin', '-keyform', 'DER', '-inkey', pub, '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256'], randomBytes(32));
    await kms(c, 'POST', 'import-key-material', { key_id: keyId, import_token: params.import_token, encrypted_key_material: wrapped.toString('base64') });
    const d = (await kms(c, 'POST', 'describe-key', { key_id: keyId })) as { key_info: Record<string, string> };
    const expiresIn = Number(d.key_info['expiration_time']) - f.clock.now().getTime();
    expect(expiresIn).toBeGreaterThan(86_400_000 - 60_000);
    expect(expiresIn).toBeLessThanOrEqual(86_400_000);
    f.clock.advance(86_400_000 + 1000);
    const later = (await kms(c, 'POST', 'describe-key', { key_id: keyId })) as { key_info: Record<string, string> };
    expect(later.key_info['key_state']).toBe('5');
    f.clock.advance(-(86_400_000 + 1000));
  });

  it('lists keys with string limit/marker, key_spec ALL, and tags them (at most 10)', async () => {
    const c = hcClient(f.sb.url);
    const list = (await kms(c, 'POST', 'list-keys', { limit: '1', key_spec: 'ALL' })) as { keys: string[]; truncated: string; next_marker: string };
    expect(list.keys).toHaveLength(1);
    expect(list.truncated).toBe('true');
    const keyId = list.keys[0]!;
    const tags = Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, value: `v${i}` }));
    await kms(c, 'POST', `${keyId}/tags/action`, { action: 'create', tags });
    const shown = (await kms(c, 'GET', `${keyId}/tags`)) as { tags: unknown[]; existTagsNum: number };
    expect(shown.existTagsNum).toBe(10);
    const e = await sdkError(kms(c, 'POST', `${keyId}/tags/action`, { action: 'create', tags: [{ key: 'eleventh', value: 'x' }] }));
    expect(e.httpStatusCode).toBe(400);
  });
});

describe('OBS through esdk-obs-nodejs (path style, V2 signature)', () => {
  it('sets default encryption with the key, writes an object under it and reports the key id', async () => {
    const keyId = await byHand('by-hand-obs', randomBytes(32), Math.floor(Date.now() / 1000) + 86400);
    const obs = await obsClient(f.sb.url);
    expect((await obs.createBucket({ Bucket: 'hw-bucket' })).CommonMsg.Status).toBeLessThan(300);
    const set = await obs.setBucketEncryption({ Bucket: 'hw-bucket', Rule: { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'kms', KMSMasterKeyID: keyId } } });
    expect(set.CommonMsg.Status).toBeLessThan(300);
    const got = await obs.getBucketEncryption({ Bucket: 'hw-bucket' });
    expect(got.InterfaceResult['Rule']['ApplyServerSideEncryptionByDefault']).toMatchObject({ SSEAlgorithm: 'kms', KMSMasterKeyID: `ap-southeast-1:${f.sim.accountId}:key/${keyId}` });
    expect((await obs.putObject({ Bucket: 'hw-bucket', Key: 'a/b.txt', Body: 'hello', ContentType: 'text/plain' })).CommonMsg.Status).toBeLessThan(300);
    const head = await obs.getObjectMetadata({ Bucket: 'hw-bucket', Key: 'a/b.txt' });
    expect(head.InterfaceResult['SseKmsKey']).toBe(`ap-southeast-1:${f.sim.accountId}:key/${keyId}`);
    const list = await obs.listObjects({ Bucket: 'hw-bucket' });
    expect(list.InterfaceResult['Contents'].map((c: { Key: string }) => c.Key)).toEqual(['a/b.txt']);
  });

  it('refuses a wrong secret with SignatureDoesNotMatch (403)', async () => {
    const r = await (await obsClient(f.sb.url, 'test', 'wrong')).createBucket({ Bucket: 'never' });
    expect(r.CommonMsg.Status).toBe(403);
    expect(r.CommonMsg.Code).toBe('SignatureDoesNotMatch');
  });
});
