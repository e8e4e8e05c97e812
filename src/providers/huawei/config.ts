import { HUAWEI_FACTS } from '../../catalog/huawei.js';
import type { HuaweiProviderConfig } from '../../core/types.js';
import type { RawProvider } from '../../manifest/raw.js';
import { capabilitiesFrom } from '../capabilities.js';
import { regionClassOf, splitEndpoint } from '../config-helpers.js';

/**
 * create-key has no tags field (tags come after, via the tag API) and needs a `key_alias`: the
 * adapter gives it the identity label, so an untagged key is still found after a crash. Manifest
 * aliases are the separate alias resources (create, associate to move).
 */
export const HUAWEI_CAPABILITIES = capabilitiesFrom(HUAWEI_FACTS, { tagsAtCreate: false, aliasAtCreate: 'required' });

export function normalizeHuaweiConfig(name: string, raw: RawProvider): HuaweiProviderConfig {
  // The schema requires region and projectId for this type.
  const region = raw.region ?? '';
  const config: HuaweiProviderConfig = { name, type: 'huawei', region, projectId: raw.projectId ?? '', regionClass: regionClassOf(region) };
  if (raw.accessKeyIdEnv !== undefined) config.accessKeyIdEnv = raw.accessKeyIdEnv;
  if (raw.accessKeySecretEnv !== undefined) config.accessKeySecretEnv = raw.accessKeySecretEnv;
  if (raw.endpoint !== undefined) config.endpoint = splitEndpoint(raw.endpoint, 'obs');
  if (raw.quotas) config.quotas = { ...raw.quotas };
  return config;
}
