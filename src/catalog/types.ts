import type { KeySpec, ProviderType, WrappingAlgorithm, WrappingKeySpec } from '../core/specs.js';

/** Alias naming rules of one cloud. */
export interface AliasRule {
  /** Required prefix, e.g. `alias/`. */
  prefix?: string;
  /** Prefixes reserved for the cloud's own keys. */
  reserved: readonly string[];
  pattern: RegExp;
  maxLength: number;
  /** Suffixes the cloud refuses (Huawei reserves `/default`). */
  forbiddenSuffix?: string;
}

export interface TagRules {
  maxPerKey: number;
  keyMax: number;
  valueMax: number;
  /** Tag-key prefixes reserved for the cloud itself. */
  reservedPrefixes: readonly string[];
}

/** One published (or, where marked, assumed) request-rate table, with where it comes from. */
export interface QuotaTable {
  service: string;
  /** Requests per second, keyed by operation (or by a class such as `S3Write`). */
  perSecond: Readonly<Record<string, number>>;
  source: string;
}

/**
 * Everything the tool knows about one cloud that is a fact, not code: the manifest rules check
 * against it, adapters and the wire sandboxes pace and classify by it. Pure data.
 */
export interface CloudFacts {
  type: ProviderType;
  title: string;
  /** Longest material validity the cloud accepts, in days; null = no limit. */
  maxValidForDays: number | null;
  /** Scheduled deletion window bounds, in days. */
  deletionWindowDays: { min: number; max: number };
  alias: AliasRule;
  tags: TagRules;
  descriptionMax: number;
  /** Key specs (our spelling) the cloud can create as imported (BYOK) keys. */
  keySpecs: readonly KeySpec[];
  /** Wrapping choices the cloud offers; the full (key spec x region) matrix is in src/wrapping. */
  wrappingAlgorithms: readonly WrappingAlgorithm[];
  wrappingKeySpecs: readonly WrappingKeySpec[];
  /** Name of the object store that can default-encrypt buckets with a key, or null when none. */
  objectStore: string | null;
  /** false when the object store has no bucket keys (OBS): the manifest's `bucketKey` default then. Default true. */
  bucketKeys?: boolean;
  quotas: readonly QuotaTable[];
  /** Error names the cloud answers when a request rate is exceeded (always worth a retry). */
  throttlingErrors: readonly string[];
  /** Error names that mean throttling only sometimes (the message decides). */
  ambiguousThrottlingErrors: readonly string[];
}
