import { ALIBABA_FACTS } from '../../catalog/alibaba.js';
import type { AlibabaProviderConfig } from '../../core/types.js';
import type { RawProvider } from '../../manifest/raw.js';
import { capabilitiesFrom } from '../capabilities.js';
import { regionClassOf, splitEndpoint } from '../config-helpers.js';

/** CreateKey takes Tags; aliases are separate resources (CreateAlias/UpdateAlias). */
export const ALIBABA_CAPABILITIES = capabilitiesFrom(ALIBABA_FACTS, { tagsAtCreate: true, aliasAtCreate: 'no' });

export function normalizeAlibabaConfig(name: string, raw: RawProvider): AlibabaProviderConfig {
  // The schema requires region for this type.
  const region = raw.region ?? '';
  const config: AlibabaProviderConfig = { name, type: 'alibaba', region, regionClass: regionClassOf(region) };
  if (raw.instanceId !== undefined) config.instanceId = raw.instanceId;
  if (raw.protectionLevel !== undefined) config.protectionLevel = raw.protectionLevel;
  if (raw.accessKeyIdEnv !== undefined) config.accessKeyIdEnv = raw.accessKeyIdEnv;
  if (raw.accessKeySecretEnv !== undefined) config.accessKeySecretEnv = raw.accessKeySecretEnv;
  if (raw.endpoint !== undefined) config.endpoint = splitEndpoint(raw.endpoint, 'oss');
  if (raw.quotas) config.quotas = { ...raw.quotas };
  return config;
}
