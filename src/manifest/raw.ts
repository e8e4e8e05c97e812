import type { KeySpec, ProviderType, WrappingAlgorithm, WrappingKeySpec } from '../core/specs.js';
import type { RetireAction } from '../core/types.js';

/**
 * The manifest as written, for data that passed keys.schema.json. These types mirror the schema
 * and must change with it; normalisation turns them into DesiredState.
 */
export interface RawManifest {
  version: 1;
  name: string;
  providers?: Record<string, RawProvider>;
  defaults?: RawDefaults;
  keys?: Record<string, RawKey>;
  buckets?: Record<string, RawBucket>;
}

export type RawEndpoint = string | { kms?: string; s3?: string; oss?: string; obs?: string };

export interface RawProvider {
  type: ProviderType;
  state?: string;
  tagsAtCreate?: boolean;
  region?: string;
  profile?: string;
  endpoint?: RawEndpoint;
  lock?: { bucket: string; key?: string };
  quotas?: Record<string, number>;
  discovery?: 'auto' | 'tagging-api' | 'list-keys';
  instanceId?: string;
  /** Alibaba: SOFTWARE (default) or HSM for default keys (SM2PKE needs HSM). */
  protectionLevel?: 'SOFTWARE' | 'HSM';
  projectId?: string;
  accessKeyIdEnv?: string;
  accessKeySecretEnv?: string;
}

export interface RawWrapping {
  algorithm?: WrappingAlgorithm;
  keySpec?: WrappingKeySpec;
}

export interface RawExpiration {
  validFor?: string;
  renewBefore?: string;
  model?: 'expires' | 'never';
}

export interface RawRetire {
  action?: RetireAction;
  after?: string;
  pendingWindow?: string;
  quietFor?: string;
}

export interface RawDefaults {
  provider?: string;
  wrapping?: RawWrapping;
  expiration?: RawExpiration;
  retire?: RawRetire;
}

export interface RawMaterial {
  file?: string;
  encoding?: 'raw' | 'base64' | 'hex';
  env?: string;
  command?: string[];
  timeout?: string;
  kcv?: string;
}

export interface RawKey {
  provider?: string;
  description?: string;
  keySpec?: KeySpec;
  /** Exactly one of `material` and `materials` (the schema's oneOf). */
  material?: RawMaterial;
  materials?: RawMaterial[];
  removableMaterials?: string[];
  aliases?: string[];
  wrapping?: RawWrapping;
  expiration?: RawExpiration;
  retire?: RawRetire;
  rotation?: 'new-key' | 'in-place';
}

export interface RawBucket {
  provider?: string;
  key: string;
  bucketKey?: boolean;
  reencrypt?: boolean;
}
