/**
 * Checks on unwrapped material, and what is remembered of it: a salted fingerprint and the
 * KeyMaterialId. Neither allows recovering the material; the material itself is never kept.
 */
import { createHmac, createPrivateKey, randomBytes, timingSafeEqual } from 'node:crypto';
import type { KeySpec } from '../../core/specs.js';

const SYMMETRIC_BYTES: Partial<Record<KeySpec, number>> = {
  SYMMETRIC_DEFAULT: 32,
  SM4: 16,
  HMAC_224: 28,
  HMAC_256: 32,
  HMAC_384: 48,
  HMAC_512: 64,
};

const RSA_BITS: Partial<Record<KeySpec, number>> = { RSA_2048: 2048, RSA_3072: 3072, RSA_4096: 4096 };
const EC_CURVE: Partial<Record<KeySpec, string>> = {
  ECC_NIST_P256: 'prime256v1',
  ECC_NIST_P384: 'secp384r1',
  ECC_NIST_P521: 'secp521r1',
  ECC_SECG_P256K1: 'secp256k1',
  SM2: 'SM2',
};

/** Why `material` cannot be the key material of a `keySpec` key; null when it can. Never echoes bytes. */
export function materialProblem(keySpec: KeySpec, material: Buffer): string | null {
  const size = SYMMETRIC_BYTES[keySpec];
  if (size !== undefined) {
    return material.length === size ? null : `${keySpec} key material must be ${size} bytes, got ${material.length}`;
  }
  // Asymmetric keys take the private key only, as PKCS#8 DER.
  let key;
  try {
    key = createPrivateKey({ key: material, format: 'der', type: 'pkcs8' });
  } catch {
    return `${keySpec} key material must be a PKCS#8 DER private key`;
  }
  const d = key.asymmetricKeyDetails ?? {};
  const bits = RSA_BITS[keySpec];
  if (bits !== undefined) {
    return key.asymmetricKeyType === 'rsa' && d.modulusLength === bits ? null : `key material is not an RSA ${bits}-bit private key`;
  }
  const curve = EC_CURVE[keySpec];
  if (curve !== undefined) {
    return (key.asymmetricKeyType === 'ec' || (key.asymmetricKeyType as string) === 'sm2') && d.namedCurve === curve
      ? null
      : `key material is not a private key on curve ${curve}`;
  }
  return `${keySpec} keys cannot take imported material`;
}

export function newSalt(): Buffer {
  return randomBytes(16);
}

export function fingerprint(salt: Buffer, material: Buffer): Buffer {
  return createHmac('sha256', salt).update(material).digest();
}

export function sameMaterial(salt: Buffer, stored: Buffer, material: Buffer): boolean {
  const fp = fingerprint(salt, material);
  return fp.length === stored.length && timingSafeEqual(fp, stored);
}

/** Like AWS: derived from the key id and the material, so the same material on the same key always gives the same id. */
export function keyMaterialId(keyId: string, material: Buffer): string {
  return createHmac('sha256', Buffer.from(keyId, 'utf8')).update(material).digest('hex');
}
