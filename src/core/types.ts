import type { KeySpec, KeyState, ProviderType, RegionClass, WrappingAlgorithm, WrappingKeySpec } from './specs.js';
import type { SourcePos } from '../diagnostics/diagnostic.js';
import type { KeyIdentity } from './identity.js';

// ---------------------------------------------------------------- desired state (from keys.yaml)

interface ProviderConfigBase {
  /** Instance name from `providers:` (`local` exists implicitly). */
  name: string;
  regionClass: RegionClass;
  /** Per-operation request-rate overrides (requests per second), keyed by operation name. */
  quotas?: Record<string, number>;
}

/** The embedded simulator with file-backed state (AWS KMS semantics). */
export interface LocalProviderConfig extends ProviderConfigBase {
  type: 'local';
  /** Absolute path of the state file. */
  state: string;
  /**
   * Testing aid: `false` makes the adapter tag a new key in a second call after creating it, the
   * way Huawei Cloud must, so crash recovery of untagged keys can be exercised. Default true.
   */
  tagsAtCreate?: boolean;
}

export interface AwsProviderConfig extends ProviderConfigBase {
  type: 'aws';
  region?: string;
  profile?: string;
  /** Endpoint overrides for emulators, already split per service. */
  endpoint?: { kms?: string; s3?: string };
  /** Apply lock (lease object in S3), when configured. */
  lock?: { bucket: string; key: string };
  /** How managed keys are found (see the schema); the adapter picks a default when absent. */
  discovery?: 'auto' | 'tagging-api' | 'list-keys';
}

export interface AlibabaProviderConfig extends ProviderConfigBase {
  type: 'alibaba';
  region: string;
  /** KMS instance id (DKMSInstanceId); absent for default keys. */
  instanceId?: string;
  /** Protection level of default keys (no instanceId); SM2PKE wrapping needs HSM. */
  protectionLevel?: 'SOFTWARE' | 'HSM';
  /** Names of the environment variables holding the AccessKey pair. */
  accessKeyIdEnv?: string;
  accessKeySecretEnv?: string;
  endpoint?: { kms?: string; oss?: string };
}

export interface HuaweiProviderConfig extends ProviderConfigBase {
  type: 'huawei';
  region: string;
  projectId: string;
  /** Names of the environment variables holding the AK/SK pair. */
  accessKeyIdEnv?: string;
  accessKeySecretEnv?: string;
  endpoint?: { kms?: string; obs?: string };
}

/** One provider instance of the manifest; each cloud owns its fields, keyed by `type`. */
export type ProviderConfig = LocalProviderConfig | AwsProviderConfig | AlibabaProviderConfig | HuaweiProviderConfig;

/** The config type of one provider type. */
export type ProviderConfigOf<T extends ProviderType> = Extract<ProviderConfig, { type: T }>;

export type MaterialSource =
  | { type: 'file'; path: string; encoding: 'raw' | 'base64' | 'hex' }
  | { type: 'env'; name: string }
  | { type: 'command'; argv: string[]; timeoutMs: number };

export type Expiration =
  | { model: 'expires'; validForMs: number; renewBeforeMs: number }
  | { model: 'never' };

export type RetireAction = 'disable' | 'schedule-deletion' | 'keep';

/** One material of a `rotation: in-place` key, as the manifest lists it. */
export interface DesiredMaterial {
  source: MaterialSource;
  declaredKcv?: string;
  /** Computed from the material when the manifest was loaded ('' before). */
  kcv: string;
}

export interface DesiredKey {
  /** Stable identity within the manifest `name`. */
  name: string;
  provider: string;
  description: string;
  keySpec: KeySpec;
  wrapping: { algorithm: WrappingAlgorithm; keySpec: WrappingKeySpec };
  expiration: Expiration;
  material: MaterialSource;
  /** KCV the manifest declares (optional) — verified before every import. */
  declaredKcv?: string;
  /** KCV computed from the material when the manifest was loaded. Drives rotation. */
  kcv: string;
  aliases: string[];
  retire: {
    action: RetireAction;
    afterMs: number;
    pendingWindowDays: number;
    /** Last-use guard: hold retirement while the provider saw the key used this recently (default 7 d). */
    quietForMs?: number;
  };
  rotation: 'new-key' | 'in-place';
  /**
   * `rotation: in-place` only: every material of the key, oldest first, current last. `material`,
   * `kcv` and `declaredKcv` above then describe the last one.
   */
  materials?: DesiredMaterial[];
  /** `rotation: in-place` only: KCVs of materials the manifest explicitly lets leave the key. */
  removableMaterials?: string[];
  /** Source positions of the key and some of its fields, for diagnostics raised later. */
  pos?: SourcePos;
}

