import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { wrapMaterial } from '../../src/wrapping/index.js';
import { DAY, FakeClock, awsError, externalKey, importInto, material32, newSim } from './helpers.js';

describe('CreateKey (EXTERNAL)', () => {
  it('starts PendingImport and disabled, with an AWS-shaped ARN', () => {
    const { sim } = newSim();
    const md = sim.createKey({ Origin: 'EXTERNAL' }).KeyMetadata;
    expect(md.KeyState).toBe('PendingImport');
    expect(md.Enabled).toBe(false);
    expect(md.KeyId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(md.Arn).toBe(`arn:aws:kms:us-east-1:000000000000:key/${md.KeyId}`);
    expect(md.ExpirationModel).toBeUndefined();
  });
});

describe('GetParametersForImport', () => {
  it('issues a real RSA public key of the requested spec and a 24 h token per call', async () => {
    const { sim, clock } = newSim(new FakeClock(), 0);
    const keyId = externalKey(sim);
    const a = await sim.getParametersForImport({ KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' });
    const b = await sim.getParametersForImport({ KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' });
    expect(a.PublicKey.equals(b.PublicKey)).toBe(false);
    expect(a.ImportToken.equals(b.ImportToken)).toBe(false);
    expect(a.ParametersValidTo.getTime() - clock.now().getTime()).toBe(DAY);
    const { createPublicKey } = await import('node:crypto');
    expect(createPublicKey({ key: a.PublicKey, format: 'der', type: 'spki' }).asymmetricKeyDetails?.modulusLength).toBe(2048);
  });

  it('reuses a pool of N pairs per spec when asked (benchmarks)', async () => {
    const { sim } = newSim(new FakeClock(), 2);
    const keyId = externalKey(sim);
    const get = async () =>
      (await sim.getParametersForImport({ KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })).PublicKey.toString('hex');
    const [a, b, c, d] = [await get(), await get(), await get(), await get()];
    expect(a).not.toBe(b);
    expect([c, d].sort()).toEqual([a, b].sort());
  });

  it.each([
    ['RSA_AES_KEY_WRAP_SHA_256 for a symmetric key', 'RSA_AES_KEY_WRAP_SHA_256', 'RSA_3072', 'ValidationException'],
    ['PKCS1 v1.5 (withdrawn by AWS)', 'RSAES_PKCS1_V1_5', 'RSA_2048', 'ValidationException'],
    ['an unknown algorithm', 'ROT13', 'RSA_2048', 'ValidationException'],
    ['an unknown wrapping key spec', 'RSAES_OAEP_SHA_256', 'RSA_1024', 'ValidationException'],
  ])('rejects %s', async (_name, alg, spec, code) => {
    const { sim } = newSim();
    const keyId = externalKey(sim);
    expect(await awsError(() => sim.getParametersForImport({ KeyId: keyId, WrappingAlgorithm: alg, WrappingKeySpec: spec }))).toBe(code);
  });

  it('refuses AWS_KMS keys, PendingDeletion keys, aliases and unknown keys', async () => {
    const { sim } = newSim();
    const req = (KeyId: string) => sim.getParametersForImport({ KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' });
    const kmsKey = sim.createKey({}).KeyMetadata.KeyId;
    expect(await awsError(() => req(kmsKey))).toBe('UnsupportedOperationException');
    const doomed = externalKey(sim);
    sim.scheduleKeyDeletion({ KeyId: doomed, PendingWindowInDays: 7 });
    expect(await awsError(() => req(doomed))).toBe('KMSInvalidStateException');
    const k = externalKey(sim);
    sim.createAlias({ AliasName: 'alias/a', TargetKeyId: k });
    expect(await awsError(() => req('alias/a'))).toBe('NotFoundException');
    expect(await awsError(() => req('11111111-2222-3333-4444-555555555555'))).toBe('NotFoundException');
  });
});

describe('ImportKeyMaterial', () => {
  it('enables the key, sets ValidTo and returns a stable 64-hex KeyMaterialId', async () => {
    const { sim, clock } = newSim();
    const keyId = externalKey(sim);
    const m = material32();
    const validTo = new Date(clock.now().getTime() + 100 * DAY);
    const first = await importInto(sim, keyId, m, { validTo });
    expect(first.KeyMaterialId).toMatch(/^[0-9a-f]{64}$/);
    const md = sim.describeKey({ KeyId: keyId }).KeyMetadata;
    expect(md).toMatchObject({ KeyState: 'Enabled', Enabled: true, ExpirationModel: 'KEY_MATERIAL_EXPIRES', CurrentKeyMaterialId: first.KeyMaterialId });
    expect(md.ValidTo?.toISOString()).toBe(validTo.toISOString());
    // Reimport of the same material (other algorithm) resets the expiry.
    const again = await importInto(sim, keyId, m, { algorithm: 'RSAES_OAEP_SHA_1', validTo: undefined });
    expect(again.KeyMaterialId).toBe(first.KeyMaterialId);
    expect(sim.describeKey({ KeyId: keyId }).KeyMetadata).toMatchObject({ ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE', KeyState: 'Enabled' });
    expect(sim.describeKey({ KeyId: keyId }).KeyMetadata.ValidTo).toBeUndefined();
  });

  it('rejects different material with IncorrectKeyMaterialException', async () => {
    const { sim } = newSim();
    const keyId = externalKey(sim);
    await importInto(sim, keyId, material32());
    expect(await awsError(() => importInto(sim, keyId, material32()))).toBe('IncorrectKeyMaterialException');
  });

  it.each([
    ['16 bytes for a symmetric key', randomBytes(16)],
    ['33 bytes for a symmetric key', randomBytes(33)],
  ])('rejects %s', async (_n, m) => {
    const { sim } = newSim();
    const keyId = externalKey(sim);
    expect(await awsError(() => importInto(sim, keyId, m))).toBe('IncorrectKeyMaterialException');
    expect(sim.describeKey({ KeyId: keyId }).KeyMetadata.KeyState).toBe('PendingImport');
  });

  const day = (n: number) => new Date(new FakeClock().now().getTime() + n * DAY);
  it.each([
    ['EXPIRES without ValidTo', { ExpirationModel: 'KEY_MATERIAL_EXPIRES' }, 'A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES'],
    ['no model and no ValidTo (default EXPIRES)', {}, 'A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES'],
    ['ValidTo with DOES_NOT_EXPIRE', { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE', ValidTo: day(10) }, 'must not be set'],
    ['ValidTo in the past', { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: day(-1) }, 'in the future'],
    ['ValidTo now', { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: day(0) }, 'in the future'],
    ['ValidTo 366 days ahead', { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: day(366) }, 'at most 365 days'],
    ['an unknown model', { ExpirationModel: 'SOMETIMES' }, 'enum value set'],
  ])('rejects %s with ValidationException', async (_n, extra, message) => {
    const { sim } = newSim();
    const keyId = externalKey(sim);
    const p = await sim.getParametersForImport({ KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' });
    const w = wrapMaterial(material32(), p.PublicKey, 'RSAES_OAEP_SHA_256');
    expect(() => sim.importKeyMaterial({ KeyId: keyId, ImportToken: p.ImportToken, EncryptedKeyMaterial: w.encryptedKeyMaterial, ...extra })).toThrow(
      expect.objectContaining({ awsCode: 'ValidationException', message: expect.stringContaining(message) }),
    );
  });

  it('accepts ValidTo exactly 365 days ahead', async () => {
    const { sim, clock } = newSim();
    const keyId = externalKey(sim);
    await importInto(sim, keyId, material32(), { validTo: new Date(clock.now().getTime() + 365 * DAY) });
    expect(sim.describeKey({ KeyId: keyId }).KeyMetadata.KeyState).toBe('Enabled');
  });

  it('unwraps with the algorithm the parameters were issued for', async () => {
    const { sim, clock } = newSim();
    const keyId = externalKey(sim);
    const p = await sim.getParametersForImport({ KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' });
    const wrongAlg = wrapMaterial(material32(), p.PublicKey, 'RSAES_OAEP_SHA_1');
    const imp = (blob: Buffer) =>
      sim.importKeyMaterial({ KeyId: keyId, ImportToken: p.ImportToken, EncryptedKeyMaterial: blob, ValidTo: new Date(clock.now().getTime() + DAY) });
    expect(await awsError(() => imp(wrongAlg.encryptedKeyMaterial))).toBe('InvalidCiphertextException');
    expect(await awsError(() => imp(randomBytes(256)))).toBe('InvalidCiphertextException');
    // A failed unwrap does not use up the token.
    imp(wrapMaterial(material32(), p.PublicKey, 'RSAES_OAEP_SHA_256').encryptedKeyMaterial);
    expect(sim.describeKey({ KeyId: keyId }).KeyMetadata.KeyState).toBe('Enabled');
  });

  it('refuses a token after 24 h of simulated time, of another key, used, or unknown', async () => {
    const { sim, clock } = newSim();
    const a = externalKey(sim);
    const b = externalKey(sim);
    const m = material32();
    const p = await sim.getParametersForImport({ KeyId: a, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' });
    const blob = wrapMaterial(m, p.PublicKey, 'RSAES_OAEP_SHA_256').encryptedKeyMaterial;
    const imp = (KeyId: string, token = p.ImportToken) =>
      sim.importKeyMaterial({ KeyId, ImportToken: token, EncryptedKeyMaterial: blob, ValidTo: new Date(clock.now().getTime() + DAY) });
    expect(await awsError(() => imp(b))).toBe('InvalidImportTokenException');
    expect(await awsError(() => imp(a, randomBytes(41)))).toBe('InvalidImportTokenException');
    clock.advance(DAY - 1);
    imp(a);
    expect(await awsError(() => imp(a))).toBe('InvalidImportTokenException');
    const q = await sim.getParametersForImport({ KeyId: a, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' });
    clock.advance(DAY);
    expect(await awsError(() => imp(a, q.ImportToken))).toBe('ExpiredImportTokenException');
    // Still expired (not "unknown") after the parameters were purged.
    sim.listKeys();
    expect(await awsError(() => imp(a, q.ImportToken))).toBe('ExpiredImportTokenException');
  });

  it('allows reimport into a Disabled key and keeps it Disabled', async () => {
    const { sim } = newSim();
    const keyId = externalKey(sim);
    const m = material32();
    await importInto(sim, keyId, m);
    sim.disableKey({ KeyId: keyId });
    await importInto(sim, keyId, m);
    expect(sim.describeKey({ KeyId: keyId }).KeyMetadata.KeyState).toBe('Disabled');
  });

  it('refuses import into AWS_KMS and PendingDeletion keys', async () => {
    const { sim } = newSim();
    const own = sim.createKey({}).KeyMetadata.KeyId;
    expect(await awsError(() => importInto(sim, own, material32()))).toBe('UnsupportedOperationException');
    const k = externalKey(sim);
    const p = await sim.getParametersForImport({ KeyId: k, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' });
    sim.scheduleKeyDeletion({ KeyId: k });
    const blob = wrapMaterial(material32(), p.PublicKey, 'RSAES_OAEP_SHA_256').encryptedKeyMaterial;
    expect(await awsError(() => sim.importKeyMaterial({ KeyId: k, ImportToken: p.ImportToken, EncryptedKeyMaterial: blob, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }))).toBe(
      'KMSInvalidStateException',
    );
  });
});
