import { createCipheriv, createDecipheriv } from 'node:crypto';

/** RFC 5649 alternative initial value; OpenSSL's id-aes256-wrap-pad takes its 4-byte prefix. */
const KWP_IV = Buffer.from('A65959A6', 'hex');

/** Joins cipher output parts and zeroes them, so plaintext exists in exactly one Buffer. */
function joinAndZero(parts: Buffer[]): Buffer {
  const out = Buffer.concat(parts);
  for (const p of parts) p.fill(0);
  return out;
}

/** AES-256 Key Wrap with Padding (RFC 5649), as `openssl enc -id-aes256-wrap-pad -iv A65959A6`. */
export function kwpWrap(kek: Buffer, plaintext: Buffer): Buffer {
  const c = createCipheriv('id-aes256-wrap-pad', kek, KWP_IV);
  return Buffer.concat([c.update(plaintext), c.final()]);
}

export function kwpUnwrap(kek: Buffer, wrapped: Buffer): Buffer {
  const d = createDecipheriv('id-aes256-wrap-pad', kek, KWP_IV);
  return joinAndZero([d.update(wrapped), d.final()]);
}

/** AES-256-ECB with PKCS#7 padding (Alibaba's asymmetric import). */
export function ecbPkcs7Encrypt(key: Buffer, plaintext: Buffer): Buffer {
  const c = createCipheriv('aes-256-ecb', key, null);
  c.setAutoPadding(true);
  return Buffer.concat([c.update(plaintext), c.final()]);
}

export function ecbPkcs7Decrypt(key: Buffer, ciphertext: Buffer): Buffer {
  const d = createDecipheriv('aes-256-ecb', key, null);
  d.setAutoPadding(true);
  return joinAndZero([d.update(ciphertext), d.final()]);
}
