/**
 * Measures one phase: counters reset on both sides, wall time around the work only, then the
 * sandbox's counters (what AWS would see and bill) turned into a PhaseResult with its bound.
 */
import type { AwsStats } from '../src/providers/aws/stats.js';
import type { QuotaSetting, SandboxStats } from '../src/wire/aws/types.js';
import { lowerBound, physicalBound } from './bound.js';
import type { RssSampler } from './rss.js';
import type { SandboxHost } from './sandbox-host.js';
import type { PhaseName, PhaseResult } from './types.js';

export interface ClientCounters {
  stats(): AwsStats;
  resetStats(): void;
}

export interface PhaseEnv {
  sandbox: Pick<SandboxHost, 'stats' | 'resetStats' | 'cpuMs'>;
  client: ClientCounters;
  rss: RssSampler;
  keys: number;
  quotas: QuotaSetting;
  /** How the report names `quotas`: `aws` or `aws xN`. */
  quotaLabel: string;
  latencyMs: number;
  requestConcurrency: number;
}

/** What the work itself reports besides the counters. */
export interface PhaseOutcome {
  actions: number;
  failed: number;
  surfacedThrottling: number;
  /** Requests on the longest serial chain, given the counters (see bound.ts). */
  chain: (calls: Record<string, number>) => number;
}

const DESCRIBE_OPS = ['DescribeKey', 'ListResourceTags'];
const LISTING_OPS = ['GetResources', 'ListKeys', 'ListAliases', 'ListObjectsV2'];

export async function measurePhase(phase: PhaseName, env: PhaseEnv, work: () => Promise<PhaseOutcome>): Promise<PhaseResult> {
  await env.sandbox.resetStats();
  env.client.resetStats();
  env.rss.reset();
  const sandboxCpu0 = await env.sandbox.cpuMs();
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const outcome = await work();
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  const sandboxCpu1 = await env.sandbox.cpuMs();
  const peakRssMb = env.rss.peakMb();
  const [server, client] = [await env.sandbox.stats(), env.client.stats()];
  const cpuMs = { client: (cpu.user + cpu.system) / 1000, sandbox: sandboxCpu0 === null || sandboxCpu1 === null ? null : sandboxCpu1 - sandboxCpu0 };
  return toResult(phase, env, outcome, { wallMs, peakRssMb, server, client, cpuMs });
}

function toResult(
  phase: PhaseName,
  env: PhaseEnv,
  outcome: PhaseOutcome,
  m: { wallMs: number; peakRssMb: number; server: SandboxStats; client: AwsStats; cpuMs: PhaseResult['cpuMs'] },
): PhaseResult {
  const calls = sorted(m.server.calls);
  const sum = (ops: string[]) => ops.reduce((n, op) => n + (calls[op] ?? 0), 0);
  const bound = lowerBound({
    calls,
    throttled: m.server.throttled,
    quotas: env.quotas,
    latencyMs: env.latencyMs,
    requestConcurrency: env.requestConcurrency,
    chainRequests: outcome.chain(calls),
  });
  const physical = physicalBound({ calls, throttled: m.server.throttled, latencyMs: env.latencyMs, chainRequests: outcome.chain(calls) });
  const ratio = (boundMs: number) => (boundMs > 0 ? m.wallMs / boundMs : Number.POSITIVE_INFINITY);
  return {
    phase,
    quotaLabel: env.quotaLabel,
    wallMs: m.wallMs,
    calls,
    totalCalls: m.server.totals.calls,
    callsPerKey: env.keys > 0 ? m.server.totals.calls / env.keys : 0,
    describeCalls: sum(DESCRIBE_OPS),
    listingCalls: sum(LISTING_OPS),
    throttled: sorted(m.server.throttled),
    throttledTotal: m.server.totals.throttled,
    clientRetries: m.client.totals.retries,
    surfacedThrottling: outcome.surfacedThrottling,
    actions: outcome.actions,
    failed: outcome.failed,
    peakRssMb: m.peakRssMb,
    cpuMs: m.cpuMs,
    bound,
    ratio: ratio(bound.boundMs),
    physical,
    physicalRatio: ratio(physical.boundMs),
    publishedRatio: ratio(physical.publishedBoundMs),
    callsPerQuotaRatio: ratio(physical.callsPerQuotaMs),
  };
}

function sorted(r: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)));
}
