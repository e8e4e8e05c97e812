import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Action, PlanDocument } from '../core/types.js';
import { paint, type Paint } from './ansi.js';
import { groupsOf, keyLine, manifestFile, noChangesLine } from './groups.js';
import { lookOf, summaryLine } from './vocabulary.js';

/** Terraform-like terminal output of a plan document (never of live objects). */
export function renderText(doc: PlanDocument, opts: { color: boolean }): string {
  const p = paint(opts.color);
  const out: string[] = [p.bold(`Plan for ${doc.manifest.name} (${manifestFile(doc)}) as of ${doc.at}`), ''];
  for (const g of groupsOf(doc)) {
    out.push(p.bold(g.key ? `Key ${keyLine(g.key)}` : 'Buckets'));
    for (const a of g.actions) out.push(...actionLines(a, p));
    out.push('');
  }
  out.push(...diagnosticLines(doc.diagnostics, p));
  out.push(doc.actions.length === 0 ? p.bold(noChangesLine(doc)) : p.bold(summaryLine(doc.actions)));
  return `${out.join('\n')}\n`;
}

function actionLines(a: Action, p: Paint): string[] {
  const look = lookOf(a);
  const sym = p[look.hue](look.symbol);
  const mark = a.destructive ? ` ${p.red(p.bold('(destructive)'))}` : '';
  return [`  ${sym} ${p[look.hue](a.kind)} ${a.target}${mark}`, `      ${p.dim(a.reason)}`];
}

export function diagnosticLines(diags: readonly Diagnostic[], p: Paint): string[] {
  const out: string[] = [];
  for (const d of diags) {
    const head = d.severity === 'error' ? p.red(p.bold('Error:')) : p.yellow(p.bold('Warning:'));
    out.push(`${head} ${d.summary} ${p.dim(`[${d.code}]`)}`);
    if (d.detail) out.push(`  ${d.detail}`);
    out.push('');
  }
  return out;
}
