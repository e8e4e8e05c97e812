/** `reconcile sandbox --cloud alibaba`: Alibaba's simulator rules and wire server, for the CLI's cloud table. */
import { ALIBABA_KMS_QUOTA_CLASSES, ALIBABA_OSS_QUOTA_CLASSES } from '../../catalog/alibaba.js';
import type { LocalSimulator } from '../../sim/simulator.js';
import type { QuotaSetting, SandboxHandle, SandboxOptions } from '../aws/types.js';
import { ALIBABA_SIM_RULES } from './rules.js';
import { startAlibabaSandbox } from './server.js';
import { commonStartOptions } from '../start-options.js';

/** For a new state file; an existing one keeps its own region and account. */
export const ALIBABA_SANDBOX_REGION = 'cn-hangzhou';
export const ALIBABA_SANDBOX_ACCOUNT = '1234567890123456';

/** `--quotas`: Alibaba's published per-API classes (`aws` is the command's default word for "published"), none, or scaled. */
function quotasFor(q: QuotaSetting | undefined): Record<string, number> | undefined {
  if (q === undefined || q === 'none') return undefined;
  const scale = typeof q === 'object' && 'scale' in q && typeof q.scale === 'number' ? q.scale : 1;
  const published: Record<string, number> = { ...ALIBABA_KMS_QUOTA_CLASSES, ...ALIBABA_OSS_QUOTA_CLASSES };
  return Object.fromEntries(Object.entries(published).map(([k, v]) => [k, v * scale]));
}

export const alibabaCloud = {
  title: 'KMS 2016-01-20 + OSS',
  rules: ALIBABA_SIM_RULES,
  newState: { accountId: ALIBABA_SANDBOX_ACCOUNT, region: ALIBABA_SANDBOX_REGION },
  start(sim: LocalSimulator, o: Omit<SandboxOptions, 'sim'>): Promise<SandboxHandle> {
    const quotas = quotasFor(o.quotas);
    return startAlibabaSandbox({
      sim,
      ...commonStartOptions(o),
      ...(quotas ? { quotas } : {}),
    });
  },
  hints(url: string): string {
    const port = new URL(url).port;
    return (
      `  keys    AccessKey id test, secret test (ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET)\n` +
      `  KMS     @alicloud/kms20160120 / openapi-client: endpoint 127.0.0.1:${port}, protocol http\n` +
      `  OSS     ali-oss: endpoint ${url}, sldEnable: true\n` +
      `  or set  type: alibaba, endpoint: ${url}  on a provider in keys.yaml\n`
    );
  },
};
