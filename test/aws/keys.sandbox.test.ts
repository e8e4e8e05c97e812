import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TAG } from '../../src/core/types.js';
import { ProviderError } from '../../src/providers/port.js';
import { startEnv, inDays, keyInput, material32, wrapOaep, wrapOaep256, type Env } from './env.js';

let env: Env;
beforeAll(async () => {
  env = await startEnv();
});
afterAll(async () => {
  await env?.close();
});

async function rejection(p: Promise<unknown>): Promise<ProviderError> {
  const err = await p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProviderError);
  return err as ProviderError;
}

describe('KeyService on the sandbox through the real SDK', () => {
  it('creates EXTERNAL keys with their ownership tags, in PendingImport, without material', async () => {
    const { provider, sim } = env;
    const key = await provider.keys.createKey(keyInput('m-create', 'payments'));
    expect(key).toMatchObject({ provider: 'tokyo', state: 'PendingImport', keySpec: 'SYMMETRIC_DEFAULT', expirationModel: null, validTo: null, description: 'payments (byok test)' });
    expect(key.arn).toBe(`arn:aws:kms:us-east-1:000000000000:key/${key.keyId}`);
    const meta = sim.describeKey({ KeyId: key.keyId }).KeyMetadata;
    expect(meta.Origin).toBe('EXTERNAL');
    expect(meta.KeyUsage).toBe('ENCRYPT_DECRYPT');
    // Tagged in the create call itself: no TagResource was needed.
    expect(provider.stats().calls.TagResource ?? 0).toBe(0);
    const tags = Object.fromEntries(sim.listResourceTags({ KeyId: key.keyId }).Tags.map((t) => [t.TagKey, t.TagValue]));
    expect(tags).toEqual({ [TAG.manifest]: 'm-create', [TAG.key]: 'payments', [TAG.generation]: '1', [TAG.kcv]: 'abcdef' });
  });

  it('chooses the key usage by spec', async () => {
    const hmac = await env.provider.keys.createKey(keyInput('m-usage', 'mac', { keySpec: 'HMAC_256' }));
    const ecc = await env.provider.keys.createKey(keyInput('m-usage', 'sig', { keySpec: 'ECC_NIST_P256' }));
    const rsa = await env.provider.keys.createKey(keyInput('m-usage', 'rsa', { keySpec: 'RSA_2048' }));
    expect(env.sim.describeKey({ KeyId: hmac.keyId }).KeyMetadata.KeyUsage).toBe('GENERATE_VERIFY_MAC');
    expect(env.sim.describeKey({ KeyId: ecc.keyId }).KeyMetadata.KeyUsage).toBe('SIGN_VERIFY');
    expect(env.sim.describeKey({ KeyId: rsa.keyId }).KeyMetadata.KeyUsage).toBe('ENCRYPT_DECRYPT');
    expect(hmac.keySpec).toBe('HMAC_256');
  });

  it('imports with an expiry, re-imports the same material without one, and maps ValidTo/ExpirationModel', async () => {
    const { provider, clock } = env;
    const key = await provider.keys.createKey(keyInput('m-import', 'k'));
    const material = material32();
    const params = await provider.keys.getImportParameters(key.keyId, 'RSAES_OAEP_SHA_256', 'RSA_3072');
    expect(params.keyId).toBe(key.keyId);
    expect(params.publicKey.length).toBeGreaterThan(300);
    expect(params.parametersValidTo.getTime()).toBeGreaterThan(clock.now().getTime() + 23 * 3600_000);
    const validTo = inDays(clock, 200);
    await provider.keys.importMaterial(key.keyId, params, { encryptedKeyMaterial: wrapOaep256(params.publicKey, material) }, { model: 'expires', validTo });
    const imported = await provider.keys.describeKey(key.keyId);
    expect(imported).toMatchObject({ state: 'Enabled', expirationModel: 'expires', tags: { [TAG.key]: 'k' } });
    expect(Math.abs(Date.parse(imported!.validTo!) - validTo.getTime())).toBeLessThan(1000);

    // Re-import of the same material with fresh parameters; `never` must be sent explicitly.
    const again = await provider.keys.getImportParameters(key.arn, 'RSAES_OAEP_SHA_1', 'RSA_2048');
    await provider.keys.importMaterial(key.keyId, again, { encryptedKeyMaterial: wrapOaep(again.publicKey, material, 'sha1') }, { model: 'never' });
    expect(await provider.keys.describeKey(key.keyId)).toMatchObject({ state: 'Enabled', expirationModel: 'never', validTo: null });
  });

  it('maps KMS import failures: different material, expired token, alias as KeyId', async () => {
    const { provider, clock } = env;
    const key = await provider.keys.createKey(keyInput('m-import-err', 'k'));
    const params = await provider.keys.getImportParameters(key.keyId, 'RSAES_OAEP_SHA_256', 'RSA_2048');
    await provider.keys.importMaterial(key.keyId, params, { encryptedKeyMaterial: wrapOaep256(params.publicKey, material32()) }, { model: 'never' });

    const p2 = await provider.keys.getImportParameters(key.keyId, 'RSAES_OAEP_SHA_256', 'RSA_2048');
    const canary = Buffer.from('CANARY-MATERIAL-0123456789abcdef');
    const wrapped = wrapOaep256(p2.publicKey, canary);
    const different = await rejection(provider.keys.importMaterial(key.keyId, p2, { encryptedKeyMaterial: wrapped }, { model: 'never' }));
    expect([different.code, different.providerCode]).toEqual(['provider.incorrect-material', 'IncorrectKeyMaterialException']);
    // Neither material, wrapped material nor token reaches the error, its stack or its JSON form.
    const everything = `${different.message}\n${different.stack}\n${JSON.stringify(different)}`;
    for (const secret of [canary, wrapped, p2.importToken]) {
      for (const form of [secret.toString('base64').slice(0, 24), secret.toString('hex').slice(0, 24), secret.toString('latin1').slice(0, 12)]) {
        expect(everything).not.toContain(form);
      }
    }

    const p3 = await provider.keys.getImportParameters(key.keyId, 'RSAES_OAEP_SHA_256', 'RSA_2048');
    clock.advance(25 * 3600_000);
    try {
      const expired = await rejection(provider.keys.importMaterial(key.keyId, p3, { encryptedKeyMaterial: wrapOaep256(p3.publicKey, material32()) }, { model: 'never' }));
      expect([expired.code, expired.providerCode, expired.retryable]).toEqual(['provider.import-token', 'ExpiredImportTokenException', true]);
      // The token never appears in the message.
      expect(expired.message).not.toContain(p3.importToken.toString('base64').slice(0, 40));
    } finally {
      clock.advance(-25 * 3600_000);
    }

    const before = provider.stats().requests.GetParametersForImport ?? 0;
    const alias = await rejection(provider.keys.getImportParameters('alias/whatever', 'RSAES_OAEP_SHA_256', 'RSA_2048'));
    expect(alias.code).toBe('provider.rejected');
    expect(provider.stats().requests.GetParametersForImport ?? 0).toBe(before);
  });

  it('describeKey returns null for a key that does not exist', async () => {
    expect(await env.provider.keys.describeKey('11111111-2222-3333-4444-555555555555')).toBeNull();
    expect(await env.provider.keys.describeKey('arn:aws:kms:us-east-1:000000000000:key/11111111-2222-3333-4444-555555555555')).toBeNull();
  });

  it('creates, updates and reads aliases (only the named ones)', async () => {
    const { provider } = env;
    const a = await provider.keys.createKey(keyInput('m-alias', 'a'));
    const b = await provider.keys.createKey(keyInput('m-alias', 'b'));
    await provider.keys.createAlias('alias/m-alias-one', a.keyId);
    await provider.keys.createAlias('alias/m-alias-two', a.keyId);
    await provider.keys.updateAlias('alias/m-alias-two', b.keyId);
    const found = await provider.keys.getAliases(['alias/m-alias-two', 'alias/m-alias-one', 'alias/absent']);
    expect(found).toEqual([
      { provider: 'tokyo', name: 'alias/m-alias-one', targetKeyId: a.keyId },
      { provider: 'tokyo', name: 'alias/m-alias-two', targetKeyId: b.keyId },
    ]);
    const before = provider.stats().requests.ListAliases ?? 0;
    expect(await provider.keys.getAliases([])).toEqual([]);
    expect(provider.stats().requests.ListAliases ?? 0).toBe(before);

    const dup = await rejection(provider.keys.createAlias('alias/m-alias-one', b.keyId));
    expect([dup.code, dup.providerCode]).toEqual(['provider.rejected', 'AlreadyExistsException']);
    const bad = await rejection(provider.keys.createAlias('alias/aws/reserved', b.keyId));
    expect(bad.code).toBe('provider.rejected');
  });

  it('pages through more than 100 aliases', async () => {
    const { provider, sim } = env;
    const key = await provider.keys.createKey(keyInput('m-alias-pages', 'k'));
    for (let i = 0; i < 130; i++) sim.createAlias({ AliasName: `alias/page-${String(i).padStart(3, '0')}`, TargetKeyId: key.keyId });
    const before = provider.stats().requests.ListAliases ?? 0;
    const found = await provider.keys.getAliases(['alias/page-000', 'alias/page-129']);
    expect(found.map((a) => a.name)).toEqual(['alias/page-000', 'alias/page-129']);
    expect((provider.stats().requests.ListAliases ?? 0) - before).toBeGreaterThanOrEqual(2);
  });

  it('disables, enables, tags and schedules deletion', async () => {
    const { provider, clock } = env;
    const key = await provider.keys.createKey(keyInput('m-life', 'k'));
    const params = await provider.keys.getImportParameters(key.keyId, 'RSAES_OAEP_SHA_256', 'RSA_2048');
    await provider.keys.importMaterial(key.keyId, params, { encryptedKeyMaterial: wrapOaep256(params.publicKey, material32()) }, { model: 'expires', validTo: inDays(clock, 30) });

    const pending = await provider.keys.createKey(keyInput('m-life', 'pending'));
    const invalid = await rejection(provider.keys.enableKey(pending.keyId));
    expect([invalid.code, invalid.providerCode]).toEqual(['provider.invalid-state', 'KMSInvalidStateException']);

    await provider.keys.disableKey(key.keyId);
    expect((await provider.keys.describeKey(key.keyId))?.state).toBe('Disabled');
    await provider.keys.enableKey(key.keyId);
    expect((await provider.keys.describeKey(key.keyId))?.state).toBe('Enabled');

    await provider.keys.tagKey(key.keyId, { [TAG.supersededAt]: '2026-01-01T00:00:00.000Z', [TAG.generation]: '7' });
    expect((await provider.keys.describeKey(key.keyId))?.tags).toMatchObject({ [TAG.supersededAt]: '2026-01-01T00:00:00.000Z', [TAG.generation]: '7', [TAG.key]: 'k' });

    const tooShort = await rejection(provider.keys.scheduleKeyDeletion(key.keyId, 3));
    expect(tooShort.code).toBe('provider.rejected');
    const { deletionDate } = await provider.keys.scheduleKeyDeletion(key.keyId, 7);
    expect(Math.abs(deletionDate.getTime() - inDays(clock, 7).getTime())).toBeLessThan(60_000);
    const described = await provider.keys.describeKey(key.keyId);
    expect(described?.state).toBe('PendingDeletion');
    expect(described?.deletionDate).toBe(deletionDate.toISOString());
  });

  it('reports its AWS capabilities', () => {
    expect(env.provider.keys.capabilities).toEqual({ type: 'aws', tagsAtCreate: true, aliasAtCreate: 'no', objectStorage: true, maxValidForDays: 365, deletionWindowDays: { min: 7, max: 30 } });
  });
});
