import type { DiagnosticCode } from '../diagnostics/codes.js';
import type { KeySpec, ProviderType, WrappingAlgorithm, WrappingKeySpec } from '../core/specs.js';
import type { KeyIdentity } from '../core/identity.js';
import type { WrappedMaterial } from '../wrapping/types.js';
import type { LiveAlias, LiveKey, LiveMaterial } from '../core/types.js';

/**
 * The narrow interfaces the engine drives. Adapters hide SDKs and wire protocols, translate
 * names (key specs, states, time units) to ours, and throw only ProviderError.
 * A resource that does not exist is `null`, not an error.
 */

export interface ProviderCapabilities {
  type: ProviderType;
  /**
   * Tags can be attached in the create call itself (AWS, Alibaba). When false (Huawei), the engine
   * tags right after create, and the key's identity must travel in something set at create
   * (`CreateKeyInput.identity`) so that listManagedKeys finds the key if the tagging never happened.
   */
  tagsAtCreate: boolean;
  /**
   * 'required': the create call itself needs an alias (Huawei's `key_alias`), and the adapter uses
   * `CreateKeyInput.identityAlias` for it; the manifest's aliases are still separate, movable
   * resources (createAlias/updateAlias). 'no': aliases exist only as separate resources.
   */
  aliasAtCreate: 'required' | 'no';
  /** Object storage (BucketService) this provider offers; false = keys only. */
  objectStorage: boolean;
  /** Maximum ValidTo distance from now, in days; null = no limit. */
  maxValidForDays: number | null;
  /** Scheduled deletion window bounds, in days. */
  deletionWindowDays: { min: number; max: number };
}

export interface ImportParameters {
  keyId: string;
  /** DER SubjectPublicKeyInfo of the wrapping key. */
  publicKey: Buffer;
  /** Opaque; never logged. */
  importToken: Buffer;
  parametersValidTo: Date;
}


export type MaterialExpiry = { model: 'expires'; validTo: Date } | { model: 'never' };

export interface CreateKeyInput {
  keySpec: KeySpec;
  description: string;
  /** The ownership tags; a provider without tagsAtCreate ignores them (the engine tags afterwards). */
  tags: Record<string, string>;
  /**
   * Ownership, for providers that cannot tag at create: they must record it in something the
   * create call sets (a create-time alias, the description) and report it back as
   * `LiveKey.identity` from listManagedKeys and describeKey while the key is untagged.
   */
  identity: KeyIdentity;
  /** `identityLabel(identity)`: the create-time alias for providers with aliasAtCreate 'required'. */
  identityAlias: string;
}

/** In-place keys (AWS multi-material): which import this is, and the label written with the material. */
export interface MaterialImport {
  importType: 'NEW_KEY_MATERIAL' | 'EXISTING_KEY_MATERIAL';
  keyMaterialId?: string;
  /** KeyMaterialDescription naming the material's KCV (never the material). */
  description: string;
}

/** GetKeyLastUsage: the last successful cryptographic use the provider recorded. */
export interface KeyLastUsage {
  lastUsedAt: Date | null;
  operation: string | null;
  trackingSince: Date | null;
}

/** What a listing may know beforehand: how many of the manifest's keys live on this provider. */
export interface ListHint {
  expectedKeys?: number;
}

