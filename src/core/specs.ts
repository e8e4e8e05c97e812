/** Vocabulary shared by the manifest, the wrapping core, the planner and every provider. */

export const PROVIDER_TYPES = ['local', 'aws', 'alibaba', 'huawei'] as const;
export type ProviderType = (typeof PROVIDER_TYPES)[number];

/** Key specs in AWS's spelling; adapters translate (Alibaba `Aliyun_AES_256`, Huawei `AES_256`). */
export const KEY_SPECS = [
  'SYMMETRIC_DEFAULT',
  'HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512',
  'RSA_2048', 'RSA_3072', 'RSA_4096',
  'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1',
  'SM2', 'SM4',
] as const;
export type KeySpec = (typeof KEY_SPECS)[number];

export const WRAPPING_ALGORITHMS = [
  'RSAES_OAEP_SHA_1',
  'RSAES_OAEP_SHA_256',
  'RSAES_PKCS1_V1_5',
  'RSA_AES_KEY_WRAP_SHA_1',
  'RSA_AES_KEY_WRAP_SHA_256',
  'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD',
  'SM2PKE',
  'SM2PKE_SM4_ECB',
  'SM2_ENCRYPT',
] as const;
export type WrappingAlgorithm = (typeof WRAPPING_ALGORITHMS)[number];

export const WRAPPING_KEY_SPECS = ['RSA_2048', 'RSA_3072', 'RSA_4096', 'SM2'] as const;
export type WrappingKeySpec = (typeof WRAPPING_KEY_SPECS)[number];

/** `china` for regions whose partition has the Chinese rules (AWS cn-*, SM algorithms). */
export type RegionClass = 'standard' | 'china';

export type KeyState =
  | 'Creating'
  | 'Enabled'
  | 'Disabled'
  | 'PendingImport'
  | 'PendingDeletion'
  | 'Unavailable'
  | 'Updating';

export const DAY_MS = 86_400_000;
