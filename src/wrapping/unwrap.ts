import type { KeyObject } from 'node:crypto';
import type { WrappingAlgorithm } from '../core/specs.js';
import type { WrappedMaterial } from './types.js';
import { ecbPkcs7Decrypt, kwpUnwrap } from './aes.js';
import { wrappingError } from './errors.js';
import { modulusBytes } from './public-key.js';
import { oaepDecrypt, pkcs1Decrypt } from './rsa.js';
import { SCHEMES } from './schemes.js';
import { sm2Decrypt } from './sm2.js';

/**
 * The inverse of wrapMaterial, for the local simulator (which plays the provider). A wrapped
 * value with `encryptedPrivateKey` is Huawei's two-field form. Any failure — wrong key, wrong
 * algorithm, corrupted blob — is one `Error('unwrap failed')` without detail, like a provider's
 * InvalidCiphertext: the caller maps it. The returned Buffer belongs to the caller (zero it).
 */
export function unwrapMaterial(wrapped: WrappedMaterial, privateKey: KeyObject, algorithm: WrappingAlgorithm): Buffer {
  const scheme = SCHEMES[algorithm];
  if (scheme.kind === 'unsupported') {
    throw wrappingError('wrapping.unsupported', `${algorithm} is not supported by byok-reconciler`, scheme.why);
  }
  try {
    return unwrapOrThrow(wrapped, privateKey, algorithm);
  } catch {
    throw new Error('unwrap failed');
  }
}

function unwrapOrThrow(wrapped: WrappedMaterial, privateKey: KeyObject, algorithm: WrappingAlgorithm): Buffer {
  const scheme = SCHEMES[algorithm];
  const blob = wrapped.encryptedKeyMaterial;
  if (wrapped.encryptedPrivateKey !== undefined) {
    if (scheme.kind !== 'oaep') throw new Error('two-field form needs an OAEP algorithm');
    return withKey(oaepDecrypt(privateKey, scheme.hash, blob), (k) => kwpUnwrap(k, wrapped.encryptedPrivateKey as Buffer));
  }
  switch (scheme.kind) {
    case 'oaep':
      return oaepDecrypt(privateKey, scheme.hash, blob);
    case 'pkcs1':
      return pkcs1Decrypt(privateKey, blob);
    case 'rsa-kwp':
    case 'rsa-ecb': {
      const k = modulusBytes(privateKey);
      if (blob.length <= k) throw new Error('blob shorter than the RSA part');
      const head = blob.subarray(0, k);
      const tail = blob.subarray(k);
      return withKey(oaepDecrypt(privateKey, scheme.hash, head), (key) =>
        scheme.kind === 'rsa-kwp' ? kwpUnwrap(key, tail) : ecbPkcs7Decrypt(key, tail),
      );
    }
    case 'sm2':
      return sm2Decrypt(privateKey, blob);
    case 'unsupported':
      throw new Error('unsupported');
  }
}

/** Runs `fn` with the recovered ephemeral key and zeroes the key whatever happens. */
function withKey(k: Buffer, fn: (k: Buffer) => Buffer): Buffer {
  try {
    if (k.length !== 32) throw new Error('ephemeral key of the wrong size');
    return fn(k);
  } finally {
    k.fill(0);
  }
}
