import type { CloudFacts } from './types.js';

/** Huawei Cloud KMS (DEW) and OBS; see docs/providers.md for the sources. */
export const HUAWEI_FACTS: CloudFacts = {
  type: 'huawei',
  title: 'Huawei Cloud KMS',
  // expiration_time has no documented upper bound; omitted = never.
  maxValidForDays: null,
  deletionWindowDays: { min: 7, max: 1096 },
  // key_alias (set at create-key) and the alias resources share these rules; no prefix.
  alias: { reserved: [], pattern: /^[a-zA-Z0-9:/_-]+$/, maxLength: 255, forbiddenSuffix: '/default' },
  tags: { maxPerKey: 10, keyMax: 36, valueMax: 43, reservedPrefixes: [] },
  descriptionMax: 255,
  keySpecs: ['SYMMETRIC_DEFAULT', 'HMAC_256', 'HMAC_384', 'HMAC_512', 'RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'SM4', 'SM2'],
  wrappingAlgorithms: ['RSAES_OAEP_SHA_256', 'SM2_ENCRYPT'],
  wrappingKeySpecs: ['RSA_2048', 'SM2'],
  objectStore: 'OBS',
  // (unverified) Huawei publishes no per-operation KMS rates; none assumed yet.
  quotas: [],
  // (unverified) API Gateway's flow-control answer in front of every Huawei Cloud API.
  throttlingErrors: ['APIGW.0308'],
  ambiguousThrottlingErrors: [],
};
