/**
 * CONTRACT — the local simulator's surface. It speaks AWS KMS and S3 semantics (AWS field names,
 * AWS error names), so that the `local` provider adapter and the AWS-wire sandbox server are both
 * thin translations of it. Times are Date, blobs are Buffer.
 */
import type { KeySpec, KeyState, WrappingAlgorithm, WrappingKeySpec } from '../core/specs.js';

/** Thrown by the simulator; `name` is AWS's error name, `httpStatus` what AWS answers. */
export class SimError extends Error {
  readonly awsCode: string;
  readonly httpStatus: number;
  constructor(awsCode: string, message: string, httpStatus = 400) {
    super(message);
    this.name = awsCode;
    this.awsCode = awsCode;
    this.httpStatus = httpStatus;
  }
}

export interface SimTag { TagKey: string; TagValue: string }

export interface SimKeyMetadata {
  AWSAccountId: string;
  KeyId: string;
  Arn: string;
  CreationDate: Date;
  Enabled: boolean;
  Description: string;
  KeyUsage: 'ENCRYPT_DECRYPT' | 'SIGN_VERIFY' | 'GENERATE_VERIFY_MAC';
  KeyState: KeyState;
  DeletionDate?: Date;
  PendingDeletionWindowInDays?: number;
  Origin: 'EXTERNAL' | 'AWS_KMS';
  KeyManager: 'CUSTOMER';
  KeySpec: KeySpec;
  ExpirationModel?: 'KEY_MATERIAL_EXPIRES' | 'KEY_MATERIAL_DOES_NOT_EXPIRE';
  ValidTo?: Date;
  CurrentKeyMaterialId?: string;
  /** The key's own alias attribute, where the cloud has one (Huawei key_alias). */
  KeyAlias?: string;
  /** The ValidTo of material that expired or was deleted (for clouds that keep showing it, Huawei). */
  LastValidTo?: Date;
  MultiRegion: false;
  /** Alibaba-style placement, echoed when given at create. */
  InstanceId?: string;
  ProtectionLevel?: 'SOFTWARE' | 'HSM';
}

/** One entry of ListKeyRotations (with IncludeKeyMaterial ALL_KEY_MATERIAL: every material). */
export interface SimRotation {
  KeyId: string;
  KeyMaterialId: string;
  KeyMaterialDescription?: string;
  ImportState: 'IMPORTED' | 'PENDING_IMPORT';
  KeyMaterialState: 'CURRENT' | 'NON_CURRENT' | 'PENDING_ROTATION';
  ExpirationModel: 'KEY_MATERIAL_EXPIRES' | 'KEY_MATERIAL_DOES_NOT_EXPIRE';
  ValidTo?: Date;
  RotationDate?: Date;
  RotationType?: 'ON_DEMAND';
}

export interface KmsSimulator {
  createKey(req: {
    Description?: string;
    KeyUsage?: string;
    KeySpec?: string;
    Origin?: string;
    Tags?: SimTag[];
    /** Huawei's key_alias, given at create. */
    KeyAlias?: string;
    InstanceId?: string;
    ProtectionLevel?: 'SOFTWARE' | 'HSM';
  }): { KeyMetadata: SimKeyMetadata };
  /** KeyId may be a key id, key ARN, alias name or alias ARN. */
  describeKey(req: { KeyId: string }): { KeyMetadata: SimKeyMetadata };
  listKeys(req: { Limit?: number; Marker?: string }): { Keys: { KeyId: string; KeyArn: string }[]; NextMarker?: string; Truncated: boolean };
  getParametersForImport(req: { KeyId: string; WrappingAlgorithm: WrappingAlgorithm | string; WrappingKeySpec: WrappingKeySpec | string }): Promise<{ KeyId: string; ImportToken: Buffer; PublicKey: Buffer; ParametersValidTo: Date }>;
  importKeyMaterial(req: {
    KeyId: string;
    ImportToken: Buffer;
    EncryptedKeyMaterial: Buffer;
    ExpirationModel?: string;
    ValidTo?: Date;
    ImportType?: string;
    KeyMaterialId?: string;
    KeyMaterialDescription?: string;
  }): { KeyId: string; KeyMaterialId: string };
  deleteImportedKeyMaterial(req: { KeyId: string; KeyMaterialId?: string }): { KeyId: string; KeyMaterialId?: string };
  rotateKeyOnDemand(req: { KeyId: string }): { KeyId: string };
  listKeyRotations(req: { KeyId: string; IncludeKeyMaterial?: string; Limit?: number; Marker?: string }): { Rotations: SimRotation[]; NextMarker?: string; Truncated: boolean };
  getKeyLastUsage(req: { KeyId: string }): {
    KeyId: string;
    KeyLastUsage: { Operation?: string; Timestamp?: Date };
    TrackingStartDate: Date;
    KeyCreationDate: Date;
  };
  createAlias(req: { AliasName: string; TargetKeyId: string }): void;
  updateAlias(req: { AliasName: string; TargetKeyId: string }): void;
  deleteAlias(req: { AliasName: string }): void;
  listAliases(req: { KeyId?: string; Limit?: number; Marker?: string }): {
    Aliases: { AliasName: string; AliasArn: string; TargetKeyId: string; CreationDate: Date; LastUpdatedDate: Date }[];
    NextMarker?: string;
    Truncated: boolean;
  };
  tagResource(req: { KeyId: string; Tags: SimTag[] }): void;
  untagResource(req: { KeyId: string; TagKeys: string[] }): void;
  listResourceTags(req: { KeyId: string; Limit?: number; Marker?: string }): { Tags: SimTag[]; NextMarker?: string; Truncated: boolean };
  enableKey(req: { KeyId: string }): void;
  disableKey(req: { KeyId: string }): void;
  scheduleKeyDeletion(req: { KeyId: string; PendingWindowInDays?: number }): { KeyId: string; DeletionDate: Date; KeyState: KeyState; PendingWindowInDays: number };
  cancelKeyDeletion(req: { KeyId: string }): { KeyId: string };
}

