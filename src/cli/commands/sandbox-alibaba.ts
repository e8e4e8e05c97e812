/**
 * `reconcile sandbox --cloud alibaba`: the manifest's local state file served as Alibaba Cloud KMS
 * 2016-01-20 + OSS on one port, with Alibaba's rules. Mutations are saved (debounced, and on exit).
 */
import { ALIBABA_KMS_QUOTA_CLASSES, ALIBABA_OSS_QUOTA_CLASSES } from '../../catalog/alibaba.js';
import { ALIBABA_SIM_RULES } from '../../wire/alibaba/rules.js';
import { openLocalStore } from '../../sim/store.js';
import { debouncedSaver } from '../../wire/persist.js';
import { startAlibabaSandbox } from '../../wire/alibaba/index.js';
import type { QuotaSetting } from '../../wire/aws/types.js';
import { UserError, error } from '../../diagnostics/diagnostic.js';
import type { SandboxServe } from './sandbox.js';

/** For a new state file; an existing one keeps its own region and account. */
export const ALIBABA_SANDBOX_REGION = 'cn-hangzhou';
export const ALIBABA_SANDBOX_ACCOUNT = '1234567890123456';

function quotasFor(q: QuotaSetting): Record<string, number> | undefined {
  if (q === 'none') return undefined;
  const scale = typeof q === 'object' && 'scale' in q && typeof q.scale === 'number' ? q.scale : 1;
  const published: Record<string, number> = { ...ALIBABA_KMS_QUOTA_CLASSES, ...ALIBABA_OSS_QUOTA_CLASSES };
  return Object.fromEntries(Object.entries(published).map(([k, v]) => [k, v * scale]));
}

export const serveAlibaba: SandboxServe = async (ctx) => {
  const store = openLocalStore(ctx.statePath, ctx.clock, {
    rules: ALIBABA_SIM_RULES,
    region: ALIBABA_SANDBOX_REGION,
    accountId: ALIBABA_SANDBOX_ACCOUNT,
    ...(ctx.pool > 0 ? { wrappingKeyPool: ctx.pool } : {}),
  });
  const saver = debouncedSaver(store.save, 250, (e) => ctx.io.stderr(`sandbox: ${e instanceof Error ? e.message : String(e)}\n`));
  store.sim.onMutate = () => saver.touch();
  const quotas = quotasFor(ctx.quota);
  let sandbox;
  try {
    sandbox = await startAlibabaSandbox({
      sim: store.sim,
      port: ctx.port,
      latencyMs: ctx.latencyMs,
      faultRate: ctx.faultRate,
      faultAfterApplyRate: ctx.faultAfterApplyRate,
      seed: ctx.seed,
      ...(quotas ? { quotas } : {}),
    });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new UserError(error('cli.usage', `port ${ctx.port} is already in use; choose another with --port`, { detail: 'See `reconcile sandbox --help`.' }));
    }
    throw e;
  }
  const { url, port } = sandbox;
  ctx.io.stdout(
    `alibaba sandbox listening on ${url} (KMS 2016-01-20 + OSS, region ${store.sim.region})\n` +
      `  state   ${store.path}\n` +
      `  keys    AccessKey id test, secret test (ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET)\n` +
      `  quotas  ${quotas ? 'Alibaba published' + (typeof ctx.quota === 'object' ? ' x scale' : '') : 'none'}; latency ${ctx.latencyMs} ms; faults ${ctx.faultRate} before / ${ctx.faultAfterApplyRate} after apply (seed ${ctx.seed})\n` +
      `  stats   ${url}/_sandbox/stats\n` +
      `  KMS     @alicloud/kms20160120 / openapi-client: endpoint 127.0.0.1:${port}, protocol http\n` +
      `  OSS     ali-oss: endpoint ${url}, sldEnable: true\n` +
      `  or set  type: alibaba, endpoint: ${url}  on a provider in keys.yaml\n`,
  );
  await ctx.untilStopped(ctx.signals);
  await sandbox.close();
  saver.flush();
  const s = sandbox.stats();
  ctx.io.stdout(`sandbox stopped after ${s.totals.calls} requests (${s.totals.throttled} throttled, ${s.totals.faults} faults)\n`);
  return 0;
};
