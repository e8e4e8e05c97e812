import type { CloudFacts } from './types.js';

/** Requests per second the adapter allows itself per KMS operation (Huawei's verbs). */
export const HUAWEI_KMS_PACING: Readonly<Record<string, number>> = {
  'create-key': 10,
  'get-parameters-for-import': 10,
  'import-key-material': 10,
  'delete-imported-key-material': 10,
  'describe-key': 50,
  'list-keys': 10,
  'show-kms-tags': 50,
  'batch-create-kms-tags': 20,
  'create-alias': 10,
  'associate-alias': 10,
  'list-aliases': 10,
  'enable-key': 10,
  'disable-key': 10,
  'schedule-key-deletion': 10,
};

/** Huawei Cloud KMS (DEW) and OBS; see docs/providers.md for the sources. */
export const HUAWEI_FACTS: CloudFacts = {
  type: 'huawei',
  title: 'Huawei Cloud KMS',
  // expiration_time has no documented upper bound. Omitted, a default applies (24 h per the console
  // docs, "never" per the API reference): the tool always sends it and refuses `model: never`.
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
  // OBS encrypts every object with its own data key; there is no bucket-key setting.
  bucketKeys: false,
  // (unverified) Huawei publishes no per-operation KMS rates; the adapter's conservative pacing
  // assumption, overridable with the provider's `quotas:`.
  quotas: [{ service: 'kms', perSecond: HUAWEI_KMS_PACING, source: 'assumption (no published Huawei KMS per-operation quotas)' }],
  // (unverified) API Gateway's flow-control answer in front of every Huawei Cloud API.
  throttlingErrors: ['APIGW.0308'],
  ambiguousThrottlingErrors: [],
};
