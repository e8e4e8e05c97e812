import type { KeySpec, ProviderType, RegionClass, WrappingAlgorithm, WrappingKeySpec } from '../core/specs.js';

export interface CompatibilityQuery {
  provider: ProviderType;
  regionClass: RegionClass;
  keySpec: KeySpec;
  algorithm: WrappingAlgorithm;
  wrappingKeySpec: WrappingKeySpec;
}

/**
 * `reason` is one sentence that names the allowed choices. `code` says whether the provider
 * refuses the combination (`wrapping.incompatible`) or the provider accepts it but this tool
 * cannot produce it (`wrapping.unsupported`, the SM2 family); absent means incompatible.
 */
export type Compatibility =
  | { ok: true }
  | { ok: false; reason: string; code?: 'wrapping.incompatible' | 'wrapping.unsupported' };

export interface WrapOptions {
  /** Refuse a public key whose modulus does not match the requested wrapping key spec. */
  expectedKeySpec?: WrappingKeySpec;
  /**
   * Huawei's asymmetric import: RSA-OAEP-SHA256 of an ephemeral AES key in `encryptedKeyMaterial`
   * and the RFC 5649 wrap of the PKCS#8 private key in `encryptedPrivateKey`.
   */
  form?: 'single' | 'huawei-asymmetric';
}

export type WrapForm = NonNullable<WrapOptions['form']>;

/** Output of the wrapping core; Huawei's asymmetric form carries a second part. */
export interface WrappedMaterial {
  encryptedKeyMaterial: Buffer;
  encryptedPrivateKey?: Buffer;
}