export interface DesiredBucket {
  name: string;
  provider: string;
  /** Manifest key name. */
  key: string;
  bucketKey: boolean;
  reencrypt: boolean;
  pos?: SourcePos;
}

export interface DesiredState {
  /** Ownership scope: only keys tagged with this name are managed. */
  name: string;
  /** Absolute path of the manifest file. */
  file: string;
  /** sha256 of the normalised desired state (material never included, its KCV is). */
  digest: string;
  providers: Record<string, ProviderConfig>;
  keys: DesiredKey[];
  buckets: DesiredBucket[];
}

// ---------------------------------------------------------------- live state (read from providers)

/** Tags written on every key the tool creates. Values are strings in every provider. */
export const TAG = {
  manifest: 'byok:manifest',
  key: 'byok:key',
  generation: 'byok:generation',
  kcv: 'byok:kcv',
  /** ISO time at which the key stopped being the current generation (cut-over). */
  supersededAt: 'byok:superseded-at',
} as const;

export interface LiveKey {
  /** Provider instance name. */
  provider: string;
  keyId: string;
  arn: string;
  state: KeyState;
  keySpec: KeySpec;
  description: string;
  createdAt: string;
  /** ISO; null when the material does not expire or none is imported. */
  validTo: string | null;
  /** null when material was never imported (so `PendingImport` means "first import"). */
  expirationModel: 'expires' | 'never' | null;
  deletionDate: string | null;
  tags: Record<string, string>;
  /**
   * Every material of a key that can hold several (AWS symmetric, read for `rotation: in-place`
   * keys only); absent when not read, and then the key-level fields describe its one material.
   */
  materials?: LiveMaterial[];
  /**
   * Ownership read from the create-time identity (alias or description marker) of a key that has
   * no ownership tags yet; the planner treats it as tagged and plans `tag-key`. Absent otherwise.
   */
  identity?: KeyIdentity;
}

/** One material of a multi-material key (AWS ListKeyRotations with IncludeKeyMaterial). */
export interface LiveMaterial {
  keyMaterialId: string;
  /** From the material description this tool writes at import; null for a material it did not import. */
  kcv: string | null;
  state: MaterialState;
  /** false once the material expired or was deleted (the key is then PendingImport). */
  imported: boolean;
  expirationModel: 'expires' | 'never' | null;
  validTo: string | null;
  /** When an on-demand rotation made it current; null for the first material and a pending one. */
  rotatedAt: string | null;
}

export type MaterialState = 'CURRENT' | 'NON_CURRENT' | 'PENDING_ROTATION';

export interface LiveAlias {
  provider: string;
  name: string;
  targetKeyId: string;
}

export interface LiveBucket {
  provider: string;
  name: string;
  exists: boolean;
  /** Key id (never ARN or alias) of the default SSE-KMS key; null when not SSE-KMS. */
  kmsKeyId: string | null;
  /** Raw value as the provider returned it, for display. */
  kmsKeyRaw: string | null;
  bucketKey: boolean;
  /**
   * Number of objects per key id they are encrypted under; read when `reencrypt` is on or when a
   * key of the bucket's provider instance may be retired; null when not read.
   */
  objectsByKey: Record<string, number> | null;
}

export interface LiveState {
  keys: LiveKey[];
  aliases: LiveAlias[];
  buckets: LiveBucket[];
  /**
   * Per provider instance, whether it can tell when a key was last used (AWS GetKeyLastUsage);
   * read only where a previous generation might be retired, absent otherwise.
   */
  lastUsage?: Record<string, boolean>;
}

// ---------------------------------------------------------------- the plan

export type ActionKind =
  | 'create-key'
  | 'import-material'
  | 'reimport-material'
  | 'enable-key'
  | 'create-alias'
  | 'update-alias'
  | 'put-bucket-encryption'
  | 'reencrypt-objects'
  | 'tag-key'
  | 'disable-key'
  | 'schedule-key-deletion'
  | 'rotate-key';

/** A key that exists, or one that an earlier `create-key` of the same plan will create. */
export type KeyRef =
  | { keyId: string }
  | { created: { keyName: string; generation: number } };

interface ActionCommon {
  /** Stable within a plan, e.g. `payments/g2/create-key`. */
  id: string;
  provider: string;
  /** Manifest key this action serves; absent for bucket-only actions. */
  keyName?: string;
  /** Human-readable target: key id, alias name, bucket name. */
  target: string;
  /** One line, for display only; never parsed. */
  reason: string;
  destructive: boolean;
  /** Ids of actions that must succeed first. */
  dependsOn: string[];
}

