/**
 * Alibaba Cloud KMS (2016-01-20) and OSS facts the provider, the manifest rules and the sandbox
 * share. Pure data.
 */

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

/** Throttling error codes the provider retries (KMS `Rejected.Throttling`, POP `Throttling*`, OSS `RequestLimitExceeded`). */
export function isAlibabaThrottling(code: string): boolean {
  return code === 'Rejected.Throttling' || code.startsWith('Throttling') || code === 'ServiceUnavailable' || code === 'RequestLimitExceeded';
}

/** Largest object OSS CopyObject copies in one request; larger ones need UploadPartCopy. */
export const OSS_COPY_OBJECT_MAX_BYTES = 1024 ** 3;

/** KeyMaterialExpireUnix is Unix seconds; 0 means the material never expires. */
export const ALIBABA_NEVER_EXPIRES = 0;
