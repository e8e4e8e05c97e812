import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Action, PlanDocument } from '../core/types.js';
import { paint, type Paint } from './ansi.js';
import { joinLines } from './lines.js';
import { groupsOf, keyLine, manifestFile, noChangesLine, stepNumbers } from './groups.js';
import { lookOf, summaryLine } from './vocabulary.js';

/** Terraform-like terminal output of a plan document (never of live objects). */
export function renderText(doc: PlanDocument, opts: { color: boolean }): string {
  return joinLines(textLines(doc, opts));
}

/** The lines of renderText, one at a time: a large plan is written piece by piece (inPieces). */
export function* textLines(doc: PlanDocument, opts: { color: boolean }): Generator<string> {
  const p = paint(opts.color);
  yield p.bold(`Plan for ${doc.manifest.name} (${manifestFile(doc)}) as of ${doc.at}`);
  yield '';
  const steps = stepNumbers(doc);
  for (const g of groupsOf(doc)) {
    yield p.bold(g.key ? (g.continued ? `Key ${g.key.keyName} (continued)` : `Key ${keyLine(g.key)}`) : 'Other');
    for (const a of g.actions) yield* actionLines(a, steps, p);
    yield '';
  }
  yield* diagnosticLines(doc.diagnostics, p);
  yield doc.actions.length === 0 ? p.bold(noChangesLine(doc)) : p.bold(summaryLine(doc.actions));
}

/** Step numbers are the apply order; a destructive step also says which steps it waits for. */
function actionLines(a: Action, steps: Map<string, number>, p: Paint): string[] {
  const look = lookOf(a);
  const sym = p[look.hue](look.symbol);
  const mark = a.destructive ? ` ${p.red(p.bold('(destructive)'))}` : '';
  const n = String(steps.get(a.id) ?? '?').padStart(String(steps.size).length);
  const lines = [`  ${n}. ${sym} ${p[look.hue](a.kind)} ${a.target}${mark}`, `      ${p.dim(a.reason)}`];
  if (a.destructive && a.dependsOn.length > 0) lines.push(`      ${p.dim(`after steps ${a.dependsOn.map((d) => steps.get(d) ?? '?').join(', ')}`)}`);
  return lines;
}

export function diagnosticLines(diags: readonly Diagnostic[], p: Paint): string[] {
  const out: string[] = [];
  for (const d of diags) {
    // The same `error[code]: summary` form as every other diagnostic the tool prints.
    const head = d.severity === 'error' ? p.red(p.bold(`error[${d.code}]:`)) : p.yellow(p.bold(`warning[${d.code}]:`));
    out.push(`${head} ${d.summary}`);
    if (d.detail) out.push(`  ${d.detail}`);
    out.push('');
  }
  return out;
}
