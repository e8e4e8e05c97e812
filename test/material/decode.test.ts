import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeBase64, decodeHex } from '../../src/material/index.js';

const b = (s: string) => Buffer.from(s, 'latin1');

describe('byte-level decoders', () => {
  it('agree with Node for random inputs of every length mod 3, padded and unpadded', () => {
    for (let len = 0; len < 70; len++) {
      const m = randomBytes(len);
      expect(decodeBase64(b(m.toString('base64')))?.equals(m)).toBe(true);
      expect(decodeBase64(b(m.toString('base64').replace(/=+$/, '')))?.equals(m)).toBe(true);
      expect(decodeHex(b(m.toString('hex')))?.equals(m)).toBe(true);
    }
  });

  it('ignore whitespace and line breaks', () => {
    expect(decodeBase64(b(' QU\nJD\r\n'))?.toString()).toBe('ABC');
    expect(decodeHex(b('41 42\n43'))?.toString()).toBe('ABC');
  });

  it.each(['QQ=A', 'Q===', 'Q', 'QUJD*', 'QUJ-', 'QQ=', '=QQ'])('reject malformed base64 %j', (s) => {
    expect(decodeBase64(b(s))).toBeNull();
  });

  it.each(['abc', 'zz', '0x41'])('reject malformed hex %j', (s) => {
    expect(decodeHex(b(s))).toBeNull();
  });
});
