/** The compact text report: one row per size and phase, calls by operation, then the checks. */
import type { BenchReport, PhaseResult, SizeResult } from './types.js';

const COLUMNS = ['keys', 'quotas', 'phase', 'wall', 'bound', 'by', 'ratio', 'phys', 'pby', 'pratio', 'pkey', 'plist', 'pchain', 'ppub', 'ppratio', 'pcq', 'pcqratio', 'calls', '/key', 'descr', 'lists', 'thr', 'retry', 'surf', 'cpuC', 'cpuS', 'rssMB'] as const;

export function renderReport(report: BenchReport): string {
  const out: string[] = [];
  const first = report.sizes[0];
  out.push(
    `byok-reconciler bench: node ${report.host.node}${report.clientExecArgv.length ? ` (client ${report.clientExecArgv.join(' ')})` : ''}, ${report.host.cpus} CPUs; sandbox ${report.isolated ? 'in a child process' : 'in this process'}` +
      (first ? `; latency ${first.config.latencyMs} ms; request concurrency ${first.requestConcurrency}; apply concurrency ${first.applyConcurrency}` : ''),
  );
  const rows: string[][] = [[...COLUMNS]];
  for (const s of report.sizes) for (const p of s.phases) rows.push(row(s, p));
  out.push(...table(rows), '');
  out.push('quotas: "aws" = AWS published per-operation rates enforced by the sandbox and paced by the client; "aws xN" = every rate multiplied by N (so 10,000 keys finish in minutes, not hours).');
  out.push('bound = max(quota: calls/rate of the tightest operation, latency: latency x calls / request concurrency, chain: latency x longest serial request chain); thr = throttled answers (sandbox), retry = client retries, surf = throttling errors surfaced to the engine; cpuC/cpuS = CPU time of client/sandbox process.');
  out.push('phys = the physical bound: the same requests at AWS\'s published quotas, unscaled (quota), or latency x the serial chain (chain), with no concurrency term; pratio = wall / phys (under 1 on a scaled run: faster than AWS would allow).');
  out.push('  its terms: pkey = per-key reads (DescribeKey, ListResourceTags) at AWS\'s rates; plist = listing (GetResources, ListKeys, ListAliases) at AWS\'s rates, GetResources at an ASSUMED 5/s (AWS publishes none); pchain = latency x serial chain.');
  out.push('  ppub = phys without the assumed rates (every quota term at a published rate, and pchain; for a re-plan max(pkey, pchain)); ppratio = wall / ppub.');
  out.push('  pcq = ppub as calls / quota, the lower bound as the spec states it: no burst (every term above subtracts one second of each quota, the bucket the sandbox models; AWS publishes rates, not bucket sizes); pcqratio = wall / pcq. plan-again-aws = a re-plan at AWS\'s own quotas, manifest without quotas:.');
  out.push('');
  for (const s of report.sizes) {
    const runs = s.runs ? `; peak RSS per run process: ${s.runs.map((r) => `${r.run} ${r.maxRssMb.toFixed(0)} MB`).join(', ')}` : `, process peak RSS ${s.maxRssMb.toFixed(0)} MB`;
    out.push(`${s.config.keys} keys (${s.quotaLabel}): fixture ${secs(s.fixtureMs)}, load ${secs(s.loadMs)}, open ${secs(s.openMs)}${runs}`);
    for (const p of s.phases) {
      const ops = Object.entries(p.calls).map(([op, n]) => `${op} ${n}${p.throttled[op] ? ` (${p.throttled[op]} throttled)` : ''}`);
      out.push(`  ${p.phase.padEnd(14)} ${ops.join(', ') || '-'}${p.bound.quotaKey ? `; tightest quota ${p.bound.quotaKey}` : ''}`);
    }
    const failed = s.checks.filter((c) => !c.ok);
    const inv = s.checks.filter((c) => c.kind === 'invariant');
    out.push(`  checks: ${inv.filter((c) => c.ok).length}/${inv.length} invariants hold; targets ${s.checks.filter((c) => c.kind === 'target' && c.ok).length}/${s.checks.filter((c) => c.kind === 'target').length} met`);
    for (const c of failed) out.push(`    ${c.kind === 'invariant' ? 'FAIL' : 'miss'} ${c.name}: ${c.detail}`);
  }
  return `${out.join('\n')}\n`;
}

function row(s: SizeResult, p: PhaseResult): string[] {
  return [
    String(s.config.keys),
    p.quotaLabel,
    p.phase,
    secs(p.wallMs),
    secs(p.bound.boundMs),
    p.bound.kind,
    Number.isFinite(p.ratio) ? p.ratio.toFixed(2) : '-',
    secs(p.physical.boundMs),
    p.physical.kind,
    Number.isFinite(p.physicalRatio) ? p.physicalRatio.toFixed(2) : '-',
    secs(p.physical.perKeyQuotaMs),
    secs(p.physical.listingQuotaMs),
    secs(p.physical.chainMs),
    secs(p.physical.publishedBoundMs),
    Number.isFinite(p.publishedRatio) ? p.publishedRatio.toFixed(2) : '-',
    secs(p.physical.callsPerQuotaMs),
    Number.isFinite(p.callsPerQuotaRatio) ? p.callsPerQuotaRatio.toFixed(2) : '-',
    String(p.totalCalls),
    p.callsPerKey.toFixed(2),
    String(p.describeCalls),
    String(p.listingCalls),
    String(p.throttledTotal),
    String(p.clientRetries),
    String(p.surfacedThrottling),
    secs(p.cpuMs.client),
    p.cpuMs.sandbox === null ? '-' : secs(p.cpuMs.sandbox),
    p.peakRssMb.toFixed(0),
  ];
}

/** Left-aligned text columns, right-aligned numbers. */
function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd());
}

export function secs(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)}s` : `${(ms / 1000).toFixed(2)}s`;
}
