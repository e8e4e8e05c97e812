import type { CloudFacts } from './types.js';

/** Alibaba Cloud KMS (API 2016-01-20) and OSS; see docs/providers.md for the sources. */
export const ALIBABA_FACTS: CloudFacts = {
  type: 'alibaba',
  title: 'Alibaba Cloud KMS',
  // KeyMaterialExpireUnix has no documented upper bound (0 = never).
  maxValidForDays: null,
  deletionWindowDays: { min: 7, max: 366 },
  alias: { prefix: 'alias/', reserved: ['alias/acs'], pattern: /^[a-zA-Z0-9:/_-]+$/, maxLength: 255 },
  // The per-key maximum is documented as 20 (CreateKey) and as 10 (TagResource): the lower one holds.
  tags: { maxPerKey: 10, keyMax: 128, valueMax: 128, reservedPrefixes: ['aliyun', 'acs:'] },
  descriptionMax: 8192,
  keySpecs: ['SYMMETRIC_DEFAULT', 'SM4', 'RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_SECG_P256K1', 'SM2'],
  wrappingAlgorithms: ['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1', 'RSAES_PKCS1_V1_5', 'SM2PKE', 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD', 'SM2PKE_SM4_ECB'],
  wrappingKeySpecs: ['RSA_2048', 'SM2'],
  objectStore: 'OSS',
  // (unverified) Alibaba publishes per-instance QPS limits only in the console; none assumed yet.
  quotas: [],
  // (unverified) Alibaba Cloud's common flow-control error codes.
  throttlingErrors: ['Throttling', 'Throttling.User', 'Throttling.Api', 'ServiceUnavailable.Throttling'],
  ambiguousThrottlingErrors: [],
};
