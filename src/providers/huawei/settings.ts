/**
 * Where and as whom the Huawei adapter calls: endpoints from the region (or the manifest's
 * `endpoint`), the project id from the manifest (so the SDK never asks IAM for it), and AK/SK from
 * HUAWEICLOUD_SDK_AK / HUAWEICLOUD_SDK_SK (+ HUAWEICLOUD_SDK_SECURITY_TOKEN), or from the variables
 * the manifest names in accessKeyIdEnv / accessKeySecretEnv.
 */
import type { HuaweiProviderConfig } from '../../core/types.js';
import { ProviderError } from '../port.js';

export interface HuaweiSettings {
  name: string;
  region: string;
  projectId: string;
  kmsEndpoint: string;
  obsEndpoint: string;
  ak: string;
  sk: string;
  securityToken?: string;
}

/** `eu-west-101` is served from `myhuaweicloud.eu`; every other region from `myhuaweicloud.com`. */
export function defaultEndpoints(region: string): { kms: string; obs: string } {
  const domain = region === 'eu-west-101' ? 'myhuaweicloud.eu' : 'myhuaweicloud.com';
  return { kms: `https://kms.${region}.${domain}`, obs: `https://obs.${region}.${domain}` };
}

const configError = (config: HuaweiProviderConfig, code: string, message: string): ProviderError =>
  new ProviderError('provider.config', code, `provider ${config.name}: ${message}`);

export function huaweiSettings(config: HuaweiProviderConfig, env: NodeJS.ProcessEnv = process.env): HuaweiSettings {
  const region = config.region;
  const projectId = config.projectId;
  if (!region) throw configError(config, 'NoRegion', 'needs `region`');
  if (!projectId) throw configError(config, 'NoProjectId', 'needs `projectId` (the project of the region; the tool never looks it up through IAM)');
  const akVar = config.accessKeyIdEnv ?? 'HUAWEICLOUD_SDK_AK';
  const skVar = config.accessKeySecretEnv ?? 'HUAWEICLOUD_SDK_SK';
  const ak = env[akVar];
  const sk = env[skVar];
  if (!ak || !sk) {
    throw configError(config, 'NoCredentials', `no credentials: set ${akVar} and ${skVar} (the AK/SK of an IAM user allowed to use KMS and OBS)`);
  }
  const defaults = defaultEndpoints(region);
  const token = env['HUAWEICLOUD_SDK_SECURITY_TOKEN'];
  return {
    name: config.name,
    region,
    projectId,
    kmsEndpoint: (config.endpoint?.kms ?? defaults.kms).replace(/\/+$/, ''),
    obsEndpoint: (config.endpoint?.obs ?? defaults.obs).replace(/\/+$/, ''),
    ak,
    sk,
    ...(token ? { securityToken: token } : {}),
  };
}
