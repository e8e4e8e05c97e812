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
  /** SM2 public-key encryption of the material itself, GM/T 0009 DER C1C3C2 (sm2.ts). */
  | { kind: 'sm2' }
  | { kind: 'unsupported'; why: string };

const SM2_WHY =
  'the ciphertext layout this provider expects for this SM2 scheme is unverified, so byok-reconciler does not produce it';

export const SCHEMES: Readonly<Record<WrappingAlgorithm, Scheme>> = {
  RSAES_OAEP_SHA_1: { kind: 'oaep', hash: 'sha1' },
  RSAES_OAEP_SHA_256: { kind: 'oaep', hash: 'sha256' },
  RSAES_PKCS1_V1_5: { kind: 'pkcs1' },
  RSA_AES_KEY_WRAP_SHA_1: { kind: 'rsa-kwp', hash: 'sha1' },
  RSA_AES_KEY_WRAP_SHA_256: { kind: 'rsa-kwp', hash: 'sha256' },
  RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD: { kind: 'rsa-ecb', hash: 'sha256' },
  SM2PKE: { kind: 'sm2' },
  SM2PKE_SM4_ECB: { kind: 'unsupported', why: SM2_WHY },
  SM2_ENCRYPT: { kind: 'unsupported', why: SM2_WHY },
};

/**
 * Providers whose expected SM2PKE layout we chose (GM/T 0009 DER, C1C3C2; see sm2.ts). AWS China
 * documents SM2PKE too, but for its asymmetric imports the layout is unverified, so it stays off.
 */
const SM2_PROVIDERS: ReadonlySet<string> = new Set(['alibaba']);

/** Whether this tool can produce `algorithm`; with a provider, whether it does so for that provider. */
export function isImplemented(algorithm: WrappingAlgorithm, provider?: string): boolean {
  const kind = SCHEMES[algorithm].kind;
  if (kind === 'sm2') return provider === undefined || SM2_PROVIDERS.has(provider);
  return kind !== 'unsupported';
}

/** Size of the ephemeral AES key K of the hybrid schemes. */
export const EPHEMERAL_KEY_BYTES = 32;
