import type { WrappingAlgorithm } from '../core/specs.js';
import type { OaepHash } from './rsa.js';

/**
 * How each wrapping algorithm is built, as data. The hybrid schemes share one shape: a fresh
 * AES-256 key K, RSA-OAEP(K) first (exactly the modulus length), then the material under K.
 */
export type Scheme =
  | { kind: 'oaep'; hash: OaepHash }
  | { kind: 'pkcs1' }
  /** AWS RSA_AES_KEY_WRAP_*: RSA-OAEP(K) ‖ RFC 5649 KWP(material). */
  | { kind: 'rsa-kwp'; hash: OaepHash }
  /** Alibaba asymmetric: RSA-OAEP-SHA256(K) ‖ AES-256-ECB-PKCS7(PKCS#8). */
  | { kind: 'rsa-ecb'; hash: OaepHash }
  | { kind: 'unsupported'; why: string };

const SM2_WHY =
  'SM2 public-key encryption is not available in Node crypto and its ciphertext encoding (C1C3C2 or C1C2C3, raw or DER) is unverified for every provider';

export const SCHEMES: Readonly<Record<WrappingAlgorithm, Scheme>> = {
  RSAES_OAEP_SHA_1: { kind: 'oaep', hash: 'sha1' },
  RSAES_OAEP_SHA_256: { kind: 'oaep', hash: 'sha256' },
  RSAES_PKCS1_V1_5: { kind: 'pkcs1' },
  RSA_AES_KEY_WRAP_SHA_1: { kind: 'rsa-kwp', hash: 'sha1' },
  RSA_AES_KEY_WRAP_SHA_256: { kind: 'rsa-kwp', hash: 'sha256' },
  RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD: { kind: 'rsa-ecb', hash: 'sha256' },
  SM2PKE: { kind: 'unsupported', why: SM2_WHY },
  SM2PKE_SM4_ECB: { kind: 'unsupported', why: SM2_WHY },
  SM2_ENCRYPT: { kind: 'unsupported', why: SM2_WHY },
};

export function isImplemented(algorithm: WrappingAlgorithm): boolean {
  return SCHEMES[algorithm].kind !== 'unsupported';
}

/** Size of the ephemeral AES key K of the hybrid schemes. */
export const EPHEMERAL_KEY_BYTES = 32;
