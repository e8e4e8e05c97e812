/**
 * CONTRACT STUB — the wrapping core. Implementation lives in sibling files; this module re-exports
 * the public surface. Pure crypto: no I/O, no clock.
 */
import type { KeyObject } from 'node:crypto';
import type { KeySpec, ProviderType, RegionClass, WrappingAlgorithm, WrappingKeySpec } from '../core/specs.js';
import type { WrappedMaterial } from '../providers/port.js';

export interface CompatibilityQuery {
  provider: ProviderType;
  regionClass: RegionClass;
  keySpec: KeySpec;
  algorithm: WrappingAlgorithm;
  wrappingKeySpec: WrappingKeySpec;
}

export type Compatibility = { ok: true } | { ok: false; reason: string };

/** Looks the combination up in the compatibility matrix (data, not ifs). `local` follows `aws`. */
export declare function checkCompatibility(q: CompatibilityQuery): Compatibility;

/** The built-in default: RSAES_OAEP_SHA_256 (or the provider's preferred algorithm for the key spec) with the largest RSA wrapping key spec the provider offers. */
export declare function defaultWrapping(provider: ProviderType, regionClass: RegionClass, keySpec: KeySpec): { algorithm: WrappingAlgorithm; keySpec: WrappingKeySpec };

/** Wrapping key spec of a DER SPKI public key (by modulus size). Throws UserError for other key types. */
export declare function wrappingKeySpecOf(publicKeyDer: Buffer): WrappingKeySpec;

/**
 * Wrap `material` for import. Checks the public key's modulus against `expectedKeySpec` when given
 * and the OAEP size limit. Never copies material into an error message. Does not zero `material`
 * (the caller owns it) but zeroes every intermediate secret (ephemeral AES keys).
 */
export interface WrapOptions {
  /** Refuse a public key whose modulus does not match the requested wrapping key spec. */
  expectedKeySpec?: WrappingKeySpec;
  /**
   * Huawei's asymmetric import: RSA-OAEP-SHA256 of an ephemeral AES key in `encryptedKeyMaterial`
   * and the RFC 5649 wrap of the PKCS#8 private key in `encryptedPrivateKey`.
   */
  form?: 'single' | 'huawei-asymmetric';
}
export declare function wrapMaterial(material: Buffer, publicKeyDer: Buffer, algorithm: WrappingAlgorithm, options?: WrapOptions): WrappedMaterial;

/** The inverse, for the simulator: unwrap with the wrapping private key. */
export declare function unwrapMaterial(wrapped: WrappedMaterial, privateKey: KeyObject, algorithm: WrappingAlgorithm): Buffer;

/** Fresh RSA wrapping key pair of the given spec. */
export declare function generateWrappingKeyPair(spec: WrappingKeySpec): Promise<{ publicKeyDer: Buffer; privateKey: KeyObject }>;

/** Key check value: first 3 bytes, lowercase hex, of AES-ECB(zero block) under the material. */
export declare function kcv(material: Buffer): string;
