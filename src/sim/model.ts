/**
 * In-memory model of the simulator: Maps for O(1) lookups, Dates and Buffers instead of strings.
 * `codec.ts` converts it to and from the persisted LocalStateFile.
 */
import type { KeyObject } from 'node:crypto';
import type { KeySpec } from '../core/specs.js';
import type { ExpirationModel, KeyOrigin, KeyUsage } from './state.js';

export interface MaterialRecord {
  salt: Buffer;
  fingerprint: Buffer;
  keyMaterialId: string;
  imported: boolean;
  expirationModel: ExpirationModel;
  validTo: Date | null;
  importedAt: Date;
  /** KeyMaterialDescription given at import (AWS keeps it per material). */
  description?: string;
  /** When an on-demand rotation made it current; absent for a key's first material. */
  rotatedAt?: Date;
}

export interface KeyRecord {
  keyId: string;
  createdAt: Date;
  description: string;
  keyUsage: KeyUsage;
  keySpec: KeySpec;
  origin: KeyOrigin;
  enabled: boolean;
  deletion: { date: Date; windowDays: number } | null;
  /** Insertion-ordered; TagResource on an existing tag key replaces its value in place. */
  tags: Map<string, string>;
  /** A name given at create time that is an attribute of the key (Huawei's key_alias); unique. */
  keyAlias?: string;
  /** For EXTERNAL keys only: the CURRENT material; null until the first import. */
  material: MaterialRecord | null;
  /** Symmetric EXTERNAL keys: materials that were current before (NON_CURRENT), oldest first. */
  nonCurrent: MaterialRecord[];
  /** Imported with NEW_KEY_MATERIAL, waiting for RotateKeyOnDemand (at most one). */
  pending: MaterialRecord | null;
  /** Last successful cryptographic use (S3 SSE-KMS reads and writes), for GetKeyLastUsage. */
  lastUsage: { at: Date; operation: string } | null;
  /** Where the cloud keeps the key (Alibaba: KMS instance id, SOFTWARE/HSM); absent for AWS. */
  instanceId?: string;
  protectionLevel?: 'SOFTWARE' | 'HSM';
}

export interface AliasRecord {
  name: string;
  targetKeyId: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface ImportParamsRecord {
  tokenSha256: string;
  keyId: string;
  algorithm: string;
  wrappingKeySpec: string;
  privateKeyPkcs8: string;
  /** Parsed lazily from privateKeyPkcs8 and cached; never persisted. */
  privateKey?: KeyObject;
  expiresAt: Date;
}

export interface ObjectRecord {
  key: string;
  body: Buffer;
  contentType: string;
  metadata: Record<string, string>;
  storageClass: string;
  etag: string;
  lastModified: Date;
  serverSideEncryption: 'aws:kms' | 'AES256';
  kmsKeyArn?: string;
  bucketKeyEnabled: boolean;
  tags: Record<string, string>;
}

export interface BucketRecord {
  name: string;
  createdAt: Date;
  encryption: { sseAlgorithm: string; kmsMasterKeyId?: string; bucketKeyEnabled: boolean } | null;
  objects: Map<string, ObjectRecord>;
}

export interface SimModel {
  keys: Map<string, KeyRecord>;
  aliases: Map<string, AliasRecord>;
  importParams: Map<string, ImportParamsRecord>;
  buckets: Map<string, BucketRecord>;
  /**
   * Earliest time at which a lazy transition (material expiry, end of a deletion window) may be
   * due; `settle` skips its O(n) sweep before then. Only ever lowered between sweeps.
   */
  nextDeadline: number;
}

export function emptyModel(): SimModel {
  return { keys: new Map(), aliases: new Map(), importParams: new Map(), buckets: new Map(), nextDeadline: Number.POSITIVE_INFINITY };
}
