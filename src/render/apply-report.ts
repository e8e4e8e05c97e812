import type { ActionOutcome, ApplyReport } from '../core/types.js';
import { paint, type Paint } from './ansi.js';
import { joinLines } from './lines.js';

/** One line per outcome (✓ applied, ✗ failed, – skipped) and a summary line. */
export function renderApplyReport(report: ApplyReport, opts: { color: boolean }): string {
  return joinLines(applyReportLines(report, opts));
}

/** The lines of renderApplyReport, one at a time: one per action, then the summary. */
export function* applyReportLines(report: ApplyReport, opts: { color: boolean }): Generator<string> {
  const p = paint(opts.color);
  for (const o of report.outcomes) yield outcomeLine(o, p);
  const summary = `Apply complete: ${report.applied} applied, ${report.failed} failed, ${report.skipped} skipped.`;
  yield '';
  yield p.bold(report.failed > 0 ? p.red(summary) : summary);
}

function outcomeLine(o: ActionOutcome, p: Paint): string {
  const created = o.keyId ? ` → ${o.keyId}` : '';
  // A renewal's target is a key id; name the manifest key beside it.
  const target = o.keyName !== undefined && !o.target.includes(o.keyName) ? `${o.target} (${o.keyName})` : o.target;
  const codeTag = o.code ? ` [${o.code}]` : '';
  const msg = o.message ? `: ${o.message}` : '';
  if (o.result === 'applied') return `${p.green('✓')} ${o.kind} ${target}${created}`;
  if (o.result === 'failed') return `${p.red('✗')} ${o.kind} ${target} ${p.red(`failed${msg}`)}${p.dim(codeTag)}`;
  return `${p.dim('–')} ${o.kind} ${target} ${p.dim(`skipped${msg}`)}`;
}
