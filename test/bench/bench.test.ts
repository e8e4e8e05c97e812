/**
 * Smoke test of the benchmark harness at 20 keys: the report's structure and the invariants
 * (requests per key, describes per key, nothing surfaced), never timings. Sandbox and client share
 * this process here (sources cannot be forked without a loader); `npm run bench` isolates them.
 */
import { describe, expect, it } from 'vitest';
import { autoScale, parseBenchArgs } from '../../bench/args.js';
import { renderReport } from '../../bench/report.js';
import { runSize } from '../../bench/scenario.js';
import type { BenchReport, SizeConfig } from '../../bench/types.js';

const config: SizeConfig = {
  keys: 20,
  buckets: 2,
  latencyMs: 5,
  // GetParametersForImport at 5 rps: the client's pacing is exercised (about 3 s for 20 imports).
  quotaScale: 5,
  wrappingKeyPool: 1,
  wrappingKeySpec: 'RSA_2048',
  sampleMs: 10,
};

describe('bench harness', () => {
  it('plans, applies and plans again 20 keys against the quota-enforcing sandbox', async () => {
    const r = await runSize(config, { isolatedSandbox: false });
    expect(r.phases.map((p) => p.phase)).toEqual(['plan', 'apply', 'plan-again']);
    const [plan, apply, again] = r.phases as [NonNullable<(typeof r.phases)[0]>, NonNullable<(typeof r.phases)[1]>, NonNullable<(typeof r.phases)[2]>];

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
    for (const p of r.phases) {
      expect(p.surfacedThrottling).toBe(0);
      expect(p.failed).toBe(0);
      expect(p.wallMs).toBeGreaterThan(0);
      expect(p.bound.boundMs).toBeGreaterThan(0);
      expect(p.ratio).toBeCloseTo(p.wallMs / p.bound.boundMs, 6);
      expect(p.physical.boundMs).toBeGreaterThan(0);
      expect(p.physicalRatio).toBeCloseTo(p.wallMs / p.physical.boundMs, 6);
      expect(p.peakRssMb).toBeGreaterThan(0);
    }
    // With quotas enforced, the import parameters set the apply's bound.
    expect(apply.bound).toMatchObject({ kind: 'quota', quotaKey: 'GetParametersForImport' });
    expect(r.quotaLabel).toBe('aws x5');

    const report: BenchReport = { formatVersion: 1, startedAt: new Date().toISOString(), host: { node: process.version, cpus: 1, platform: process.platform }, isolated: false, clientExecArgv: [], sizes: [r] };
    const text = renderReport(report);
    for (const phase of ['plan ', 'apply ', 'plan-again ']) expect(text).toContain(phase);
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
    expect(parseBenchArgs([]).localKeys).toBe(Number(process.env.BYOK_BENCH_LOCAL_KEYS ?? 1000));
  });
});
