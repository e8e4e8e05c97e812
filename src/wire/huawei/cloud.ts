/** `reconcile sandbox --cloud huawei`: Huawei's simulator rules and wire server, for the CLI's cloud table. */
import { HUAWEI_SIM_RULES } from './rules.js';
import type { LocalSimulator } from '../../sim/simulator.js';
import type { SandboxHandle, SandboxOptions } from '../aws/types.js';
import { HUAWEI_SANDBOX_AK, HUAWEI_SANDBOX_SK, startHuaweiSandbox } from './server.js';
import { commonStartOptions } from '../start-options.js';

export const HUAWEI_SANDBOX_DOMAIN_ID = '0c7a3d5e9b1f4e2a8d6c0b9a7f5e3d1c';
export const HUAWEI_SANDBOX_REGION = 'ap-southeast-1';

export const huaweiCloud = {
  title: 'KMS REST v1.0 + OBS',
  rules: HUAWEI_SIM_RULES,
  newState: { accountId: HUAWEI_SANDBOX_DOMAIN_ID, region: HUAWEI_SANDBOX_REGION },
  start(sim: LocalSimulator, o: Omit<SandboxOptions, 'sim'>): Promise<SandboxHandle> {
    return startHuaweiSandbox({
      sim,
      ...commonStartOptions(o),
    });
  },
  hints(url: string): string {
    return (
      `  KMS     POST ${url}/v1.0/{project_id}/kms/...  (SDK-HMAC-SHA256, AK ${HUAWEI_SANDBOX_AK} / SK ${HUAWEI_SANDBOX_SK}, any project id)\n` +
      `  OBS     ${url} in path style (esdk-obs-nodejs: server ${url}, path_style: true)\n` +
      `  or set  type: huawei, projectId: <any>, endpoint: ${url}  on a provider in keys.yaml\n` +
      `          (HUAWEICLOUD_SDK_AK=${HUAWEI_SANDBOX_AK} HUAWEICLOUD_SDK_SK=${HUAWEI_SANDBOX_SK}); quotas are not simulated for Huawei\n`
    );
  },
};
