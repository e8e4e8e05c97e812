import { randomBytes } from 'node:crypto';
import type { WrappingAlgorithm } from '../core/specs.js';
import type { WrappedMaterial } from './types.js';
import { ecbPkcs7Encrypt, kwpWrap } from './aes.js';
import { wrappingError } from './errors.js';
import { loadCheckedPublicKey } from './public-key.js';
import { oaepEncrypt, pkcs1Encrypt } from './rsa.js';
import { isSm2PublicKey, sm2Encrypt } from './sm2.js';
import { EPHEMERAL_KEY_BYTES, SCHEMES } from './schemes.js';
import type { WrapOptions } from './types.js';

/** Source of ephemeral AES keys; injectable so tests can prove each one is zeroed after use. */
export type EphemeralKeySource = () => Buffer;

const freshKey: EphemeralKeySource = () => randomBytes(EPHEMERAL_KEY_BYTES);

export function wrapMaterial(
  material: Buffer,
  publicKeyDer: Buffer,
  algorithm: WrappingAlgorithm,
  options: WrapOptions = {},
): WrappedMaterial {
  return wrapWith(material, publicKeyDer, algorithm, options, freshKey);
}

export function wrapWith(
  material: Buffer,
  publicKeyDer: Buffer,
  algorithm: WrappingAlgorithm,
  options: WrapOptions,
  ephemeralKey: EphemeralKeySource,
): WrappedMaterial {
  const scheme = SCHEMES[algorithm];
  if (scheme.kind === 'unsupported') {
    throw wrappingError('wrapping.unsupported', `${algorithm} is not supported by byok-reconciler`, `${scheme.why}. Choose an RSA wrapping algorithm the provider accepts.`);
  }
  if (material.length === 0) throw wrappingError('wrapping.too-large', 'material is empty; nothing to wrap');
  if (scheme.kind === 'sm2') {
    if (!isSm2PublicKey(publicKeyDer)) throw wrappingError('wrapping.public-key-mismatch', `${algorithm} needs an SM2 (EC_SM2) wrapping public key`);
    return { encryptedKeyMaterial: sm2Encrypt(publicKeyDer, material) };
  }
  const key = loadCheckedPublicKey(publicKeyDer, options.expectedKeySpec);
  const form = options.form ?? 'single';

  if (form === 'huawei-asymmetric') {
    if (scheme.kind !== 'oaep') {
      throw wrappingError('wrapping.incompatible', `Huawei's asymmetric import form needs RSAES_OAEP_SHA_256, not ${algorithm}`);
    }
    // Huawei: the ephemeral key goes in encrypted_key_material, the KWP of the PKCS#8 key apart.
    const k = ephemeralKey();
    try {
      return { encryptedKeyMaterial: oaepEncrypt(key, scheme.hash, k), encryptedPrivateKey: kwpWrap(k, material) };
    } finally {
      k.fill(0);
    }
  }

  switch (scheme.kind) {
    case 'oaep':
      return { encryptedKeyMaterial: oaepEncrypt(key, scheme.hash, material) };
    case 'pkcs1':
      return { encryptedKeyMaterial: pkcs1Encrypt(key, material) };
    case 'rsa-kwp':
    case 'rsa-ecb': {
      const k = ephemeralKey();
      try {
        const head = oaepEncrypt(key, scheme.hash, k);
        const tail = scheme.kind === 'rsa-kwp' ? kwpWrap(k, material) : ecbPkcs7Encrypt(k, material);
        return { encryptedKeyMaterial: Buffer.concat([head, tail]) };
      } finally {
        k.fill(0);
      }
    }
  }
}
