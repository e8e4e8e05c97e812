/**
 * The alibaba provider (openapi-client callApi + ali-oss + @alicloud/credentials) against the
 * Alibaba-wire sandbox: keys created with tags (in an instance when configured), imported with
 * our wrapping core, re-imported after expiry as a recovery, aliases, discovery by tag, bucket
 * default and re-encryption (single copy and UploadPartCopy), error mapping and throttling retries.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/core/specs.js';
import type { AlibabaProviderConfig } from '../../src/core/types.js';
import { identityLabel, identityTags, type KeyIdentity } from '../../src/core/identity.js';
import { ProviderError } from '../../src/providers/port.js';
import { createAlibabaProvider, type AlibabaProvider } from '../../src/providers/alibaba/index.js';
import { wrapMaterial } from '../../src/wrapping/index.js';
import { ossClient } from './clients.js';
import { startAliEnv, type AliEnv } from './env.js';

let env: AliEnv;
let provider: AlibabaProvider;
let config: AlibabaProviderConfig;
beforeAll(async () => {
  process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = 'test';
  process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = 'test';
  env = await startAliEnv();
  config = { name: 'hz', type: 'alibaba', region: 'cn-hangzhou', regionClass: 'china', endpoint: { kms: env.sandbox.url, oss: env.sandbox.url } };
  provider = await createAlibabaProvider(config, { clock: env.clock, reencrypt: { multipartThreshold: 200 * 1024, partBytes: 100 * 1024 } });
});
afterAll(async () => env?.close());

const identity = (gen: number): KeyIdentity => ({ manifest: 'm-ali', key: 'k', generation: gen, kcv: 'abcdef' });
const input = (gen: number, description = 'd') => ({ keySpec: 'SYMMETRIC_DEFAULT' as const, description, tags: identityTags(identity(gen)), identity: identity(gen), identityAlias: identityLabel(identity(gen)) });

async function importedKey(material: Buffer, validTo: Date | null, gen = 1) {
  const key = await provider.keys.createKey(input(gen));
  const params = await provider.keys.getImportParameters(key.keyId, 'RSAES_OAEP_SHA_256', 'RSA_2048');
  await provider.keys.importMaterial(key.keyId, params, wrapMaterial(material, params.publicKey, 'RSAES_OAEP_SHA_256'), validTo ? { model: 'expires', validTo } : { model: 'never' });
  return key;
}

describe('keys', () => {
  it('creates, imports, discovers by tag, and recovers after expiry as a re-import (same material)', async () => {
    const material = randomBytes(32);
    const validTo = new Date(Date.now() + 10 * DAY_MS);
    const key = await importedKey(material, validTo);
    expect(key.state).toBe('PendingImport');
    expect(key.expirationModel).toBeNull();
    const live = await provider.keys.describeKey(key.keyId);
    expect(live).toMatchObject({ state: 'Enabled', expirationModel: 'expires', validTo: new Date(Math.floor(validTo.getTime() / 1000) * 1000).toISOString() });
    const managed = await provider.keys.listManagedKeys('m-ali');
    expect(managed.map((k) => k.keyId)).toContain(key.keyId);
    expect(await provider.keys.listManagedKeys('someone-else')).toEqual([]);

    env.clock.offsetMs += 11 * DAY_MS;
    try {
      const expired = await provider.keys.describeKey(key.keyId);
      expect(expired).toMatchObject({ state: 'PendingImport', expirationModel: 'expires' });
      const p = await provider.keys.getImportParameters(key.keyId, 'RSAES_OAEP_SHA_256', 'RSA_2048');
      await provider.keys.importMaterial(key.keyId, p, wrapMaterial(material, p.publicKey, 'RSAES_OAEP_SHA_256'), { model: 'never' });
      expect(await provider.keys.describeKey(key.keyId)).toMatchObject({ state: 'Enabled', expirationModel: 'never', validTo: null });
    } finally {
      env.clock.offsetMs = 0;
    }
  });

  it('maps errors: different material, missing key, wrong secret', async () => {
    const key = await importedKey(randomBytes(32), null);
    const p = await provider.keys.getImportParameters(key.keyId, 'RSAES_OAEP_SHA_256', 'RSA_2048');
    await expect(provider.keys.importMaterial(key.keyId, p, wrapMaterial(randomBytes(32), p.publicKey, 'RSAES_OAEP_SHA_256'), { model: 'never' }))
      .rejects.toMatchObject({ code: 'provider.incorrect-material' });
    expect(await provider.keys.describeKey('00000000-0000-4000-8000-000000000000')).toBeNull();
    const bad = await createAlibabaProvider({ ...config, accessKeyIdEnv: 'ALI_T_ID', accessKeySecretEnv: 'ALI_T_SECRET' }, { env: { ALI_T_ID: 'test', ALI_T_SECRET: 'wrong' } });
    const err = await bad.keys.describeKey(key.keyId).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ code: 'provider.access-denied', providerCode: 'SignatureDoesNotMatch' });
  });

  it('creates keys in the KMS instance named by instanceId, and schedules deletion within 7-366 days', async () => {
    const inst = await createAlibabaProvider({ ...config, instanceId: 'kst-test-1' }, { clock: env.clock });
    const key = await inst.keys.createKey(input(9));
    expect(env.sim.describeKey({ KeyId: key.keyId }).KeyMetadata.InstanceId).toBe('kst-test-1');
    await expect(inst.keys.getImportParameters(key.keyId, 'RSAES_OAEP_SHA_1', 'RSA_2048')).rejects.toMatchObject({ code: 'provider.rejected' });
    const { deletionDate } = await inst.keys.scheduleKeyDeletion(key.keyId, 200);
    expect(Math.round((deletionDate.getTime() - Date.now()) / DAY_MS)).toBe(200);
  });

  it('imports with SM2PKE (EC_SM2 wrapping key) into an HSM key in a mainland China region; refuses it for a SOFTWARE key', async () => {
    const hsm = await createAlibabaProvider({ ...config, protectionLevel: 'HSM' }, { clock: env.clock });
    const key = await hsm.keys.createKey(input(21));
    const p = await hsm.keys.getImportParameters(key.keyId, 'SM2PKE', 'SM2');
    await hsm.keys.importMaterial(key.keyId, p, wrapMaterial(randomBytes(32), p.publicKey, 'SM2PKE'), { model: 'never' });
    expect(await hsm.keys.describeKey(key.keyId)).toMatchObject({ state: 'Enabled' });
    const soft = await provider.keys.createKey(input(22));
    await expect(provider.keys.getImportParameters(soft.keyId, 'SM2PKE', 'SM2')).rejects.toMatchObject({ code: 'provider.rejected', providerCode: 'InvalidParameter.WrappingAlgorithm' });
  });

  it('retries Rejected.Throttling with backoff until the quota lets the call through', async () => {
    const slow = await startAliEnv({ quotas: { KmsCreate: 4 } });
    try {
      const p = await createAlibabaProvider({ ...config, endpoint: { kms: slow.sandbox.url, oss: slow.sandbox.url }, quotas: { KmsCreate: 100 } }, { clock: slow.clock, maxAttempts: 10 });
      await Promise.all(Array.from({ length: 6 }, (_, i) => p.keys.createKey(input(i + 1))));
      expect(slow.sandbox.stats().totals.throttled).toBeGreaterThan(0);
      expect(p.stats().throttled.CreateKey).toBeGreaterThan(0);
      expect(slow.sim.listKeys({}).Keys).toHaveLength(6);
    } finally {
      await slow.close();
    }
  });
});

describe('aliases and buckets', () => {
  it('points aliases, sets the bucket default, counts and re-encrypts objects (UploadPartCopy above the threshold) keeping attributes', async () => {
    const k1 = await importedKey(randomBytes(32), null);
    const k2 = await importedKey(randomBytes(32), null, 2);
    await provider.keys.createAlias('alias/ali-app', k1.keyId);
    expect(await provider.keys.getAliases(['alias/ali-app', 'alias/none'])).toEqual([{ provider: 'hz', name: 'alias/ali-app', targetKeyId: k1.keyId }]);
    await provider.keys.updateAlias('alias/ali-app', k2.keyId);
    expect((await provider.keys.getAliases(['alias/ali-app']))[0]!.targetKeyId).toBe(k2.keyId);

    const oss = ossClient(env.sandbox.port, 'prov-bucket');
    await ossClient(env.sandbox.port).putBucket('prov-bucket');
    expect(await provider.buckets.getBucketEncryption('no-such-bucket')).toBeNull();
    expect(await provider.buckets.getBucketEncryption('prov-bucket')).toEqual({ kmsKeyId: null, kmsKeyRaw: null, bucketKey: false });
    await provider.buckets.putBucketEncryption('prov-bucket', k1.keyId, true);
    expect(await provider.buckets.getBucketEncryption('prov-bucket')).toEqual({ kmsKeyId: k1.keyId, kmsKeyRaw: k1.keyId, bucketKey: true });
    await oss.put('small.txt', Buffer.from('small'), { mime: 'text/plain', headers: { 'x-oss-storage-class': 'IA', 'x-oss-meta-team': 'a', 'x-oss-tagging': 't=1' } });
    const big = randomBytes(300 * 1024);
    await oss.put('big.bin', big, { mime: 'application/x-big', headers: { 'x-oss-meta-size': 'big', 'x-oss-tagging': 'b=2' } });
    expect(await provider.buckets.countObjectsByKey('prov-bucket')).toEqual({ [k1.keyId]: 2 });

    expect(await provider.buckets.reencryptObjects('prov-bucket', k2.keyId, true)).toBe(2);
    expect(await provider.buckets.countObjectsByKey('prov-bucket')).toEqual({ [k2.keyId]: 2 });
    const small = (await oss.head('small.txt')).res.headers;
    expect(small).toMatchObject({ 'content-type': 'text/plain', 'x-oss-storage-class': 'IA', 'x-oss-meta-team': 'a' });
    expect((await oss.getObjectTagging('small.txt')).tag).toEqual({ t: '1' });
    const bigHead = (await oss.head('big.bin')).res.headers;
    expect(bigHead).toMatchObject({ 'content-type': 'application/x-big', 'x-oss-meta-size': 'big', 'x-oss-server-side-encryption-key-id': k2.keyId });
    expect((await oss.getObjectTagging('big.bin')).tag).toEqual({ b: '2' });
    expect(Buffer.compare((await oss.get('big.bin')).content, big)).toBe(0);
    expect(env.sandbox.stats().calls.UploadPartCopy).toBe(3);
    // Nothing left to do: a second pass rewrites nothing.
    expect(await provider.buckets.reencryptObjects('prov-bucket', k2.keyId, true)).toBe(0);
  });
});
