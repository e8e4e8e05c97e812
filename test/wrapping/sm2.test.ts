/**
 * SM2PKE (src/wrapping/sm2.ts): our GM/T 0009 DER C1C3C2 ciphertext is decrypted by OpenSSL 3's
 * SM2 (`openssl pkeyutl -decrypt`, spawned), OpenSSL's ciphertext is decrypted by ours, and the
 * wrapping core and the Alibaba matrix use it.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkCompatibility, unwrapMaterial, wrapMaterial } from '../../src/wrapping/index.js';
import { generateSm2KeyPair, sm2Decrypt, sm2Encrypt, sm2PrivateKeyFromPkcs8 } from '../../src/wrapping/sm2.js';

const dir = mkdtempSync(join(tmpdir(), 'sm2-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir });

describe('SM2PKE against OpenSSL 3', () => {
  it('OpenSSL decrypts what we encrypt for its SM2 key', () => {
    openssl('genpkey', '-algorithm', 'SM2', '-out', 'sm2.pem');
    openssl('pkey', '-in', 'sm2.pem', '-pubout', '-outform', 'DER', '-out', 'pub.der');
    const material = randomBytes(32);
    writeFileSync(join(dir, 'c.der'), sm2Encrypt(readFileSync(join(dir, 'pub.der')), material));
    openssl('pkeyutl', '-decrypt', '-inkey', 'sm2.pem', '-in', 'c.der', '-out', 'plain.bin');
    expect(readFileSync(join(dir, 'plain.bin')).equals(material)).toBe(true);
  });

  it('we decrypt what OpenSSL encrypts for our SM2 key, and refuse a tampered ciphertext', async () => {
    const { publicKeyDer, privateKey } = await generateSm2KeyPair();
    writeFileSync(join(dir, 'ours.der'), publicKeyDer);
    const material = randomBytes(16);
    writeFileSync(join(dir, 'm.bin'), material);
    openssl('pkeyutl', '-encrypt', '-pubin', '-keyform', 'DER', '-inkey', 'ours.der', '-in', 'm.bin', '-out', 'theirs.der');
    const cipher = readFileSync(join(dir, 'theirs.der'));
    expect(cipher[0]).toBe(0x30);
    expect(sm2Decrypt(privateKey, cipher).equals(material)).toBe(true);
    const tampered = Buffer.from(cipher);
    tampered[tampered.length - 1]! ^= 1;
    expect(() => sm2Decrypt(privateKey, tampered)).toThrow();
    const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' });
    expect(sm2Decrypt(sm2PrivateKeyFromPkcs8(pkcs8), cipher).equals(material)).toBe(true);
  });

  it('wrapMaterial/unwrapMaterial with SM2PKE; the matrix allows it for Alibaba HSM-region keys only', async () => {
    const { publicKeyDer, privateKey } = await generateSm2KeyPair();
    const material = randomBytes(32);
    const wrapped = wrapMaterial(material, publicKeyDer, 'SM2PKE');
    expect(unwrapMaterial(wrapped, privateKey, 'SM2PKE').equals(material)).toBe(true);
    expect(checkCompatibility({ provider: 'alibaba', regionClass: 'china', keySpec: 'SYMMETRIC_DEFAULT', algorithm: 'SM2PKE', wrappingKeySpec: 'SM2' })).toEqual({ ok: true });
    expect(checkCompatibility({ provider: 'alibaba', regionClass: 'standard', keySpec: 'SYMMETRIC_DEFAULT', algorithm: 'SM2PKE', wrappingKeySpec: 'SM2' })).toMatchObject({ ok: false });
    expect(checkCompatibility({ provider: 'aws', regionClass: 'china', keySpec: 'SM2', algorithm: 'SM2PKE', wrappingKeySpec: 'SM2' })).toMatchObject({ ok: false, code: 'wrapping.unsupported' });
  });
});
