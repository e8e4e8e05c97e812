import { createCipheriv, createHash } from 'node:crypto';

const AES_ECB_BY_SIZE: Readonly<Record<number, string>> = { 16: 'aes-128-ecb', 24: 'aes-192-ecb', 32: 'aes-256-ecb' };

/**
 * Key check value, a public identifier tagged on keys and written in manifests.
 *
 * - 16/24/32-byte material: first 3 bytes, lowercase hex, of AES-ECB (no padding) of one zero
 *   block under the material (the usual KCV definition), reproducible with
 *   `openssl enc -aes-256-ecb -nopad -K <hex> < zero-block` (aes-128/192 for 16/24 bytes).
 * - Any other size (HMAC_224/384/512 keys, PKCS#8 private keys): AES cannot take the material as
 *   a key, so the KCV is the first 3 bytes of SHA-256 of the material. Three bytes of a hash of a
 *   high-entropy secret reveal nothing usable about it.
 */
export function kcv(material: Buffer): string {
  const cipher = AES_ECB_BY_SIZE[material.length];
  if (cipher === undefined) {
    const digest = createHash('sha256').update(material).digest();
    try {
      return digest.subarray(0, 3).toString('hex');
    } finally {
      digest.fill(0);
    }
  }
  const c = createCipheriv(cipher, material, null);
  c.setAutoPadding(false);
  const block = Buffer.concat([c.update(Buffer.alloc(16)), c.final()]);
  try {
    return block.subarray(0, 3).toString('hex');
  } finally {
    block.fill(0);
  }
}
