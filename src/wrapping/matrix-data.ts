import type { KeySpec, RegionClass, WrappingAlgorithm, WrappingKeySpec } from '../core/specs.js';

/**
 * The compatibility matrix as data (sources: docs/providers.md). A combination is allowed when
 * some row lists provider, region class, key spec, algorithm and wrapping key spec together, and
 * no exclusion names it. Row order and the order inside `algorithms` and `wrappingKeySpecs` are
 * preference order (the first allowed pair is the default). `local` is looked up as `aws`.
 */
export type MatrixProvider = 'aws' | 'alibaba' | 'huawei';

export interface MatrixRow {
  provider: MatrixProvider;
  regions: readonly RegionClass[];
  keySpecs: readonly KeySpec[];
  algorithms: readonly WrappingAlgorithm[];
  wrappingKeySpecs: readonly WrappingKeySpec[];
}

/** A combination that a row would allow but the provider refuses, with the reason why. */
export interface MatrixExclusion {
  provider: MatrixProvider;
  keySpecs: readonly KeySpec[];
  algorithms: readonly WrappingAlgorithm[];
  wrappingKeySpecs: readonly WrappingKeySpec[];
  reason: string;
}

/** Why a provider refuses an algorithm outright, added to the refusal message. */
export interface AlgorithmNote {
  provider: MatrixProvider;
  regions: readonly RegionClass[];
  algorithms: readonly WrappingAlgorithm[];
  note: string;
}

const BOTH: readonly RegionClass[] = ['standard', 'china'];
const CHINA: readonly RegionClass[] = ['china'];
const STANDARD: readonly RegionClass[] = ['standard'];

const RSA_WRAP: readonly WrappingKeySpec[] = ['RSA_4096', 'RSA_3072', 'RSA_2048'];
const OAEP: readonly WrappingAlgorithm[] = ['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1'];
const KEY_WRAP: readonly WrappingAlgorithm[] = ['RSA_AES_KEY_WRAP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_1'];

const HMAC: readonly KeySpec[] = ['HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512'];
const RSA_KEYS: readonly KeySpec[] = ['RSA_2048', 'RSA_3072', 'RSA_4096'];
const ECC_KEYS: readonly KeySpec[] = ['ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1'];

export const MATRIX: readonly MatrixRow[] = [
  // AWS KMS (Developer Guide table). PKCS1 v1.5 is gone; AES key wrap is not offered in China.
  { provider: 'aws', regions: BOTH, keySpecs: ['SYMMETRIC_DEFAULT', ...HMAC], algorithms: OAEP, wrappingKeySpecs: RSA_WRAP },
  { provider: 'aws', regions: CHINA, keySpecs: ['SM4'], algorithms: OAEP, wrappingKeySpecs: RSA_WRAP },
  { provider: 'aws', regions: STANDARD, keySpecs: RSA_KEYS, algorithms: KEY_WRAP, wrappingKeySpecs: RSA_WRAP },
  { provider: 'aws', regions: CHINA, keySpecs: RSA_KEYS, algorithms: ['SM2PKE'], wrappingKeySpecs: ['SM2'] },
  { provider: 'aws', regions: STANDARD, keySpecs: ECC_KEYS, algorithms: [...OAEP, ...KEY_WRAP], wrappingKeySpecs: RSA_WRAP },
  { provider: 'aws', regions: CHINA, keySpecs: ECC_KEYS, algorithms: OAEP, wrappingKeySpecs: RSA_WRAP },
  { provider: 'aws', regions: CHINA, keySpecs: ECC_KEYS, algorithms: ['SM2PKE'], wrappingKeySpecs: ['SM2'] },
  { provider: 'aws', regions: CHINA, keySpecs: ['SM2'], algorithms: OAEP, wrappingKeySpecs: RSA_WRAP },
  { provider: 'aws', regions: CHINA, keySpecs: ['SM2'], algorithms: ['SM2PKE'], wrappingKeySpecs: ['SM2'] },

  // Alibaba Cloud KMS: RSA_2048 wrapping keys only (EC_SM2 with SM2PKE in the Chinese mainland).
  {
    provider: 'alibaba', regions: BOTH, keySpecs: ['SYMMETRIC_DEFAULT'],
    algorithms: ['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1', 'RSAES_PKCS1_V1_5'], wrappingKeySpecs: ['RSA_2048'],
  },
  {
    provider: 'alibaba', regions: CHINA, keySpecs: ['SM4'],
    algorithms: ['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1', 'RSAES_PKCS1_V1_5'], wrappingKeySpecs: ['RSA_2048'],
  },
  { provider: 'alibaba', regions: CHINA, keySpecs: ['SYMMETRIC_DEFAULT', 'SM4'], algorithms: ['SM2PKE'], wrappingKeySpecs: ['SM2'] },
  {
    provider: 'alibaba', regions: BOTH, keySpecs: [...RSA_KEYS, 'ECC_NIST_P256', 'ECC_SECG_P256K1'],
    algorithms: ['RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD'], wrappingKeySpecs: ['RSA_2048'],
  },
  { provider: 'alibaba', regions: CHINA, keySpecs: ['SM2'], algorithms: ['SM2PKE_SM4_ECB'], wrappingKeySpecs: ['SM2'] },

  // Huawei Cloud KMS: one RSA_2048 wrapping key, RSAES_OAEP_SHA_256 (SM2_ENCRYPT in some regions).
  // Asymmetric keys use the same algorithm in the two-field form (see wrapFormFor).
  {
    provider: 'huawei', regions: BOTH, keySpecs: ['SYMMETRIC_DEFAULT', 'HMAC_256', 'HMAC_384', 'HMAC_512', ...RSA_KEYS, 'ECC_NIST_P256', 'ECC_NIST_P384'],
    algorithms: ['RSAES_OAEP_SHA_256'], wrappingKeySpecs: ['RSA_2048'],
  },
  { provider: 'huawei', regions: CHINA, keySpecs: ['SYMMETRIC_DEFAULT', 'SM4', 'SM2'], algorithms: ['SM2_ENCRYPT'], wrappingKeySpecs: ['SM2'] },
];

