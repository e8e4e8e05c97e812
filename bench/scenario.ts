/**
 * One benchmark size, through the real path, as the CLI commands a user runs: keys.yaml on disk ->
 * loadDesired -> openSession (the real `aws` provider) -> refresh + plan -> applyPlan (`--apply`);
 * then, as a second command, load + refresh + plan, which must have no actions (`--plan`); then the
 * same at AWS's own quotas. With `npm run bench` each command is its own process.
 */
import { DEFAULT_CONCURRENCY } from '../src/providers/aws/provider.js';
import type { QuotaSetting } from '../src/wire/aws/types.js';
import { forkForResult } from './child.js';
import { bucketNames, writeFixture } from './fixture.js';
import { sizeChecks } from './checks.js';
import { lifetimeMaxRssMb } from './rss.js';
import { runOnce, type RunMessage, type RunName, type RunResult, type RunSpec } from './run-once.js';
import { startSandboxHost, type SandboxHost } from './sandbox-host.js';
import type { SizeConfig, SizeResult } from './types.js';

export function quotaSettingOf(scale: number): QuotaSetting {
  return scale === 1 ? 'aws' : { scale };
}

export function quotaLabelOf(scale: number): string {
  return scale === 1 ? 'aws' : `aws x${scale}`;
}

/** The manifest of plan-again-aws: no `quotas:`, so the adapter paces at AWS's defaults. */
const AWS_MANIFEST = 'keys-aws-quotas.yaml';

export async function runSize(config: SizeConfig, opts: { isolatedSandbox: boolean }): Promise<SizeResult> {
  const quotas = quotaSettingOf(config.quotaScale);
  const sandbox = await startSandboxHost(
    { latencyMs: config.latencyMs, quotas, wrappingKeyPool: config.wrappingKeyPool, warmSpecs: [config.wrappingKeySpec], buckets: bucketNames(config.keys, config.buckets) },
    opts.isolatedSandbox,
  );
  const t = performance.now();
  const fixture = await writeFixture({
    keys: config.keys,
    buckets: config.buckets,
    endpoint: sandbox.url,
    quotaScale: config.quotaScale,
    wrappingKeySpec: config.wrappingKeySpec,
  });
  const fixtureMs = performance.now() - t;
  try {
    // Isolated (npm run bench): every run in its own process, as each CLI command is, so its
    // lifetime peak RSS is exactly what `/usr/bin/time -v` would report for that command.
    // Embedded (tests): the runs one after another in this process.
    const runs: (RunResult & { maxRssMb: number | null })[] = [];
    const run = async (name: RunName, manifest: string, q: QuotaSetting, quotaLabel: string) => {
      const spec: RunSpec = { config, run: name, manifest, dir: fixture.dir, quotas: q, quotaLabel };
      const r = opts.isolatedSandbox ? await inRunProcess(spec, sandbox) : { ...(await runOnce(spec, sandbox)), maxRssMb: null };
      runs.push(r);
      return r;
    };
    const first = await run('apply', fixture.manifest, quotas, quotaLabelOf(config.quotaScale));
    if (first.applied) {
      // A second CLI run: new providers, empty caches, fresh client-side token buckets.
      await run('plan-again', fixture.manifest, quotas, quotaLabelOf(config.quotaScale));
      if (config.awsQuotasPhase) {
        // The same account, now at AWS's own quotas, and a third CLI run whose manifest has no
        // `quotas:` overrides: what a user's re-plan meets, at DescribeKey's real 2,000 per second.
        // What the sandbox answers it now enforces labels the phase (an invariant checks it is `aws`).
        const enforced = await sandbox.setQuotas('aws');
        const path = await fixture.writeManifest(AWS_MANIFEST, 1);
        await run('plan-again-aws', path, enforced, enforced === 'aws' ? 'aws' : JSON.stringify(enforced));
      }
    }
    const result: SizeResult = {
      config,
      quotaLabel: quotaLabelOf(config.quotaScale),
      requestConcurrency: DEFAULT_CONCURRENCY,
      applyConcurrency: config.applyConcurrency ?? 'engine default',
      fixtureMs,
      loadMs: first.loadMs,
      openMs: first.openMs,
      phases: runs.flatMap((r) => r.phases),
      runs: opts.isolatedSandbox ? runs.map((r) => ({ run: r.run, loadMs: r.loadMs, maxRssMb: r.maxRssMb! })) : null,
      maxRssMb: lifetimeMaxRssMb(),
      checks: [],
    };
    result.checks = sizeChecks(result);
    return result;
  } finally {
    await sandbox.close();
    await fixture.remove();
  }
}

/** Runs `spec` in a child process (its own heap, its own lifetime peak RSS); answers its sandbox CPU questions. */
function inRunProcess(spec: RunSpec, sandbox: SandboxHost): Promise<RunResult & { maxRssMb: number }> {
  return forkForResult(new URL('./run-entry.js', import.meta.url), { spec, sandboxUrl: sandbox.url }, `run ${spec.run} of ${spec.config.keys} keys`, {
    onMessage: (m, child) => {
      if ((m as RunMessage).type === 'sandbox-cpu') void sandbox.cpuMs().then((ms) => child.send({ type: 'sandbox-cpu-ms', ms } satisfies RunMessage));
    },
  });
}
