import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WrappingAlgorithm } from '../../src/core/specs.js';
import { unwrapMaterial, wrapMaterial, wrappingKeySpecOf } from '../../src/wrapping/index.js';
import { ecb, genRsaKey, kwp, openssl, rsaDecrypt, rsaEncrypt, tempDir, type OpensslRsaKey, type Padding } from './openssl.js';

/**
 * Both directions against the real openssl binary, for every RSA algorithm and wrapping key size:
 * what we wrap, openssl unwraps to the exact material; what openssl wraps, we unwrap.
 */
const tmp = tempDir();
const keys: OpensslRsaKey[] = [];
const symmetric = randomBytes(32);
const pkcs8 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ format: 'der', type: 'pkcs8' });
const rsaPkcs8 = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'der', type: 'pkcs8' });

beforeAll(() => {
  for (const bits of [2048, 3072, 4096]) keys.push(genRsaKey(tmp.dir, bits));
});
afterAll(() => tmp.cleanup());

const SINGLE: Array<[WrappingAlgorithm, Padding]> = [
  ['RSAES_OAEP_SHA_1', { mode: 'oaep', hash: 'sha1' }],
  ['RSAES_OAEP_SHA_256', { mode: 'oaep', hash: 'sha256' }],
  ['RSAES_PKCS1_V1_5', { mode: 'pkcs1' }],
];
const HYBRID: Array<[WrappingAlgorithm, 'sha1' | 'sha256']> = [
  ['RSA_AES_KEY_WRAP_SHA_1', 'sha1'],
  ['RSA_AES_KEY_WRAP_SHA_256', 'sha256'],
];

describe.each([0, 1, 2])('RSA wrapping key #%i (2048/3072/4096)', (i) => {
  const key = () => keys[i] as OpensslRsaKey;

  it('the openssl public key has the expected wrapping key spec', () => {
    expect(wrappingKeySpecOf(key().publicKeyDer)).toBe(`RSA_${key().bits}`);
  });

  it.each(SINGLE)('%s: openssl decrypts our wrap, we unwrap openssl', (algorithm, padding) => {
    const ours = wrapMaterial(symmetric, key().publicKeyDer, algorithm);
    expect(ours.encryptedKeyMaterial.length).toBe(key().bits / 8);
    expect(rsaDecrypt(key(), ours.encryptedKeyMaterial, padding).equals(symmetric)).toBe(true);

    const theirs = rsaEncrypt(key(), symmetric, padding);
    expect(unwrapMaterial({ encryptedKeyMaterial: theirs }, key().privateKey, algorithm).equals(symmetric)).toBe(true);
  });

  it.each(HYBRID)('%s: RSA-OAEP(K) ‖ KWP(material), both directions', (algorithm, hash) => {
    for (const material of [symmetric, pkcs8, rsaPkcs8]) {
      const { encryptedKeyMaterial: blob } = wrapMaterial(material, key().publicKeyDer, algorithm);
      const k = rsaDecrypt(key(), blob.subarray(0, key().bits / 8), { mode: 'oaep', hash });
      expect(k.length).toBe(32);
      expect(kwp('unwrap', k, blob.subarray(key().bits / 8)).equals(material)).toBe(true);

      const k2 = randomBytes(32);
      const theirs = Buffer.concat([rsaEncrypt(key(), k2, { mode: 'oaep', hash }), kwp('wrap', k2, material)]);
      expect(unwrapMaterial({ encryptedKeyMaterial: theirs }, key().privateKey, algorithm).equals(material)).toBe(true);
    }
  });

  it('Alibaba RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD: RSA-OAEP-SHA256(K) ‖ AES-ECB-PKCS7, both directions', () => {
    const algorithm = 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD';
    const { encryptedKeyMaterial: blob } = wrapMaterial(pkcs8, key().publicKeyDer, algorithm);
    const k = rsaDecrypt(key(), blob.subarray(0, key().bits / 8), { mode: 'oaep', hash: 'sha256' });
    expect(ecb('decrypt', k, blob.subarray(key().bits / 8)).equals(pkcs8)).toBe(true);

    const k2 = randomBytes(32);
    const theirs = Buffer.concat([rsaEncrypt(key(), k2, { mode: 'oaep', hash: 'sha256' }), ecb('encrypt', k2, pkcs8)]);
    expect(unwrapMaterial({ encryptedKeyMaterial: theirs }, key().privateKey, algorithm).equals(pkcs8)).toBe(true);
  });

  it('Huawei two-field form: RSA-OAEP-SHA256(K) and KWP(PKCS#8) in separate fields, both directions', () => {
    const w = wrapMaterial(pkcs8, key().publicKeyDer, 'RSAES_OAEP_SHA_256', { form: 'huawei-asymmetric' });
    expect(w.encryptedKeyMaterial.length).toBe(key().bits / 8);
    const k = rsaDecrypt(key(), w.encryptedKeyMaterial, { mode: 'oaep', hash: 'sha256' });
    expect(kwp('unwrap', k, w.encryptedPrivateKey as Buffer).equals(pkcs8)).toBe(true);

    const k2 = randomBytes(32);
    const theirs = { encryptedKeyMaterial: rsaEncrypt(key(), k2, { mode: 'oaep', hash: 'sha256' }), encryptedPrivateKey: kwp('wrap', k2, pkcs8) };
    expect(unwrapMaterial(theirs, key().privateKey, 'RSAES_OAEP_SHA_256').equals(pkcs8)).toBe(true);
  });
});

describe('MGF1 follows the OAEP hash', () => {
  it('RSAES_OAEP_SHA_256 output decrypts with MGF1-SHA256 and not with MGF1-SHA1', () => {
    const key = keys[0] as OpensslRsaKey;
    const ours = wrapMaterial(symmetric, key.publicKeyDer, 'RSAES_OAEP_SHA_256');
    expect(rsaDecrypt(key, ours.encryptedKeyMaterial, { mode: 'oaep', hash: 'sha256' }).equals(symmetric)).toBe(true);
    const mgf1Sha1 = ['pkeyutl', '-decrypt', '-inkey', key.privatePem, '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256', '-pkeyopt', 'rsa_mgf1_md:sha1'];
    expect(() => openssl(mgf1Sha1, ours.encryptedKeyMaterial)).toThrow();
  });
});
