/**
 * Smoke test of the benchmark harness at 20 keys: the report's structure and the invariants
 * (requests per key, describes per key, nothing surfaced), never timings. Sandbox and client share
 * this process here (sources cannot be forked without a loader); `npm run bench` isolates them.
 */
import { describe, expect, it } from 'vitest';
import { autoScale, parseBenchArgs } from '../../bench/args.js';
import { manifestText } from '../../bench/fixture.js';
import { renderReport } from '../../bench/report.js';
import { runSize } from '../../bench/scenario.js';
import type { BenchReport, PhaseResult, SizeConfig } from '../../bench/types.js';

const config: SizeConfig = {
  keys: 20,
  buckets: 2,
  latencyMs: 5,
  // GetParametersForImport at 5 rps: the client's pacing is exercised (about 3 s for 20 imports).
  quotaScale: 5,
  wrappingKeyPool: 1,
  wrappingKeySpec: 'RSA_2048',
  sampleMs: 10,
  // The sandbox switched to AWS's own quotas and a manifest without `quotas:`, after plan-again.
  awsQuotasPhase: true,
};

describe('bench harness', () => {
  it('plans, applies, plans again and re-plans at AWS\'s quotas 20 keys against the quota-enforcing sandbox', async () => {
    const r = await runSize(config, { isolatedSandbox: false });
    expect(r.phases.map((p) => p.phase)).toEqual(['plan', 'apply', 'plan-again', 'plan-again-aws']);
    const [plan, apply, again, againAws] = r.phases as [PhaseResult, PhaseResult, PhaseResult, PhaseResult];

    // Every invariant holds; timing targets are not judged here.
    expect(r.checks.filter((c) => c.kind === 'invariant' && !c.ok)).toEqual([]);
    expect(r.checks.some((c) => c.kind === 'target')).toBe(true);

    // First plan: an empty account, so listing pages only, and a plan per key + bucket.
    expect(plan.describeCalls).toBe(0);
    expect(plan.actions).toBe(3 * 20 + 2);
    // Apply: exactly CreateKey, GetParametersForImport, ImportKeyMaterial, CreateAlias per key.
    for (const op of ['CreateKey', 'GetParametersForImport', 'ImportKeyMaterial', 'CreateAlias']) expect(apply.calls[op] ?? 0).toBe(20 + (apply.throttled[op] ?? 0));
    expect(apply.calls.PutBucketEncryption).toBe(2);
    expect(apply.actions).toBe(plan.actions);
    // Second plan: one DescribeKey per key (tags come with the tagging page), no changes.
    expect(again.calls.DescribeKey).toBe(20);
    expect(again.calls.ListResourceTags).toBeUndefined();
    expect(again.actions).toBe(0);
    // The same re-plan at AWS's own quotas from a fresh session: same requests, still no changes.
    expect(r.phases.map((p) => p.quotaLabel)).toEqual(['aws x5', 'aws x5', 'aws x5', 'aws']);
    expect(againAws.calls).toEqual(again.calls);
    expect(againAws.actions).toBe(0);
    expect(againAws.throttledTotal).toBe(0);
    expect(r.checks.find((c) => c.name === "plan-again-aws ran at AWS's quotas")).toMatchObject({ kind: 'invariant', ok: true });
    expect(r.checks.some((c) => c.kind === 'target' && c.name.startsWith('plan-again-aws: within'))).toBe(true);
    for (const p of r.phases) {
      expect(p.surfacedThrottling).toBe(0);
      expect(p.failed).toBe(0);
      expect(p.wallMs).toBeGreaterThan(0);
      expect(p.bound.boundMs).toBeGreaterThan(0);
      expect(p.ratio).toBeCloseTo(p.wallMs / p.bound.boundMs, 6);
      expect(p.physical.boundMs).toBeGreaterThan(0);
      expect(p.physicalRatio).toBeCloseTo(p.wallMs / p.physical.boundMs, 6);
      expect(p.physical.publishedBoundMs).toBeGreaterThan(0);
      expect(p.physical.publishedBoundMs).toBeLessThanOrEqual(p.physical.boundMs);
      expect(p.publishedRatio).toBeCloseTo(p.wallMs / p.physical.publishedBoundMs, 6);
      // Calls / quota without the burst: never below the bound that subtracts it.
      expect(p.physical.callsPerQuotaMs).toBeGreaterThanOrEqual(p.physical.publishedBoundMs);
      expect(p.callsPerQuotaRatio).toBeCloseTo(p.wallMs / p.physical.callsPerQuotaMs, 6);
      expect(p.physical.assumedRates).toEqual(['GetResources']);
      expect(p.peakRssMb).toBeGreaterThan(0);
    }
    // With quotas enforced, the import parameters set the apply's bound.
    expect(apply.bound).toMatchObject({ kind: 'quota', quotaKey: 'GetParametersForImport' });
    expect(r.quotaLabel).toBe('aws x5');

    const report: BenchReport = { formatVersion: 1, startedAt: new Date().toISOString(), host: { node: process.version, cpus: 1, platform: process.platform }, isolated: false, clientExecArgv: [], sizes: [r] };
    const text = renderReport(report);
    for (const phase of ['plan ', 'apply ', 'plan-again ', 'plan-again-aws ']) expect(text).toContain(phase);
    for (const column of ['pkey', 'plist', 'pchain', 'ppub', 'ppratio', 'pcq', 'pcqratio', 'ASSUMED']) expect(text).toContain(column);
    expect(text).toContain('GetParametersForImport 20');
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('parses sizes and scales quotas so each size stays near a 100 s import bound', () => {
    const args = parseBenchArgs(['--sizes', '100,1000,10000', '--json', 'out.json']);
    expect(args.sizes.map((s) => [s.keys, s.quotaScale])).toEqual([
      [100, 1],
      [1000, 10],
      [10000, 100],
    ]);
    expect(args).toMatchObject({ json: 'out.json', isolated: true, clientExecArgv: [] });
    expect(parseBenchArgs(['--client-heap-mb', '128']).clientExecArgv).toEqual(['--max-old-space-size=128']);
    expect(autoScale(20)).toBe(1);
    expect(parseBenchArgs(['--quota-scale', '3']).sizes.every((s) => s.quotaScale === 3)).toBe(true);
    expect(() => parseBenchArgs(['--sizes', '0'])).toThrow(/--sizes/);
    expect(parseBenchArgs(['--local-only', '--local-keys', '200'])).toMatchObject({ sizes: [], localKeys: 200 });
    // plan-again-aws: by default from 10,000 keys; --quotas aws at every size, scaled never.
    expect(args.sizes.map((s) => s.awsQuotasPhase)).toEqual([false, false, true]);
    expect(parseBenchArgs(['--sizes', '100,1000', '--quotas', 'aws']).sizes.every((s) => s.awsQuotasPhase)).toBe(true);
    expect(parseBenchArgs(['--quotas', 'scaled']).sizes.some((s) => s.awsQuotasPhase)).toBe(false);
    expect(() => parseBenchArgs(['--quotas', 'fast'])).toThrow(/--quotas: "fast"/);
  });

  it('writes the plan-again-aws manifest without quotas: (the adapter\'s AWS defaults), the scaled one with them', () => {
    const opts = { keys: 2, buckets: 1, endpoint: 'http://127.0.0.1:1', quotaScale: 1 };
    const plain = manifestText(opts, 'bench-2', ['b1']);
    expect(plain).not.toContain('quotas:');
    expect(plain).toContain('name: bench-2');
    const scaled = manifestText({ ...opts, quotaScale: 100 }, 'bench-2', ['b1']);
    expect(scaled).toContain('    quotas:');
    expect(scaled).toContain('      DescribeKey: 200000');
    expect(scaled.replace(/ {4}quotas:\n( {6}.*\n)+/, '')).toBe(plain);
    expect(parseBenchArgs([]).localKeys).toBe(Number(process.env.BYOK_BENCH_LOCAL_KEYS ?? 1000));
  });
});
