import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { kcv } from '../../src/wrapping/index.js';
import { opensslKcv } from './openssl.js';

describe('kcv', () => {
  it.each([32, 24, 16])('equals `openssl enc -aes-*-ecb -nopad` of a zero block for %i-byte material', (size) => {
    for (let i = 0; i < 5; i++) {
      const m = randomBytes(size);
      expect(kcv(m)).toBe(opensslKcv(m));
    }
  });

  it('is 6 lowercase hex characters and a known vector for the all-zero AES-256 key', () => {
    // FIPS-197 style known answer: AES-256(0^32, 0^16) = dc95c078a2408989ad48a21492842087.
    expect(kcv(Buffer.alloc(32))).toBe('dc95c0');
  });

  it('uses the first 3 bytes of SHA-256 for sizes AES cannot take (HMAC_224/384/512, PKCS#8)', () => {
    for (const size of [28, 48, 64, 138]) {
      const m = randomBytes(size);
      expect(kcv(m)).toBe(createHash('sha256').update(m).digest().subarray(0, 3).toString('hex'));
      expect(kcv(m)).toMatch(/^[0-9a-f]{6}$/);
    }
  });

  it('does not modify the material', () => {
    const m = randomBytes(32);
    const copy = Buffer.from(m);
    kcv(m);
    expect(m.equals(copy)).toBe(true);
  });
});
