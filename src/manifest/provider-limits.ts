import type { ProviderType } from '../core/specs.js';

/** Alias naming rules per provider (reference/providers.md §0). */
export interface AliasRule {
  /** Required prefix, e.g. `alias/`. */
  prefix?: string;
  /** Prefixes reserved for the provider's own keys. */
  reserved: string[];
  pattern: RegExp;
  maxLength: number;
  /** Suffixes the provider refuses (Huawei reserves `/default`). */
  forbiddenSuffix?: string;
}

export interface ProviderLimits {
  alias: AliasRule;
  /** Longest material validity the provider accepts; null = no limit. */
  maxValidForDays: number | null;
  deletionWindowDays: { min: number; max: number };
  tagValueMax: number;
  descriptionMax: number;
  /** Whether the object store has bucket keys (S3 does, OBS does not): the `bucketKey` default. */
  bucketKeys: boolean;
}

const AWS_LIKE: ProviderLimits = {
  alias: { prefix: 'alias/', reserved: ['alias/aws/'], pattern: /^[a-zA-Z0-9:/_-]+$/, maxLength: 256 },
  maxValidForDays: 365,
  deletionWindowDays: { min: 7, max: 30 },
  tagValueMax: 256,
  descriptionMax: 8192,
  bucketKeys: true,
};

/** `local` behaves like AWS KMS on purpose: demos and tests catch what AWS would refuse. */
export const PROVIDER_LIMITS: Record<ProviderType, ProviderLimits> = {
  local: AWS_LIKE,
  aws: AWS_LIKE,
  alibaba: {
    alias: { prefix: 'alias/', reserved: ['alias/acs'], pattern: /^[a-zA-Z0-9:/_-]+$/, maxLength: 255 },
    maxValidForDays: null,
    deletionWindowDays: { min: 7, max: 366 },
    tagValueMax: 128,
    descriptionMax: 8192,
    bucketKeys: true,
  },
  huawei: {
    alias: { reserved: [], pattern: /^[a-zA-Z0-9:/_-]+$/, maxLength: 255, forbiddenSuffix: '/default' },
    maxValidForDays: null,
    deletionWindowDays: { min: 7, max: 1096 },
    tagValueMax: 43,
    descriptionMax: 255,
    bucketKeys: false,
  },
};

/** Why `alias` is not a valid alias name for the provider, or null when it is. */
export function aliasProblem(alias: string, rule: AliasRule): string | null {
  if (rule.prefix && !alias.startsWith(rule.prefix)) return `must start with \`${rule.prefix}\``;
  if (rule.prefix && alias.length === rule.prefix.length) return `needs a name after \`${rule.prefix}\``;
  const reserved = rule.reserved.find((r) => alias.startsWith(r));
  if (reserved) return `must not start with \`${reserved}\` (reserved for the provider's own keys)`;
  if (alias.length > rule.maxLength) return `is ${alias.length} characters long; the limit is ${rule.maxLength}`;
  if (!rule.pattern.test(alias)) return 'may only contain letters, digits and `:/_-`';
  if (rule.forbiddenSuffix && alias.endsWith(rule.forbiddenSuffix)) return `must not end in \`${rule.forbiddenSuffix}\``;
  return null;
}