export interface KeyService {
  readonly capabilities: ProviderCapabilities;
  /**
   * Every key tagged `byok:manifest = manifestName`, described (state, ValidTo, tags), plus keys
   * whose create-time identity names that manifest but that carry no ownership tags yet (an
   * interrupted create-then-tag): those come with `identity` set, and the plan tags them.
   * `hint.expectedKeys`: how many keys the manifest has on this provider, for a provider that
   * chooses between ways of listing by their cost (AWS `discovery: auto`).
   */
  listManagedKeys(manifestName: string, hint?: ListHint): Promise<LiveKey[]>;
  /** The named aliases that exist (absent ones are simply missing from the result). */
  getAliases(names: readonly string[]): Promise<LiveAlias[]>;
  describeKey(keyId: string): Promise<LiveKey | null>;
  createKey(input: CreateKeyInput): Promise<LiveKey>;
  getImportParameters(keyId: string, algorithm: WrappingAlgorithm, wrappingKeySpec: WrappingKeySpec): Promise<ImportParameters>;
  importMaterial(keyId: string, params: ImportParameters, wrapped: WrappedMaterial, expiry: MaterialExpiry, material?: MaterialImport): Promise<void>;
  /** Keys with several materials (AWS symmetric): every material, oldest first. */
  listMaterials?(keyId: string): Promise<LiveMaterial[]>;
  /** Makes the pending material current (AWS RotateKeyOnDemand). */
  rotateKey?(keyId: string): Promise<void>;
  /** Last cryptographic use; null where the provider (or an emulator of it) cannot tell. */
  keyLastUsage?(keyId: string): Promise<KeyLastUsage | null>;
  /** Whether `keyLastUsage` can answer here (an emulator may lack the operation). */
  lastUsageAvailable?(): Promise<boolean>;
  createAlias(alias: string, keyId: string): Promise<void>;
  updateAlias(alias: string, keyId: string): Promise<void>;
  enableKey(keyId: string): Promise<void>;
  disableKey(keyId: string): Promise<void>;
  scheduleKeyDeletion(keyId: string, pendingWindowDays: number): Promise<{ deletionDate: Date }>;
  tagKey(keyId: string, tags: Record<string, string>): Promise<void>;
}

export interface BucketEncryption {
  /** Key id as we know it (ARN/alias resolved to the key id where possible). */
  kmsKeyId: string | null;
  /** Raw value the provider returned. */
  kmsKeyRaw: string | null;
  bucketKey: boolean;
}

export interface BucketService {
  /** null when the bucket does not exist; `kmsKeyId: null` when it has no SSE-KMS default. */
  getBucketEncryption(bucket: string): Promise<BucketEncryption | null>;
  putBucketEncryption(bucket: string, keyId: string, bucketKey: boolean): Promise<void>;
  /** Count objects by the key id they are encrypted under (objects without SSE-KMS are not counted). */
  countObjectsByKey(bucket: string): Promise<Record<string, number>>;
  /**
   * Re-encrypt, in place, every object encrypted under a key other than `toKeyId`, keeping
   * metadata, content type, storage class and tags. Returns how many objects were rewritten.
   */
  reencryptObjects(bucket: string, toKeyId: string, bucketKey: boolean, onProgress?: (done: number) => void): Promise<number>;
}

/** A provider-side apply lock (AWS: a lease object written with S3 conditional writes). */
export interface ProviderLease {
  release(): Promise<void>;
  /** Resolves when the lease was lost (expired, taken over); the apply must stop starting actions. */
  readonly lost: Promise<unknown>;
  /** Throws unless the lease is still held (read from the provider, not from memory). */
  confirm?(): Promise<void>;
}

export interface Provider {
  readonly name: string;
  readonly keys: KeyService;
  /** Absent for a provider without object storage (a manifest bucket on it is a validation error). */
  readonly buckets?: BucketService;
  /** Present where the provider offers a shared lock and the manifest configures one. */
  acquireApplyLock?(owner: string): Promise<ProviderLease>;
  /**
   * Makes every change so far visible to other processes (a provider that buffers writes, like
   * `local`); apply calls it before it returns, so before the lock is released and the report shown.
   */
  flush?(): Promise<void>;
  close(): Promise<void>;
}

export type { WrappedMaterial };

/** The only error type that leaves `providers/`. Messages never contain material or tokens. */
export class ProviderError extends Error {
  readonly code: DiagnosticCode;
  /** Provider's own error name (e.g. `KMSInvalidStateException`), for logs. */
  readonly providerCode: string;
  readonly retryable: boolean;
  constructor(code: DiagnosticCode, providerCode: string, message: string, retryable = false) {
    super(message);
    this.name = 'ProviderError';
    this.code = code;
    this.providerCode = providerCode;
    this.retryable = retryable;
  }
}
