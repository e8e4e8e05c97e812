import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/diagnostics/diagnostic.js';
import type { DiagnosticCode } from '../../src/diagnostics/codes.js';
import { generateWrappingKeyPair, unwrapMaterial, wrapMaterial, wrappingKeySpecOf } from '../../src/wrapping/index.js';
import { wrapWith } from '../../src/wrapping/wrap.js';
import type { KeyObject } from 'node:crypto';

function codeOf(fn: () => unknown): DiagnosticCode | 'no-error' | 'not-user-error' {
  try {
    fn();
    return 'no-error';
  } catch (e) {
    return e instanceof UserError ? (e.diagnostics[0]?.code ?? 'not-user-error') : 'not-user-error';
  }
}

let rsa2048: { publicKeyDer: Buffer; privateKey: KeyObject };
let rsa4096: { publicKeyDer: Buffer; privateKey: KeyObject };
beforeAll(async () => {
  [rsa2048, rsa4096] = await Promise.all([generateWrappingKeyPair('RSA_2048'), generateWrappingKeyPair('RSA_4096')]);
});

describe('wrap-time checks', () => {
  it('generateWrappingKeyPair gives a DER SPKI of the requested spec', () => {
    expect(wrappingKeySpecOf(rsa2048.publicKeyDer)).toBe('RSA_2048');
    expect(wrappingKeySpecOf(rsa4096.publicKeyDer)).toBe('RSA_4096');
  });

  it('refuses a public key whose modulus differs from the expected wrapping key spec', () => {
    expect(codeOf(() => wrapMaterial(randomBytes(32), rsa2048.publicKeyDer, 'RSAES_OAEP_SHA_256', { expectedKeySpec: 'RSA_4096' }))).toBe('wrapping.public-key-mismatch');
    expect(codeOf(() => wrapMaterial(randomBytes(32), rsa4096.publicKeyDer, 'RSAES_OAEP_SHA_256', { expectedKeySpec: 'RSA_4096' }))).toBe('no-error');
  });

  it('refuses garbage and non-RSA public keys', () => {
    expect(codeOf(() => wrapMaterial(randomBytes(32), randomBytes(300), 'RSAES_OAEP_SHA_256'))).toBe('wrapping.public-key-mismatch');
    const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ format: 'der', type: 'spki' });
    expect(codeOf(() => wrapMaterial(randomBytes(32), ec, 'RSAES_OAEP_SHA_256'))).toBe('wrapping.public-key-mismatch');
  });

  it('enforces the OAEP limit (modulus bytes - 2*hashLen - 2) exactly', () => {
    // RSA-2048: 190 bytes with SHA-256, 214 with SHA-1.
    expect(codeOf(() => wrapMaterial(randomBytes(190), rsa2048.publicKeyDer, 'RSAES_OAEP_SHA_256'))).toBe('no-error');
    expect(codeOf(() => wrapMaterial(randomBytes(191), rsa2048.publicKeyDer, 'RSAES_OAEP_SHA_256'))).toBe('wrapping.too-large');
    expect(codeOf(() => wrapMaterial(randomBytes(214), rsa2048.publicKeyDer, 'RSAES_OAEP_SHA_1'))).toBe('no-error');
    expect(codeOf(() => wrapMaterial(randomBytes(215), rsa2048.publicKeyDer, 'RSAES_OAEP_SHA_1'))).toBe('wrapping.too-large');
    expect(codeOf(() => wrapMaterial(randomBytes(446), rsa4096.publicKeyDer, 'RSAES_OAEP_SHA_256'))).toBe('no-error');
    expect(codeOf(() => wrapMaterial(randomBytes(447), rsa4096.publicKeyDer, 'RSAES_OAEP_SHA_256'))).toBe('wrapping.too-large');
  });

  it('a P-521 PKCS#8 key does not fit RSA_2048 + OAEP (why AWS refuses that combination)', () => {
    const p521 = generateKeyPairSync('ec', { namedCurve: 'secp521r1' }).privateKey.export({ format: 'der', type: 'pkcs8' });
    expect(codeOf(() => wrapMaterial(p521, rsa2048.publicKeyDer, 'RSAES_OAEP_SHA_1'))).toBe('wrapping.too-large');
  });

  it.each(['SM2PKE_SM4_ECB', 'SM2_ENCRYPT'] as const)('%s throws wrapping.unsupported', (alg) => {
    expect(codeOf(() => wrapMaterial(randomBytes(32), rsa2048.publicKeyDer, alg))).toBe('wrapping.unsupported');
  });

  it('SM2PKE refuses an RSA wrapping public key', () => {
    expect(codeOf(() => wrapMaterial(randomBytes(32), rsa2048.publicKeyDer, 'SM2PKE'))).toBe('wrapping.public-key-mismatch');
  });

  it('the Huawei two-field form refuses a non-OAEP algorithm', () => {
    expect(codeOf(() => wrapMaterial(randomBytes(32), rsa2048.publicKeyDer, 'RSA_AES_KEY_WRAP_SHA_256', { form: 'huawei-asymmetric' }))).toBe('wrapping.incompatible');
  });

  it('zeroes every ephemeral AES key after use', () => {
    const issued: Buffer[] = [];
    const source = () => {
      const k = randomBytes(32);
      issued.push(k);
      return k;
    };
    const m = randomBytes(138);
    for (const alg of ['RSA_AES_KEY_WRAP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_1', 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD'] as const) {
      const w = wrapWith(m, rsa2048.publicKeyDer, alg, {}, source);
      expect(unwrapMaterial(w, rsa2048.privateKey, alg).equals(m)).toBe(true);
    }
    wrapWith(m, rsa2048.publicKeyDer, 'RSAES_OAEP_SHA_256', { form: 'huawei-asymmetric' }, source);
    // A failure after K was issued (here: a 300-byte K does not fit OAEP) must still zero K.
    expect(() => wrapWith(m, rsa2048.publicKeyDer, 'RSA_AES_KEY_WRAP_SHA_256', {}, () => { const k = randomBytes(300); issued.push(k); return k; })).toThrow();
    expect(issued).toHaveLength(5);
    for (const k of issued) expect(k.every((b) => b === 0)).toBe(true);
  });

  it('leaves the caller-owned material untouched', () => {
    const m = randomBytes(32);
    const copy = Buffer.from(m);
    wrapMaterial(m, rsa2048.publicKeyDer, 'RSA_AES_KEY_WRAP_SHA_256');
    expect(m.equals(copy)).toBe(true);
  });
});

