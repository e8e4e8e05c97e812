import { constants, privateDecrypt, publicEncrypt, type KeyObject } from 'node:crypto';
import { wrappingError } from './errors.js';
import { modulusBytes } from './public-key.js';

export type OaepHash = 'sha1' | 'sha256';

const HASH_BYTES: Readonly<Record<OaepHash, number>> = { sha1: 20, sha256: 32 };

/** RFC 8017 §7.1.1: OAEP carries at most k − 2·hLen − 2 bytes. */
export function oaepLimit(key: KeyObject, hash: OaepHash): number {
  return modulusBytes(key) - 2 * HASH_BYTES[hash] - 2;
}

/** RFC 8017 §7.2.1: PKCS#1 v1.5 carries at most k − 11 bytes. */
export function pkcs1Limit(key: KeyObject): number {
  return modulusBytes(key) - 11;
}

function checkFits(size: number, limit: number, what: string): void {
  if (size > limit) {
    throw wrappingError(
      'wrapping.too-large',
      `material of ${size} bytes does not fit ${what} (at most ${limit} bytes)`,
      'Use a larger wrapping key spec (RSA_4096), or an RSA_AES_KEY_WRAP_* algorithm where the provider allows it.',
    );
  }
}

/** RSA-OAEP with MGF1 over the same hash and an empty label (Node applies oaepHash to MGF1 too). */
export function oaepEncrypt(key: KeyObject, hash: OaepHash, plaintext: Buffer): Buffer {
  checkFits(plaintext.length, oaepLimit(key, hash), `RSA-OAEP-${hash.toUpperCase()} under a ${modulusBytes(key) * 8}-bit key`);
  return publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, plaintext);
}

export function oaepDecrypt(key: KeyObject, hash: OaepHash, ciphertext: Buffer): Buffer {
  return privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, ciphertext);
}

export function pkcs1Encrypt(key: KeyObject, plaintext: Buffer): Buffer {
  checkFits(plaintext.length, pkcs1Limit(key), `RSAES-PKCS1-v1_5 under a ${modulusBytes(key) * 8}-bit key`);
  return publicEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, plaintext);
}

/**
 * PKCS#1 v1.5 decryption for the simulator and tests only. Node 20 refuses RSA_PKCS1_PADDING for
 * private decryption (CVE-2023-46809, Marvin), so this decrypts raw and strips EME-PKCS1-v1_5
 * itself. It is not constant-time: it must never serve untrusted ciphertexts in production.
 */
export function pkcs1Decrypt(key: KeyObject, ciphertext: Buffer): Buffer {
  const em = privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, ciphertext);
  try {
    const sep = em.indexOf(0, 2);
    if (em[0] !== 0 || em[1] !== 2 || sep < 10) throw new Error('PKCS#1 v1.5 padding check failed');
    return Buffer.from(em.subarray(sep + 1));
  } finally {
    em.fill(0);
  }
}
