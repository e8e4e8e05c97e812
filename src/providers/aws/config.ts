import { AWS_FACTS } from '../../catalog/aws.js';
import type { AwsProviderConfig } from '../../core/types.js';
import type { RawProvider } from '../../manifest/raw.js';
import { capabilitiesFrom } from '../capabilities.js';
import { regionClassOf, splitEndpoint, type NormalizeContext } from '../config-helpers.js';

export const AWS_CAPABILITIES = capabilitiesFrom(AWS_FACTS, { tagsAtCreate: true, aliasAtCreate: 'no' });

export function normalizeAwsConfig(name: string, raw: RawProvider, ctx: NormalizeContext): AwsProviderConfig {
  const config: AwsProviderConfig = { name, type: 'aws', regionClass: regionClassOf(raw.region) };
  if (raw.region !== undefined) config.region = raw.region;
  if (raw.profile !== undefined) config.profile = raw.profile;
  if (raw.endpoint !== undefined) config.endpoint = splitEndpoint(raw.endpoint, 's3');
  if (raw.lock) config.lock = { bucket: raw.lock.bucket, key: raw.lock.key ?? `byok-reconciler/${ctx.manifestName}.lock` };
  if (raw.quotas) config.quotas = { ...raw.quotas };
  if (raw.discovery !== undefined) config.discovery = raw.discovery;
  return config;
}
