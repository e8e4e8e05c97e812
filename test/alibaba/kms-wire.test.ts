/**
 * The KMS 2016-01-20 wire of the Alibaba sandbox, driven by Alibaba's own clients: the by-hand
 * BYOK procedure through @alicloud/kms20160120 (HMAC-SHA1 v1) with `openssl pkeyutl` wrapping,
 * the generic callApi of @alicloud/openapi-client (ACS3-HMAC-SHA256), and signatures checked.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kms, kmsClient, popClient } from './clients.js';
import { opensslWrap, startAliEnv, type AliEnv } from './env.js';

let env: AliEnv;
beforeAll(async () => {
  env = await startAliEnv();
});
afterAll(async () => env?.close());

const req = (name: string, fields: Record<string, unknown>) => new kms[name]!(fields);

describe('by hand with @alicloud/kms20160120 (HMAC-SHA1 in the query)', () => {
  it('creates an EXTERNAL key, gets parameters, imports openssl-wrapped material: Enabled with the expiry asked for', async () => {
    const c = kmsClient(env.sandbox.port);
    const created = await c.createKey(req('CreateKeyRequest', { origin: 'EXTERNAL', keySpec: 'Aliyun_AES_256', description: 'by hand' }));
    const keyId = created.keyMetadata.keyId as string;
    expect(created.keyMetadata.keyState).toBe('PendingImport');
    expect(created.keyMetadata.arn).toBe(`acs:kms:cn-hangzhou:1234567890123456:key/${keyId}`);
    const params = await c.getParametersForImport(req('GetParametersForImportRequest', { keyId, wrappingAlgorithm: 'RSAES_OAEP_SHA_256', wrappingKeySpec: 'RSA_2048' }));
    expect(Date.parse(params.tokenExpireTime) - Date.now()).toBeGreaterThan(23.9 * 3600_000);
    const material = randomBytes(32);
    const wrapped = opensslWrap(params.publicKey, material, 'RSAES_OAEP_SHA_256');
    const expireUnix = Math.floor(Date.now() / 1000) + 400 * 86400; // beyond AWS's 365 d: Alibaba has no cap
    await c.importKeyMaterial(req('ImportKeyMaterialRequest', { keyId, encryptedKeyMaterial: wrapped.toString('base64'), importToken: params.importToken, keyMaterialExpireUnix: expireUnix }));
    const d = await c.describeKey(req('DescribeKeyRequest', { keyId }));
    expect(d.keyMetadata.keyState).toBe('Enabled');
    expect(d.keyMetadata.materialExpireTime).toBe(`${new Date(expireUnix * 1000).toISOString().slice(0, 19)}Z`);

    // The token stays valid for its 24 h: re-import of the same material with it resets the expiry to never.
    await c.importKeyMaterial(req('ImportKeyMaterialRequest', { keyId, encryptedKeyMaterial: wrapped.toString('base64'), importToken: params.importToken, keyMaterialExpireUnix: 0 }));
    expect((await c.describeKey(req('DescribeKeyRequest', { keyId }))).keyMetadata.materialExpireTime).toBe('');

    // Different material is refused for good.
    const other = opensslWrap(params.publicKey, randomBytes(32), 'RSAES_OAEP_SHA_256');
    await expect(c.importKeyMaterial(req('ImportKeyMaterialRequest', { keyId, encryptedKeyMaterial: other.toString('base64'), importToken: params.importToken, keyMaterialExpireUnix: 0 })))
      .rejects.toMatchObject({ code: 'Rejected.IncorrectKeyMaterialError' });
  });

  it('refuses a request signed with the wrong secret with SignatureDoesNotMatch (HTTP 400), and an unknown AccessKey with 404', async () => {
    const bad = kmsClient(env.sandbox.port, 'not-the-secret');
    await expect(bad.listKeys(req('ListKeysRequest', {}))).rejects.toMatchObject({ code: 'SignatureDoesNotMatchError', data: { Code: 'SignatureDoesNotMatch' } });
    await expect(bad.listKeys(req('ListKeysRequest', {}))).rejects.toThrow(/code: 400/);
    const unknown = kmsClient(env.sandbox.port, 'test', 'nobody');
    await expect(unknown.listKeys(req('ListKeysRequest', {}))).rejects.toThrow(/code: 404/);
  });
});

describe('@alicloud/openapi-client callApi (ACS3-HMAC-SHA256)', () => {
  it('creates a tagged key in a KMS instance, lists it with PageSize, aliases it, and refuses OAEP_SHA_1 for the instance key', async () => {
    const pop = popClient(env.sandbox.port);
    const tags = JSON.stringify([{ TagKey: 'byok:manifest', TagValue: 'm1' }]);
    const k = await pop.call('CreateKey', { Origin: 'EXTERNAL', KeySpec: 'Aliyun_AES_256', DKMSInstanceId: 'kst-hzz-sandbox', Tags: tags });
    const keyId = k.KeyMetadata.KeyId as string;
    expect(k.KeyMetadata.DKMSInstanceId).toBe('kst-hzz-sandbox');
    expect((await pop.call('ListResourceTags', { KeyId: keyId })).Tags.Tag).toEqual([{ KeyId: keyId, TagKey: 'byok:manifest', TagValue: 'm1' }]);
    const page = await pop.call('ListKeys', { PageNumber: 1, PageSize: 100 });
    expect(page.Keys.Key.map((x: { KeyId: string }) => x.KeyId)).toContain(keyId);
    expect(page.PageSize).toBe(100);
    await expect(pop.call('GetParametersForImport', { KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_1', WrappingKeySpec: 'RSA_2048' })).rejects.toMatchObject({ code: 'InvalidParameter.WrappingAlgorithm' });
    await pop.call('CreateAlias', { AliasName: 'alias/pop-made', KeyId: keyId });
    const aliases = await pop.call('ListAliasesByKeyId', { KeyId: keyId });
    expect(aliases.Aliases.Alias[0]).toMatchObject({ AliasName: 'alias/pop-made', KeyId: keyId });
    await expect(pop.call('CreateAlias', { AliasName: 'alias/acs/mine', KeyId: keyId })).rejects.toMatchObject({ code: 'InvalidParameter' });
    await expect(pop.call('ScheduleKeyDeletion', { KeyId: keyId, PendingWindowInDays: 400 })).rejects.toMatchObject({ code: 'InvalidParameter.PendingWindowInDays' });
    await pop.call('ScheduleKeyDeletion', { KeyId: keyId, PendingWindowInDays: 366 });
    await pop.call('CancelKeyDeletion', { KeyId: keyId });
    expect((await pop.call('DescribeKey', { KeyId: 'alias/pop-made' })).KeyMetadata.KeyState).toBe('PendingImport');
  });

  it('takes the parameters from a signed form body as well (ACS3 payload hash, and HMAC-SHA1 v1 over query + form)', async () => {
    const k = await popClient(env.sandbox.port, 'test', 'test', true).call('CreateKey', { Origin: 'EXTERNAL', Description: 'from the body' });
    expect(k.KeyMetadata.Description).toBe('from the body');
    // A v1-signed form POST, as pop-core style clients send it, signed here from the documented recipe.
    const enc = (x: string) => encodeURIComponent(x).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    const params: Record<string, string> = {
      Action: 'DescribeKey', Version: '2016-01-20', Format: 'JSON', AccessKeyId: 'test', SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0', SignatureNonce: String(Math.random()), Timestamp: new Date().toISOString().slice(0, 19) + 'Z', KeyId: k.KeyMetadata.KeyId,
    };
    const canonical = Object.keys(params).sort().map((n) => `${enc(n)}=${enc(params[n]!)}`).join('&');
    const { createHmac } = await import('node:crypto');
    const sign = (secret: string) => createHmac('sha1', `${secret}&`).update(`POST&${enc('/')}&${enc(canonical)}`).digest('base64');
    const post = (secret: string) => fetch(`${env.sandbox.url}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ ...params, Signature: sign(secret) }).toString() });
    const ok = await post('test');
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { KeyMetadata: { Description: string } }).KeyMetadata.Description).toBe('from the body');
    const bad = await post('wrong');
    expect([bad.status, ((await bad.json()) as { Code: string }).Code]).toEqual([400, 'SignatureDoesNotMatch']);
  });

  it('refuses an ACS3 request signed with the wrong secret (SignatureDoesNotMatch, 400) and a missing key (Forbidden.KeyNotFound, 404)', async () => {
    const err = await popClient(env.sandbox.port, 'wrong').call('ListKeys', {}).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SignatureDoesNotMatch', data: { statusCode: 400 } });
    const missing = await popClient(env.sandbox.port).call('DescribeKey', { KeyId: '00000000-0000-4000-8000-000000000000' }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 'Forbidden.KeyNotFound', data: { statusCode: 404 } });
  });
});
