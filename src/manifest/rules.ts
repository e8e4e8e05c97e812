import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { aliasNameRule, duplicateAliasRule } from './rules/aliases.js';
import { alibabaWrappingRule, ossBucketKeyRule } from './rules/alibaba.js';
import type { Rule, RuleContext } from './rules/context.js';
import { expirationRule } from './rules/expiration.js';
import { endpointUrlRule, sameTargetRule } from './rules/instances.js';
import { huaweiRule } from './rules/huawei.js';
import { bucketKeyRule, bucketProviderRule, providerRefRule } from './rules/references.js';
import { retireRule } from './rules/retire.js';
import { bucketStorageRule } from './rules/storage.js';
import { descriptionLimitRule, tagLimitsRule } from './rules/limits.js';
import { inPlaceRotationRule, wrappingRule } from './rules/wrapping.js';

export type { Rule, RuleContext } from './rules/context.js';

/** Every rule, in reporting order. Each one is a small named check in `rules/`. */
export const RULES: readonly Rule[] = [
  providerRefRule,
  endpointUrlRule,
  sameTargetRule,
  bucketKeyRule,
  bucketProviderRule,
  bucketStorageRule,
  duplicateAliasRule,
  aliasNameRule,
  expirationRule,
  retireRule,
  wrappingRule,
  alibabaWrappingRule,
  ossBucketKeyRule,
  inPlaceRotationRule,
  tagLimitsRule,
  descriptionLimitRule,
  huaweiRule,
];

/** Runs the rules; a problem raised through a shared `defaults:` entry is reported once. */
export function runRules(ctx: RuleContext, rules: readonly Rule[] = RULES): Diagnostic[] {
  const seen = new Set<string>();
  return rules.flatMap((r) => r.check(ctx)).filter((d) => {
    const id = `${d.code}|${d.path}|${d.summary}`;
    return seen.has(id) ? false : (seen.add(id), true);
  });
}
