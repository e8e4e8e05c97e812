/**
 * The local simulator's persisted state (`.reconcile/local-state.json`). Versioned JSON.
 *
 * Invariants (checked by the canary test):
 * - imported key material is never stored, only a salted fingerprint (HMAC-SHA256 under a per-key
 *   random salt) and the KeyMaterialId AWS would derive;
 * - import tokens are never stored, only sha256(token) as the lookup key of their parameters.
 */
import type { KeySpec } from '../core/specs.js';
import type { SimTag } from './sim-types.js';

export const LOCAL_STATE_VERSION = 1;

export type KeyUsage = 'ENCRYPT_DECRYPT' | 'SIGN_VERIFY' | 'GENERATE_VERIFY_MAC';
export type KeyOrigin = 'EXTERNAL' | 'AWS_KMS';
export type ExpirationModel = 'KEY_MATERIAL_EXPIRES' | 'KEY_MATERIAL_DOES_NOT_EXPIRE';

export interface StoredMaterial {
  /** base64 of the per-key random salt. */
  salt: string;
  /** hex HMAC-SHA256(salt, material). */
  fingerprint: string;
  keyMaterialId: string;
  /** false once the material expired or was deleted; the fingerprint stays so only the same material can come back. */
  imported: boolean;
  expirationModel: ExpirationModel;
  /** ISO; null with KEY_MATERIAL_DOES_NOT_EXPIRE. */
  validTo: string | null;
  importedAt: string;
  description?: string;
  rotatedAt?: string;
}

export interface StoredKey {
  keyId: string;
  createdAt: string;
  description: string;
  keyUsage: KeyUsage;
  keySpec: KeySpec;
  origin: KeyOrigin;
  /** The EnableKey/DisableKey intent; KeyState is derived from it, the material and `deletion`. */
  enabled: boolean;
  deletion: { date: string; windowDays: number } | null;
  tags: SimTag[];
  /** A name given at create time that is an attribute of the key (Huawei's key_alias); unique. */
  keyAlias?: string;
  material: StoredMaterial | null;
  instanceId?: string;
  protectionLevel?: 'SOFTWARE' | 'HSM';
  /** Multi-material keys only (absent in files written before them). */
  nonCurrent?: StoredMaterial[];
  pending?: StoredMaterial | null;
  lastUsage?: { at: string; operation: string } | null;
}

export interface StoredAlias {
  name: string;
  targetKeyId: string;
  createdAt: string;
  updatedAt: string;
}

export interface StoredImportParameters {
  /** hex sha256 of the import token; the token itself is never stored. */
  tokenSha256: string;
  keyId: string;
  algorithm: string;
  wrappingKeySpec: string;
  /** base64 PKCS#8 DER of the wrapping private key (a throwaway key, not user material). */
  privateKeyPkcs8: string;
  expiresAt: string;
}

export interface StoredObject {
  key: string;
  /** base64 of the body as the user gave it (user data; the simulator never encrypts). */
  body: string;
  contentType: string;
  metadata: Record<string, string>;
  storageClass: string;
  etag: string;
  lastModified: string;
  serverSideEncryption: 'aws:kms' | 'AES256';
  /** Key ARN the object is encrypted under (SSE-KMS only). */
  kmsKeyArn?: string;
  bucketKeyEnabled: boolean;
  tags: Record<string, string>;
}

export interface StoredBucket {
  name: string;
  createdAt: string;
  encryption: { sseAlgorithm: string; kmsMasterKeyId?: string; bucketKeyEnabled: boolean } | null;
  objects: StoredObject[];
}

export interface LocalStateFile {
  version: typeof LOCAL_STATE_VERSION;
  /** ARNs embed these, so a state file keeps its own. */
  accountId: string;
  region: string;
  keys: StoredKey[];
  aliases: StoredAlias[];
  importParameters: StoredImportParameters[];
  buckets: StoredBucket[];
}

export function emptyState(accountId: string, region: string): LocalStateFile {
  return { version: LOCAL_STATE_VERSION, accountId, region, keys: [], aliases: [], importParameters: [], buckets: [] };
}

/** Shape check of a parsed file; throws a one-line Error naming what is wrong. */
export function checkState(value: unknown): LocalStateFile {
  if (typeof value !== 'object' || value === null) throw new Error('not a JSON object');
  const v = value as Partial<LocalStateFile>;
  if (v.version !== LOCAL_STATE_VERSION) throw new Error(`unsupported state version ${String(v.version)} (expected ${LOCAL_STATE_VERSION})`);
  if (typeof v.accountId !== 'string' || typeof v.region !== 'string') throw new Error('accountId and region must be strings');
  for (const field of ['keys', 'aliases', 'importParameters', 'buckets'] as const) {
    if (!Array.isArray(v[field])) throw new Error(`"${field}" must be an array`);
  }
  return v as LocalStateFile;
}
