/**
 * One benchmark size, through the real path: keys.yaml on disk -> loadDesired -> openSession (the
 * real `aws` provider) -> refresh + plan -> applyPlan -> a fresh session (a second CLI run) ->
 * refresh + plan, which must have no actions.
 */
import type { PlanDocument } from '../src/core/types.js';
import { applyPlan } from '../src/engine/apply.js';
import { computePlan, loadDesired, openSession, type Session } from '../src/engine/session.js';
import { createLogger } from '../src/log.js';
import { DEFAULT_CONCURRENCY, type AwsProvider } from '../src/providers/aws/provider.js';
import { ProviderError } from '../src/providers/port.js';
import type { QuotaSetting } from '../src/wire/aws/types.js';
import { applyChain, planChain } from './bound.js';
import { bucketNames, writeFixture } from './fixture.js';
import { sizeChecks } from './checks.js';
import { measurePhase, type PhaseEnv, type PhaseOutcome } from './phase.js';
import { lifetimeMaxRssMb, RssSampler } from './rss.js';
import { startSandboxHost } from './sandbox-host.js';
import type { PhaseResult, SizeConfig, SizeResult } from './types.js';

const PROVIDER = 'bench';

export function quotaSettingOf(scale: number): QuotaSetting {
  return scale === 1 ? 'aws' : { scale };
}

export function quotaLabelOf(scale: number): string {
  return scale === 1 ? 'aws' : `aws x${scale}`;
}

/** The manifest of plan-again-aws: no `quotas:`, so the adapter paces at AWS's defaults. */
const AWS_MANIFEST = 'keys-aws-quotas.yaml';

export async function runSize(config: SizeConfig, opts: { isolatedSandbox: boolean }): Promise<SizeResult> {
  useSandboxCredentials();
  const quotas = quotaSettingOf(config.quotaScale);
  const sandbox = await startSandboxHost(
    { latencyMs: config.latencyMs, quotas, wrappingKeyPool: config.wrappingKeyPool, warmSpecs: [config.wrappingKeySpec], buckets: bucketNames(config.keys, config.buckets) },
    opts.isolatedSandbox,
  );
  const rss = new RssSampler(config.sampleMs);
  let t = performance.now();
  const fixture = await writeFixture({
    keys: config.keys,
    buckets: config.buckets,
    endpoint: sandbox.url,
    quotaScale: config.quotaScale,
    wrappingKeySpec: config.wrappingKeySpec,
  });
  const fixtureMs = performance.now() - t;
  const sessions: Session[] = [];
  try {
    t = performance.now();
    const { desired } = await loadDesired(fixture.manifest, fixture.dir, process.env);
    const loadMs = performance.now() - t;
    t = performance.now();
    const first = await openSession(desired, null);
    sessions.push(first);
    const openMs = performance.now() - t;
    const env = (session: Session, q: QuotaSetting = quotas): PhaseEnv => ({
      sandbox,
      client: awsProviderOf(session),
      rss,
      keys: config.keys,
      quotas: q,
      quotaLabel: q === quotas ? quotaLabelOf(config.quotaScale) : q === 'aws' ? 'aws' : JSON.stringify(q),
      latencyMs: config.latencyMs,
      requestConcurrency: DEFAULT_CONCURRENCY,
    });
    const log = createLogger('silent', () => undefined);
    // Unset: applyPlan's own default, exactly what `reconcile --apply` gets.
    const concurrency = config.applyConcurrency !== undefined ? { concurrency: config.applyConcurrency } : {};
    const phases: PhaseResult[] = [];

    const held: { doc?: PlanDocument } = {};
    phases.push(await measurePhase('plan', env(first), () => planPhase(first, config.buckets, (d) => (held.doc = d))));
    const planned = held.doc;
    if (planned) {
      phases.push(
        await measurePhase('apply', env(first), async () => {
          const report = await applyPlan(planned, { desired, providers: first.providers, clock: first.clock, log, ...concurrency });
          const throttled = report.outcomes.filter((o) => o.result === 'failed' && o.code === 'provider.throttled').length;
          return { actions: report.applied, failed: report.failed + report.skipped, surfacedThrottling: throttled, chain: () => applyChain(planned) };
        }),
      );
      // A second CLI run: new providers, empty caches, fresh client-side token buckets.
      const second = await openSession(desired, null);
      sessions.push(second);
      phases.push(await measurePhase('plan-again', env(second), () => planPhase(second, config.buckets, () => undefined)));
      if (config.awsQuotasPhase) {
        // The same account, now at AWS's own quotas, and a third CLI run whose manifest has no
        // `quotas:` overrides: what a user's re-plan meets, at DescribeKey's real 2,000 per second.
        // What the sandbox answers it now enforces labels the phase (an invariant checks it is `aws`).
        const enforced = await sandbox.setQuotas('aws');
        const path = await fixture.writeManifest(AWS_MANIFEST, 1);
        const third = await openSession((await loadDesired(path, fixture.dir, process.env)).desired, null);
        sessions.push(third);
        phases.push(await measurePhase('plan-again-aws', env(third, enforced), () => planPhase(third, config.buckets, () => undefined)));
      }
    }
    const result: SizeResult = {
      config,
      quotaLabel: quotaLabelOf(config.quotaScale),
      requestConcurrency: DEFAULT_CONCURRENCY,
      applyConcurrency: config.applyConcurrency ?? 'engine default',
      fixtureMs,
      loadMs,
      openMs,
      phases,
      maxRssMb: lifetimeMaxRssMb(),
      checks: [],
    };
    result.checks = sizeChecks(result);
    return result;
  } finally {
    rss.stop();
    for (const s of sessions) await s.close();
    await sandbox.close();
    await fixture.remove();
  }
}

async function planPhase(session: Session, buckets: number, keep: (doc: PlanDocument) => void): Promise<PhaseOutcome> {
  try {
    const { doc } = await computePlan(session, null);
    keep(doc);
    return { actions: doc.actions.length, failed: 0, surfacedThrottling: 0, chain: (calls) => planChain(calls, buckets) };
  } catch (e) {
    // A refresh that fails ends this size: there is no plan to apply.
    const throttled = e instanceof ProviderError && e.code === 'provider.throttled' ? 1 : 0;
    return { actions: 0, failed: 1, surfacedThrottling: throttled, chain: (calls) => planChain(calls, buckets) };
  }
}

function awsProviderOf(session: Session): AwsProvider {
  const p = session.providers.get(PROVIDER) as AwsProvider | undefined;
  if (!p || typeof p.stats !== 'function') throw new Error(`provider ${PROVIDER} is not the aws provider`);
  return p;
}

/** Static credentials through the SDK's env step; no profile file or instance metadata is consulted. */
function useSandboxCredentials(): void {
  process.env.AWS_ACCESS_KEY_ID = 'AKIDBENCHSANDBOX';
  process.env.AWS_SECRET_ACCESS_KEY = 'bench-sandbox-secret';
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  process.env.AWS_CONFIG_FILE = '/nonexistent/byok-bench/config';
  process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/byok-bench/credentials';
  // The SDK's notice about Node < 22 support ending in 2027 is not a benchmark result.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
}
