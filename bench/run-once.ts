/**
 * One run of a benchmark size as one CLI command does it: load the manifest, open a session (the
 * real `aws` provider), its phases, close. In a process of its own (run-entry.ts) it imports what a
 * `reconcile` process imports, not the sandbox or the fixture writer.
 */
import type { PlanDocument } from '../src/core/types.js';
import { applyPlan } from '../src/engine/apply.js';
import { computePlan, loadDesired, openSession, type Session } from '../src/engine/session.js';
import { createLogger } from '../src/log.js';
import { DEFAULT_CONCURRENCY, type AwsProvider } from '../src/providers/aws/provider.js';
import { ProviderError } from '../src/providers/port.js';
import type { QuotaSetting } from '../src/wire/aws/types.js';
import { applyChain, planChain } from './bound.js';
import { measurePhase, type PhaseEnv, type PhaseOutcome } from './phase.js';
import { RssSampler } from './rss.js';
import type { PhaseResult, SizeConfig } from './types.js';

const PROVIDER = 'bench';

/** Which CLI command a run stands for: `--apply` (plan, then apply), or a later `--plan`. */
export type RunName = 'apply' | 'plan-again' | 'plan-again-aws';

/** One run, as a CLI process would do it: load the manifest, open a session, its phases, close. */
export interface RunSpec {
  config: SizeConfig;
  run: RunName;
  manifest: string;
  dir: string;
  /** The quotas its phases are judged against, and how the report names them. */
  quotas: QuotaSetting;
  quotaLabel: string;
}

export interface RunResult {
  run: RunName;
  phases: PhaseResult[];
  loadMs: number;
  openMs: number;
  /** Whether the apply ran (the later runs need it). */
  applied: boolean;
}

/** One run in this process (see RunSpec); run-entry.ts calls it in a process of its own. */
export async function runOnce(spec: RunSpec, sandbox: PhaseEnv['sandbox']): Promise<RunResult> {
  useSandboxCredentials();
  const { config } = spec;
  const rss = new RssSampler(config.sampleMs);
  try {
    let t = performance.now();
    const { desired } = await loadDesired(spec.manifest, spec.dir, process.env);
    const loadMs = performance.now() - t;
    t = performance.now();
    const session = await openSession(desired, null);
    const openMs = performance.now() - t;
    try {
      const env: PhaseEnv = {
        sandbox,
        client: awsProviderOf(session),
        rss,
        keys: config.keys,
        quotas: spec.quotas,
        quotaLabel: spec.quotaLabel,
        latencyMs: config.latencyMs,
        requestConcurrency: DEFAULT_CONCURRENCY,
      };
      const phases: PhaseResult[] = [];
      if (spec.run !== 'apply') {
        phases.push(await measurePhase(spec.run, env, () => planPhase(session, config.buckets, () => undefined)));
        return { run: spec.run, phases, loadMs, openMs, applied: false };
      }
      let planned: PlanDocument | undefined;
      phases.push(await measurePhase('plan', env, () => planPhase(session, config.buckets, (d) => (planned = d))));
      const doc = planned;
      if (!doc) return { run: spec.run, phases, loadMs, openMs, applied: false };
      const log = createLogger('silent', () => undefined);
      // Unset: applyPlan's own default, exactly what `reconcile --apply` gets.
      const concurrency = config.applyConcurrency !== undefined ? { concurrency: config.applyConcurrency } : {};
      phases.push(
        await measurePhase('apply', env, async () => {
          const report = await applyPlan(doc, { desired, providers: session.providers, clock: session.clock, log, ...concurrency });
          const throttled = report.outcomes.filter((o) => o.result === 'failed' && o.code === 'provider.throttled').length;
          return { actions: report.applied, failed: report.failed + report.skipped, surfacedThrottling: throttled, chain: () => applyChain(doc) };
        }),
      );
      return { run: spec.run, phases, loadMs, openMs, applied: true };
    } finally {
      await session.close();
    }
  } finally {
    rss.stop();
  }
}

/** A run process's question to the size process that started it (the sandbox's CPU time), and the answer; its result comes as child.ts's `done`. */
export type RunMessage = { type: 'sandbox-cpu' } | { type: 'sandbox-cpu-ms'; ms: number | null };

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
export function useSandboxCredentials(): void {
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