export interface SimObjectHead {
  Key: string;
  ContentType: string;
  ContentLength: number;
  ETag: string;
  LastModified: Date;
  Metadata: Record<string, string>;
  StorageClass: string;
  ServerSideEncryption?: 'aws:kms' | 'AES256';
  /** Key ARN, as S3 reports it. */
  SSEKMSKeyId?: string;
  BucketKeyEnabled?: boolean;
}

export interface S3Simulator {
  createBucket(req: { Bucket: string }): void;
  listBuckets(): { Buckets: { Name: string; CreationDate: Date }[] };
  headBucket(req: { Bucket: string }): void;
  putBucketEncryption(req: { Bucket: string; SSEAlgorithm: string; KMSMasterKeyID?: string; BucketKeyEnabled?: boolean }): void;
  /** Throws `ServerSideEncryptionConfigurationNotFoundError` when none is set. */
  getBucketEncryption(req: { Bucket: string }): { SSEAlgorithm: string; KMSMasterKeyID?: string; BucketKeyEnabled: boolean };
  putObject(req: {
    Bucket: string;
    Key: string;
    Body: Buffer;
    ContentType?: string;
    Metadata?: Record<string, string>;
    StorageClass?: string;
    Tagging?: Record<string, string>;
    ServerSideEncryption?: string;
    SSEKMSKeyId?: string;
    BucketKeyEnabled?: boolean;
    /** Conditional writes for the lease lock: '*' (create only) or an ETag. */
    IfNoneMatch?: string;
    IfMatch?: string;
  }): { ETag: string; ServerSideEncryption?: string; SSEKMSKeyId?: string };
  /** Fails like S3 (`KMS.DisabledException`, `KMS.KMSInvalidStateException`) when the object's key is not usable. */
  getObject(req: { Bucket: string; Key: string }): SimObjectHead & { Body: Buffer };
  headObject(req: { Bucket: string; Key: string }): SimObjectHead;
  deleteObject(req: { Bucket: string; Key: string; IfMatch?: string }): void;
  listObjectsV2(req: { Bucket: string; Prefix?: string; ContinuationToken?: string; MaxKeys?: number; StartAfter?: string }): {
    Contents: { Key: string; Size: number; ETag: string; LastModified: Date; StorageClass: string }[];
    IsTruncated: boolean;
    NextContinuationToken?: string;
    KeyCount: number;
  };
  /** Copying onto itself is legal only when encryption, metadata or storage class change (else InvalidRequest). */
  copyObject(req: {
    Bucket: string;
    Key: string;
    CopySource: { Bucket: string; Key: string };
    CopySourceIfMatch?: string;
    MetadataDirective?: 'COPY' | 'REPLACE';
    Metadata?: Record<string, string>;
    ContentType?: string;
    StorageClass?: string;
    TaggingDirective?: 'COPY' | 'REPLACE';
    Tagging?: Record<string, string>;
    ServerSideEncryption?: string;
    SSEKMSKeyId?: string;
    BucketKeyEnabled?: boolean;
  }): { ETag: string; LastModified: Date; SSEKMSKeyId?: string };
  getObjectTagging(req: { Bucket: string; Key: string }): { TagSet: { Key: string; Value: string }[] };
  putObjectTagging(req: { Bucket: string; Key: string; TagSet: { Key: string; Value: string }[] }): void;
}