export type Action = ActionCommon &
  (
    | {
        kind: 'create-key';
        keyName: string;
        generation: number;
        keySpec: KeySpec;
        description: string;
        tags: Record<string, string>;
      }
    | {
        kind: 'import-material' | 'reimport-material';
        keyName: string;
        generation: number;
        key: KeyRef;
        wrapping: { algorithm: WrappingAlgorithm; keySpec: WrappingKeySpec };
        /** Expiry is computed at apply time (now + validForMs) so a saved plan never shortens it. */
        expiration: { model: 'expires'; validForMs: number } | { model: 'never' };
        /** Material must have this KCV at apply time or the import is refused. */
        expectedKcv: string;
        /** In-place keys: a new material (then rotate-key) or the renewal of a known one. */
        inPlace?: { importType: 'NEW_KEY_MATERIAL' } | { importType: 'EXISTING_KEY_MATERIAL'; keyMaterialId?: string };
      }
    | { kind: 'enable-key'; key: KeyRef }
    | { kind: 'create-alias' | 'update-alias'; alias: string; key: KeyRef; fromKeyId?: string }
    | { kind: 'put-bucket-encryption'; bucket: string; key: KeyRef; bucketKey: boolean; fromKeyId: string | null }
    | { kind: 'reencrypt-objects'; bucket: string; key: KeyRef; fromKeyIds: string[]; objectCount: number }
    | {
        kind: 'tag-key';
        key: KeyRef;
        tags: Record<string, string>;
        /** Tag keys whose value is the apply-time clock (ISO), e.g. the cut-over stamp. */
        stampNow?: string[];
      }
    | { kind: 'disable-key'; keyId: string; generation: number }
    | { kind: 'schedule-key-deletion'; keyId: string; generation: number; pendingWindowDays: number }
    | {
        kind: 'rotate-key';
        key: KeyRef;
        /** KCV of the material that becomes current; the key's `byok:kcv` tag follows it. */
        kcv: string;
      }
  );

/** Per-key row for plan output and `status`. */
export interface KeySummary {
  keyName: string;
  provider: string;
  generation: number | null;
  keyId: string | null;
  state: KeyState | 'absent';
  validTo: string | null;
  /** Days left until validTo, floored; null when it never expires or is absent. */
  daysLeft: number | null;
  kcv: string;
  /** Plan output only: every live generation of the key, oldest first (PendingDeletion included). */
  generations?: GenerationSummary[];
  /** In-place keys: one row per material of the current generation, oldest first. */
  materials?: MaterialSummary[];
}

export interface MaterialSummary {
  kcv: string | null;
  keyMaterialId: string;
  state: MaterialState;
  imported: boolean;
  validTo: string | null;
  daysLeft: number | null;
}

/** One live key of a manifest key, as the planner classified it. */
export interface GenerationSummary {
  generation: number;
  keyId: string;
  state: KeyState;
  /** current: carries the manifest's material; previous: an older (or rolled-back) generation; duplicate: a second key of one generation. */
  role: 'current' | 'previous' | 'duplicate';
  validTo: string | null;
  daysLeft: number | null;
  supersededAt: string | null;
  deletionDate: string | null;
}

export const PLAN_FORMAT_VERSION = 1;

/**
 * The versioned plan document: what `--out` saves, what `--format json` prints, and what the text
 * and Markdown renderers read. It never contains key material, tokens or wrapped material.
 */
export interface PlanDocument {
  formatVersion: typeof PLAN_FORMAT_VERSION;
  tool: { name: 'byok-reconciler'; version: string };
  manifest: { name: string; file: string; digest: string };
  /** sha256 of the canonical live state the plan was computed from. */
  liveDigest: string;
  /** The time the plan was computed for (`--at` or the clock). */
  at: string;
  actions: Action[];
  keys: KeySummary[];
  /** Warnings the planner raised (old generations expiring, orphaned keys, ...). */
  diagnostics: import('../diagnostics/diagnostic.js').Diagnostic[];
  summary: { total: number; destructive: number; byKind: Partial<Record<ActionKind, number>> };
}

// ---------------------------------------------------------------- apply results

export type ActionResult = 'applied' | 'skipped' | 'failed';

export interface ActionOutcome {
  id: string;
  kind: ActionKind;
  target: string;
  keyName?: string;
  result: ActionResult;
  /** For failures and skips: a one-line reason (never key material). */
  message?: string;
  code?: import('../diagnostics/codes.js').DiagnosticCode;
  /** For create-key: the new key id. */
  keyId?: string;
}

export interface ApplyReport {
  outcomes: ActionOutcome[];
  applied: number;
  failed: number;
  skipped: number;
}

export interface Clock {
  now(): Date;
}
