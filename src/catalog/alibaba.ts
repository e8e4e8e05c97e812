import type { KeySpec } from '../core/specs.js';
import type { CloudFacts } from './types.js';

export const ALIBABA_KMS_QUOTA_SOURCE = 'alibabacloud.com/help/en/kms/key-management-service/product-overview/performance-data (shared gateway table)';

/**
 * Request quotas of the KMS shared gateway, per Alibaba Cloud account and region, in requests per
 * second. Several actions share one quota. Source: Alibaba Cloud KMS "Performance quotas" /
 * "QPS quotas of KMS instances", shared gateway table
 * (alibabacloud.com/help/en/kms/key-management-service/product-overview/performance-data,
 * editions of 2023-08 to 2025-02): key management reads 50 QPS, ListResourceTags 300 QPS,
 * CreateKey 10 QPS, key management writes 30 QPS. The page does not list every action by name;
 * ImportKeyMaterial and DeleteKeyMaterial are counted as writes and GetParametersForImport as a
 * read (it is listed there) — an assumption for the first two.
 * Exceeding a quota answers HTTP 429 `Rejected.Throttling` ("QPS Limit Exceeded").
 */
export const ALIBABA_KMS_QUOTA_CLASSES = {
  KmsRead: 50,
  KmsTagRead: 300,
  KmsCreate: 10,
  KmsWrite: 30,
} as const satisfies Record<string, number>;

export type AlibabaQuotaClass = keyof typeof ALIBABA_KMS_QUOTA_CLASSES;

export const ALIBABA_KMS_ACTION_CLASS: Readonly<Record<string, AlibabaQuotaClass>> = {
  DescribeKey: 'KmsRead',
  ListKeys: 'KmsRead',
  ListAliases: 'KmsRead',
  ListAliasesByKeyId: 'KmsRead',
  GetParametersForImport: 'KmsRead',
  ListResourceTags: 'KmsTagRead',
  CreateKey: 'KmsCreate',
  ImportKeyMaterial: 'KmsWrite',
  DeleteKeyMaterial: 'KmsWrite',
  CreateAlias: 'KmsWrite',
  UpdateAlias: 'KmsWrite',
  DeleteAlias: 'KmsWrite',
  TagResource: 'KmsWrite',
  TagResources: 'KmsWrite',
  UntagResource: 'KmsWrite',
  EnableKey: 'KmsWrite',
  DisableKey: 'KmsWrite',
  ScheduleKeyDeletion: 'KmsWrite',
  CancelKeyDeletion: 'KmsWrite',
};

/** (unverified) OSS publishes no per-operation request quota like KMS's; 1,000 per second each is this tool's assumption. */
export const ALIBABA_OSS_QUOTA_CLASSES = { OSSRead: 1000, OSSWrite: 1000 } as const;

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
  quotas: [
    { service: 'KMS (shared gateway, per account and region; classes shared by several actions)', perSecond: ALIBABA_KMS_QUOTA_CLASSES, source: ALIBABA_KMS_QUOTA_SOURCE },
    { service: 'OSS (assumed)', perSecond: ALIBABA_OSS_QUOTA_CLASSES, source: 'assumption: OSS publishes no per-operation request quota' },
  ],
  // `Rejected.Throttling` (HTTP 429) is what KMS documents; the others are the POP gateway's common flow-control codes (unverified for KMS).
  throttlingErrors: ['Rejected.Throttling', 'Throttling', 'Throttling.User', 'Throttling.Api', 'ServiceUnavailable.Throttling', 'RequestLimitExceeded'],
  ambiguousThrottlingErrors: [],
};


/** Throttling error codes the provider retries (KMS `Rejected.Throttling`, POP `Throttling*`, OSS `RequestLimitExceeded`). */
export function isAlibabaThrottling(code: string): boolean {
  return ALIBABA_FACTS.throttlingErrors.includes(code) || code.startsWith('Throttling');
}

/** Largest object OSS CopyObject copies in one request; larger ones need UploadPartCopy. */
export const OSS_COPY_OBJECT_MAX_BYTES = 1024 ** 3;

/** KeyMaterialExpireUnix is Unix seconds; 0 means the material never expires. */
export const ALIBABA_NEVER_EXPIRES = 0;

/** Our key specs in Alibaba's spelling (CreateKey/DescribeKey KeySpec), and back. */
export const ALIBABA_KEY_SPEC_OUT: Readonly<Partial<Record<KeySpec, string>>> = {
  SYMMETRIC_DEFAULT: 'Aliyun_AES_256',
  SM4: 'Aliyun_SM4',
  RSA_2048: 'RSA_2048',
  RSA_3072: 'RSA_3072',
  RSA_4096: 'RSA_4096',
  ECC_NIST_P256: 'EC_P256',
  ECC_SECG_P256K1: 'EC_P256K',
  SM2: 'EC_SM2',
};
export const ALIBABA_KEY_SPEC_IN: Readonly<Record<string, KeySpec>> = Object.fromEntries(
  Object.entries(ALIBABA_KEY_SPEC_OUT).map(([ours, theirs]) => [theirs, ours as KeySpec]),
);
