import { createPublicKey, type KeyObject } from 'node:crypto';
import type { WrappingKeySpec } from '../core/specs.js';
import { wrappingError } from './errors.js';

const RSA_SPEC_BY_BITS: Readonly<Record<number, WrappingKeySpec>> = {
  2048: 'RSA_2048',
  3072: 'RSA_3072',
  4096: 'RSA_4096',
};

/** Parses a DER SubjectPublicKeyInfo (the form every provider returns). */
export function loadPublicKey(publicKeyDer: Buffer): KeyObject {
  try {
    return createPublicKey({ key: publicKeyDer, format: 'der', type: 'spki' });
  } catch {
    throw wrappingError(
      'wrapping.public-key-mismatch',
      'the wrapping public key is not a DER SubjectPublicKeyInfo',
      'Pass the public key exactly as the provider returned it (DER bytes, base64-decoded).',
    );
  }
}

export function specOfKey(key: KeyObject): WrappingKeySpec {
  if (key.asymmetricKeyType === 'rsa') {
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    const spec = RSA_SPEC_BY_BITS[bits];
    if (spec) return spec;
    throw wrappingError(
      'wrapping.public-key-mismatch',
      `the wrapping public key is a ${bits}-bit RSA key; expected RSA_2048, RSA_3072 or RSA_4096`,
    );
  }
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'SM2') return 'SM2';
  throw wrappingError(
    'wrapping.public-key-mismatch',
    `the wrapping public key has type ${key.asymmetricKeyType ?? 'unknown'}; expected an RSA or SM2 key`,
  );
}

export function wrappingKeySpecOf(publicKeyDer: Buffer): WrappingKeySpec {
  return specOfKey(loadPublicKey(publicKeyDer));
}

/** RSA modulus length in bytes: the exact length of every RSA ciphertext under this key. */
export function modulusBytes(key: KeyObject): number {
  return Math.ceil((key.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
}

/**
 * Loads the public key and refuses one whose spec differs from what the import parameters were
 * requested for: a mismatch means the parameters and the key got crossed, and the provider would
 * only fail later with an opaque InvalidCiphertext.
 */
export function loadCheckedPublicKey(publicKeyDer: Buffer, expected: WrappingKeySpec | undefined): KeyObject {
  const key = loadPublicKey(publicKeyDer);
  const actual = specOfKey(key);
  if (expected !== undefined && actual !== expected) {
    throw wrappingError(
      'wrapping.public-key-mismatch',
      `the wrapping public key is ${actual}, but ${expected} was requested`,
      'Fetch fresh import parameters for the requested wrapping key spec and wrap again.',
    );
  }
  return key;
}
