import { describe, expect, it } from 'vitest';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { WrappingAlgorithm } from '../../src/core/specs.js';
import { awsError, importInto, newSim } from './helpers.js';

const pkcs8 = (type: 'ec', namedCurve: string): Buffer =>
  generateKeyPairSync(type, { namedCurve }).privateKey.export({ format: 'der', type: 'pkcs8' });
const rsaPkcs8 = (bits: number): Buffer => generateKeyPairSync('rsa', { modulusLength: bits }).privateKey.export({ format: 'der', type: 'pkcs8' });

const cases: { spec: string; usage: string; algorithm: WrappingAlgorithm; good: () => Buffer; bad: () => Buffer }[] = [
  { spec: 'HMAC_224', usage: 'GENERATE_VERIFY_MAC', algorithm: 'RSAES_OAEP_SHA_256', good: () => randomBytes(28), bad: () => randomBytes(32) },
  { spec: 'HMAC_512', usage: 'GENERATE_VERIFY_MAC', algorithm: 'RSAES_OAEP_SHA_1', good: () => randomBytes(64), bad: () => randomBytes(48) },
  { spec: 'ECC_NIST_P256', usage: 'SIGN_VERIFY', algorithm: 'RSAES_OAEP_SHA_256', good: () => pkcs8('ec', 'prime256v1'), bad: () => pkcs8('ec', 'secp384r1') },
  { spec: 'ECC_SECG_P256K1', usage: 'SIGN_VERIFY', algorithm: 'RSA_AES_KEY_WRAP_SHA_256', good: () => pkcs8('ec', 'secp256k1'), bad: () => randomBytes(32) },
  { spec: 'RSA_2048', usage: 'SIGN_VERIFY', algorithm: 'RSA_AES_KEY_WRAP_SHA_256', good: () => rsaPkcs8(2048), bad: () => pkcs8('ec', 'prime256v1') },
];

describe('import per key spec', () => {
  it.each(cases)('$spec takes material of its own size or type only ($algorithm)', async ({ spec, usage, algorithm, good, bad }) => {
    const { sim } = newSim();
    const keyId = sim.createKey({ Origin: 'EXTERNAL', KeySpec: spec, KeyUsage: usage }).KeyMetadata.KeyId;
    expect(await awsError(() => importInto(sim, keyId, bad(), { algorithm }))).toBe('IncorrectKeyMaterialException');
    await importInto(sim, keyId, good(), { algorithm });
    const md = sim.describeKey({ KeyId: keyId }).KeyMetadata;
    expect(md.KeyState).toBe('Enabled');
    // Only symmetric encryption keys report a current key material id.
    expect(md.CurrentKeyMaterialId).toBeUndefined();
  });

  it('RSA private keys need RSA_AES_KEY_WRAP (the AWS matrix), refused at GetParametersForImport', async () => {
    const { sim } = newSim();
    const keyId = sim.createKey({ Origin: 'EXTERNAL', KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }).KeyMetadata.KeyId;
    expect(await awsError(() => sim.getParametersForImport({ KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }))).toBe(
      'ValidationException',
    );
  });

  it('ImportType: EXISTING needs material; NEW on a key with material goes on to unwrap it', async () => {
    const { sim } = newSim();
    const keyId = sim.createKey({ Origin: 'EXTERNAL' }).KeyMetadata.KeyId;
    const m = randomBytes(32);
    const p = await sim.getParametersForImport({ KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' });
    const req = { KeyId: keyId, ImportToken: p.ImportToken, EncryptedKeyMaterial: Buffer.alloc(256), ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' };
    expect(await awsError(() => sim.importKeyMaterial({ ...req, ImportType: 'EXISTING_KEY_MATERIAL' }))).toBe('ValidationException');
    await importInto(sim, keyId, m);
    expect(await awsError(() => sim.importKeyMaterial({ ...req, ImportType: 'NEW_KEY_MATERIAL' }))).toBe('InvalidCiphertextException');
  });
});