export const EXCLUSIONS: readonly MatrixExclusion[] = [
  {
    provider: 'aws', keySpecs: ['ECC_NIST_P521'], algorithms: OAEP, wrappingKeySpecs: ['RSA_2048'],
    reason: 'a P-521 private key in PKCS#8 is larger than one RSA_2048 OAEP block, so AWS KMS refuses RSA_2048 with RSAES_OAEP_* for ECC_NIST_P521',
  },
];

export const ALGORITHM_NOTES: readonly AlgorithmNote[] = [
  { provider: 'aws', regions: BOTH, algorithms: ['RSAES_PKCS1_V1_5'], note: 'AWS KMS no longer accepts RSAES_PKCS1_V1_5 since 2023-10-10' },
  { provider: 'aws', regions: CHINA, algorithms: KEY_WRAP, note: 'RSA_AES_KEY_WRAP_* is not offered in AWS China regions' },
  { provider: 'aws', regions: BOTH, algorithms: ['RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD', 'SM2PKE_SM4_ECB'], note: 'that is an Alibaba Cloud algorithm' },
  { provider: 'aws', regions: BOTH, algorithms: ['SM2_ENCRYPT'], note: 'that is a Huawei Cloud algorithm (AWS calls it SM2PKE)' },
  { provider: 'alibaba', regions: BOTH, algorithms: KEY_WRAP, note: 'that is an AWS algorithm' },
  { provider: 'alibaba', regions: STANDARD, algorithms: ['SM2PKE', 'SM2PKE_SM4_ECB'], note: 'SM2 wrapping is offered only in regions of the Chinese mainland (cn-*)' },
  { provider: 'alibaba', regions: BOTH, algorithms: ['SM2_ENCRYPT'], note: 'that is a Huawei Cloud algorithm (Alibaba calls it SM2PKE)' },
  { provider: 'huawei', regions: BOTH, algorithms: ['RSAES_OAEP_SHA_1', 'RSAES_PKCS1_V1_5'], note: 'the current Huawei Cloud KMS API offers only RSAES_OAEP_SHA_256 and SM2_ENCRYPT' },
  { provider: 'huawei', regions: BOTH, algorithms: KEY_WRAP, note: 'Huawei Cloud KMS wraps asymmetric keys with RSAES_OAEP_SHA_256 in its two-field form instead' },
];

/** The RSA wrapping key specs each provider offers, largest first. */
export const PROVIDER_WRAPPING_KEY_SPECS: Readonly<Record<MatrixProvider, readonly WrappingKeySpec[]>> = {
  aws: RSA_WRAP,
  alibaba: ['RSA_2048'],
  huawei: ['RSA_2048'],
};

export const PROVIDER_LABEL: Readonly<Record<MatrixProvider, string>> = {
  aws: 'AWS KMS',
  alibaba: 'Alibaba Cloud KMS',
  huawei: 'Huawei Cloud KMS',
};

/** Key specs that Huawei imports in the two-field form (ephemeral AES key + KWP of PKCS#8). */
export const HUAWEI_TWO_FIELD_KEY_SPECS: readonly KeySpec[] = [...RSA_KEYS, 'ECC_NIST_P256', 'ECC_NIST_P384'];
