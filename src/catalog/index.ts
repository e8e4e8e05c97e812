import type { ProviderType } from '../core/specs.js';
import { ALIBABA_FACTS } from './alibaba.js';
import { AWS_FACTS } from './aws.js';
import { HUAWEI_FACTS } from './huawei.js';
import { LOCAL_FACTS } from './local.js';
import type { CloudFacts } from './types.js';

export type { AliasRule, CloudFacts, QuotaTable, TagRules } from './types.js';
export { aliasProblem } from './aliases.js';
export { keyUsageFor, type KeyUsage } from './key-usage.js';

/** Per-cloud facts, one file each; a new cloud adds its file and one line here. */
export const CATALOG: Readonly<Record<ProviderType, CloudFacts>> = {
  local: LOCAL_FACTS,
  aws: AWS_FACTS,
  alibaba: ALIBABA_FACTS,
  huawei: HUAWEI_FACTS,
};

export function factsOf(type: ProviderType): CloudFacts {
  return CATALOG[type];
}
