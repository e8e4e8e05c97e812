import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kcv } from '../../src/wrapping/index.js';
import { genRsaKey, kwp, opensslKcv, rsaDecrypt, type OpensslRsaKey } from '../wrapping/openssl.js';
import { material } from './cli-helpers.js';
import { CANARY, tmp } from './helpers.js';

const t = tmp();
let rsa3072: OpensslRsaKey;
let rsa2048: OpensslRsaKey;
beforeAll(() => {
  rsa3072 = genRsaKey(t.dir, 3072);
  rsa2048 = genRsaKey(t.dir, 2048);
  t.write('canary.bin', CANARY);
});
afterAll(() => t.cleanup());

const mode = (p: string) => statSync(join(t.dir, p)).mode & 0o777;

describe('reconcile material generate', () => {
  it('writes 32 random bytes with mode 0600 and prints their KCV', async () => {
    const r = await material(['generate', '--out', 'gen.bin'], t.dir);
    expect(r.code).toBe(0);
    const bytes = readFileSync(join(t.dir, 'gen.bin'));
    expect(bytes.length).toBe(32);
    expect(mode('gen.bin')).toBe(0o600);
    expect(r.stdout).toContain(`kcv: ${opensslKcv(bytes)}`);
    expect(r.stderr).toBe('');
  });

  it('refuses to overwrite an existing file and leaves it intact', async () => {
    const before = readFileSync(join(t.dir, 'canary.bin'));
    const r = await material(['generate', '--out', 'canary.bin'], t.dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error\[cli\.refused\]: canary\.bin already exists; refusing to overwrite it\n/);
    expect(readFileSync(join(t.dir, 'canary.bin')).equals(before)).toBe(true);
  });

  it.each([
    ['HMAC_512', 64],
    ['SM4', 16],
  ] as const)('--key-spec %s writes %i bytes', async (spec, size) => {
    const r = await material(['generate', '--key-spec', spec, '--out', `gen-${spec}.bin`], t.dir);
    expect(r.code).toBe(0);
    expect(readFileSync(join(t.dir, `gen-${spec}.bin`)).length).toBe(size);
  });

  it('--key-spec ECC_NIST_P384 writes a PKCS#8 private key that openssl reads', async () => {
    expect((await material(['generate', '--key-spec', 'ECC_NIST_P384', '--out', 'ec.der'], t.dir)).code).toBe(0);
    const text = execFileSync('openssl', ['pkey', '-inform', 'DER', '-in', join(t.dir, 'ec.der'), '-noout', '-text']).toString();
    expect(text).toContain('NIST CURVE: P-384');
  });

  it('reports usage errors on one line, without a stack trace', async () => {
    for (const argv of [['generate'], ['generate', '--out', 'x', '--bogus'], ['generate', '--out', 'y', '--key-spec', 'AES']]) {
      const r = await material(argv, t.dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^error\[cli\.usage\]: /);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});

describe('reconcile material kcv', () => {
  it('prints the KCV that openssl computes', async () => {
    const r = await material(['kcv', 'canary.bin'], t.dir);
    expect(r).toEqual({ code: 0, stdout: `${opensslKcv(CANARY)}\n`, stderr: '' });
  });

  it('reads base64 input and warns about an open file mode', async () => {
    t.write('canary.b64', `${CANARY.toString('base64')}\n`, 0o644);
    const r = await material(['kcv', '--encoding', 'base64', 'canary.b64'], t.dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${kcv(CANARY)}\n`);
    expect(r.stderr).toMatch(/^warning\[material\.permissions\]: file canary\.b64 \(base64\): mode 0644/);
  });

  it('fails clearly on a missing file and on a size mismatch with --key-spec', async () => {
    const missing = await material(['kcv', 'nope.bin'], t.dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error\[material\.missing\]: file nope\.bin: does not exist\n  /);
    const size = await material(['kcv', '--key-spec', 'HMAC_384', 'canary.bin'], t.dir);
    expect(size.code).toBe(1);
    expect(size.stderr).toContain('error[material.size]: file canary.bin: holds 32 bytes, but HMAC_384 key material is exactly 48 bytes');
  });
});

describe('reconcile material wrap', () => {
  it('wraps with OAEP-SHA256 so that openssl recovers the material; output mode 0600', async () => {
    const r = await material(['wrap', '--public-key', rsa3072.publicDerPath, '--algorithm', 'RSAES_OAEP_SHA_256', '--in', 'canary.bin', '--out', 'w1.bin'], t.dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('RSAES_OAEP_SHA_256 (RSA_3072)');
    expect(r.stdout).toContain(`kcv: ${kcv(CANARY)}`);
    expect(mode('w1.bin')).toBe(0o600);
    expect(rsaDecrypt(rsa3072, readFileSync(join(t.dir, 'w1.bin')), { mode: 'oaep', hash: 'sha256' }).equals(CANARY)).toBe(true);
  });

  it('refuses SYMMETRIC_DEFAULT + RSA_AES_KEY_WRAP_SHA_256 before anything is written', async () => {
    const r = await material(
      ['wrap', '--public-key', rsa3072.publicDerPath, '--algorithm', 'RSA_AES_KEY_WRAP_SHA_256', '--in', 'canary.bin', '--out', 'w2.bin', '--key-spec', 'SYMMETRIC_DEFAULT'],
      t.dir,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error\[wrapping\.incompatible\]: .*use RSAES_OAEP_SHA_256 or RSAES_OAEP_SHA_1/);
    expect(r.stdout).toBe('');
    expect(() => statSync(join(t.dir, 'w2.bin'))).toThrow();
  });

  it('refuses a public key that does not match --wrapping-key-spec', async () => {
    const r = await material(['wrap', '--public-key', rsa2048.publicDerPath, '--algorithm', 'RSAES_OAEP_SHA_256', '--in', 'canary.bin', '--out', 'w3.bin', '--wrapping-key-spec', 'RSA_4096'], t.dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error\[wrapping\.public-key-mismatch\]: the wrapping public key is RSA_2048, but RSA_4096 was requested/);
    expect(() => statSync(join(t.dir, 'w3.bin'))).toThrow();
  });

  it('accepts PEM and base64 public keys, and refuses to overwrite unless --force', async () => {
    const pem = execFileSync('openssl', ['pkey', '-in', rsa2048.privatePem, '-pubout']);
    t.write('pub.pem', pem);
    t.write('pub.b64', rsa2048.publicKeyDer.toString('base64'));
    for (const [pub, out] of [['pub.pem', 'w4.bin'], ['pub.b64', 'w5.bin']] as const) {
      const r = await material(['wrap', '--public-key', pub, '--algorithm', 'RSAES_OAEP_SHA_1', '--in', 'canary.bin', '--out', out], t.dir);
      expect(r.code).toBe(0);
      expect(rsaDecrypt(rsa2048, readFileSync(join(t.dir, out)), { mode: 'oaep', hash: 'sha1' }).equals(CANARY)).toBe(true);
    }
    const again = ['wrap', '--public-key', 'pub.pem', '--algorithm', 'RSAES_OAEP_SHA_1', '--in', 'canary.bin', '--out', 'w4.bin'];
    expect((await material(again, t.dir)).stderr).toContain('error[cli.refused]: w4.bin already exists');
    expect((await material([...again, '--force'], t.dir)).code).toBe(0);
  });

  it('writes the Huawei two-field form with --out-private-key', async () => {
    const pkcs8 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ format: 'der', type: 'pkcs8' });
    t.write('ec256.der', pkcs8);
    const args = ['wrap', '--provider', 'huawei', '--key-spec', 'ECC_NIST_P256', '--public-key', rsa2048.publicDerPath, '--algorithm', 'RSAES_OAEP_SHA_256', '--in', 'ec256.der'];
    const missing = await material([...args, '--out', 'hw.bin'], t.dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('--out-private-key');
    const r = await material([...args, '--out', 'hw.bin', '--out-private-key', 'hw-pk.bin'], t.dir);
    expect(r.code).toBe(0);
    const k = rsaDecrypt(rsa2048, readFileSync(join(t.dir, 'hw.bin')), { mode: 'oaep', hash: 'sha256' });
    expect(kwp('unwrap', k, readFileSync(join(t.dir, 'hw-pk.bin'))).equals(pkcs8)).toBe(true);
    expect(mode('hw-pk.bin')).toBe(0o600);
  });

  it('reports SM2 algorithms as unsupported and oversize material as too large', async () => {
    const sm2 = await material(['wrap', '--public-key', rsa2048.publicDerPath, '--algorithm', 'SM2_ENCRYPT', '--in', 'canary.bin', '--out', 'sm2.bin'], t.dir);
    expect(sm2.stderr).toMatch(/^error\[wrapping\.unsupported\]: SM2_ENCRYPT is not supported/);
    t.write('big.bin', Buffer.alloc(300, 7));
    const big = await material(['wrap', '--public-key', rsa2048.publicDerPath, '--algorithm', 'RSAES_OAEP_SHA_256', '--in', 'big.bin', '--out', 'big.out'], t.dir);
    expect(big.stderr).toMatch(/^error\[wrapping\.too-large\]: material of 300 bytes does not fit/);
    expect(() => statSync(join(t.dir, 'big.out'))).toThrow();
  });
});