describe('unwrapMaterial failures', () => {
  it('fails with a bare message for the wrong key, wrong algorithm or a corrupted blob', () => {
    const m = randomBytes(32);
    const w = wrapMaterial(m, rsa2048.publicKeyDer, 'RSA_AES_KEY_WRAP_SHA_256');
    expect(() => unwrapMaterial(w, rsa4096.privateKey, 'RSA_AES_KEY_WRAP_SHA_256')).toThrow(/^unwrap failed$/);
    expect(() => unwrapMaterial(w, rsa2048.privateKey, 'RSA_AES_KEY_WRAP_SHA_1')).toThrow(/^unwrap failed$/);
    const bad = Buffer.from(w.encryptedKeyMaterial);
    bad[bad.length - 1] = (bad[bad.length - 1] ?? 0) ^ 1;
    expect(() => unwrapMaterial({ encryptedKeyMaterial: bad }, rsa2048.privateKey, 'RSA_AES_KEY_WRAP_SHA_256')).toThrow(/^unwrap failed$/);
    const o = wrapMaterial(m, rsa2048.publicKeyDer, 'RSAES_OAEP_SHA_1');
    expect(() => unwrapMaterial(o, rsa2048.privateKey, 'RSAES_OAEP_SHA_256')).toThrow(/^unwrap failed$/);
  });

  it('round-trips PKCS#1 v1.5 in-process (our manual unpadding)', () => {
    const m = randomBytes(32);
    const w = wrapMaterial(m, rsa2048.publicKeyDer, 'RSAES_PKCS1_V1_5');
    expect(unwrapMaterial(w, rsa2048.privateKey, 'RSAES_PKCS1_V1_5').equals(m)).toBe(true);
    expect(() => unwrapMaterial(w, rsa2048.privateKey, 'RSAES_OAEP_SHA_1')).toThrow(/^unwrap failed$/);
  });
});
