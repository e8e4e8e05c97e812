import type { CloudFacts } from './types.js';

/**
 * AWS KMS default request quotas (requests per second, per account and Region), from the AWS KMS
 * Developer Guide, "Request quotas", table "Request quotas for each AWS KMS API operation"
 * (docs.aws.amazon.com/kms/latest/developerguide/requests-per-second.html, current edition, the
 * one that lists GetKeyLastUsage). Older editions of the same page (awsdocs/aws-kms-developer-guide
 * on GitHub) gave GetParametersForImport 0.25 (1 per 4 s), ImportKeyMaterial 5, TagResource 5 and
 * ScheduleKeyDeletion 5; the import operations are the slow ones either way. The AWS adapter's
 * client-side limiter and the AWS-wire sandbox both use this one table.
 */
export const AWS_KMS_QUOTAS = {
  CancelKeyDeletion: 5,
  CreateAlias: 5,
  CreateKey: 5,
  DeleteAlias: 15,
  DeleteImportedKeyMaterial: 15,
  DescribeKey: 2000,
  DisableKey: 5,
  EnableKey: 5,
  GetKeyLastUsage: 5, // assumed: the quota table row could not be read offline
  GetKeyRotationStatus: 1000,
  GetParametersForImport: 1,
  ImportKeyMaterial: 15,
  ListAliases: 500,
  ListKeyRotations: 100,
  ListKeys: 500,
  ListResourceTags: 2000,
  RotateKeyOnDemand: 5,
  ScheduleKeyDeletion: 15,
  TagResource: 10,
  UntagResource: 5,
  UpdateAlias: 5,
  UpdateKeyDescription: 5,
} as const satisfies Record<string, number>;

export type KmsQuotaOperation = keyof typeof AWS_KMS_QUOTAS;

/**
 * Resource Groups Tagging API. (unverified) AWS publishes no default rate for GetResources (the
 * service answers `ThrottledException` "Rate exceeded" when exceeded); 5 per second is a
 * conservative assumption.
 */
export const AWS_TAGGING_QUOTAS = { GetResources: 5 } as const;

/**
 * Amazon S3: at least 3,500 PUT/COPY/POST/DELETE and 5,500 GET/HEAD requests per second per
 * partitioned prefix (S3 User Guide, "Best practices design patterns: optimizing Amazon S3
 * performance"). Operations draw from the bucket of their class.
 */
export const AWS_S3_QUOTAS = { S3Write: 3500, S3Read: 5500 } as const;

/** Every AWS default rate in one lookup table (KMS operations, GetResources, S3 classes). */
export const AWS_QUOTAS: Readonly<Record<string, number>> = { ...AWS_KMS_QUOTAS, ...AWS_TAGGING_QUOTAS, ...AWS_S3_QUOTAS };

/** S3 operations by quota class (GET/HEAD read, everything else writes). */
export const S3_QUOTA_CLASS: Readonly<Record<string, 'S3Read' | 'S3Write'>> = {
  HeadObject: 'S3Read',
  GetObject: 'S3Read',
  GetObjectTagging: 'S3Read',
  ListObjectsV2: 'S3Read',
  GetBucketEncryption: 'S3Read',
  PutObject: 'S3Write',
  CopyObject: 'S3Write',
  DeleteObject: 'S3Write',
  CreateMultipartUpload: 'S3Write',
  UploadPartCopy: 'S3Write',
  CompleteMultipartUpload: 'S3Write',
  AbortMultipartUpload: 'S3Write',
  PutBucketEncryption: 'S3Write',
};

export const AWS_FACTS: CloudFacts = {
  type: 'aws',
  title: 'AWS KMS',
  // ValidTo is capped at 365 days from the import request.
  maxValidForDays: 365,
  deletionWindowDays: { min: 7, max: 30 },
  alias: { prefix: 'alias/', reserved: ['alias/aws/'], pattern: /^[a-zA-Z0-9:/_-]+$/, maxLength: 256 },
  tags: { maxPerKey: 50, keyMax: 128, valueMax: 256, reservedPrefixes: ['aws:'] },
  descriptionMax: 8192,
  keySpecs: [
    'SYMMETRIC_DEFAULT', 'HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512', 'RSA_2048', 'RSA_3072', 'RSA_4096',
    'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1', 'SM2', 'SM4',
  ],
  wrappingAlgorithms: ['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1', 'RSA_AES_KEY_WRAP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_1', 'SM2PKE'],
  wrappingKeySpecs: ['RSA_4096', 'RSA_3072', 'RSA_2048', 'SM2'],
  objectStore: 'S3',
  quotas: [
    { service: 'kms', perSecond: AWS_KMS_QUOTAS, source: 'AWS KMS Developer Guide, "Request quotas for each AWS KMS API operation"' },
    { service: 'tagging', perSecond: AWS_TAGGING_QUOTAS, source: 'assumption: AWS publishes no default rate for GetResources' },
    { service: 's3', perSecond: AWS_S3_QUOTAS, source: 'Amazon S3 User Guide, "optimizing Amazon S3 performance" (per prefix)' },
  ],
  throttlingErrors: [
    'ThrottlingException', 'Throttling', 'ThrottledException', 'SlowDown', 'TooManyRequestsException', 'RequestLimitExceeded',
    'RequestThrottled', 'RequestThrottledException', 'ProvisionedThroughputExceededException',
  ],
  // KMS answers LimitExceededException both for request rates (older behaviour) and for resource
  // quotas (keys per Region, aliases per key); only the former is worth retrying.
  ambiguousThrottlingErrors: ['LimitExceededException'],
};
