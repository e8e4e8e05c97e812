import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { renderJson, renderMarkdown, renderText } from '../../render/index.js';
import { computePlan, loadDesired, openSession } from '../../engine/session.js';
import type { PlanDocument } from '../../core/types.js';
import { parseAt } from '../at.js';
import { oneOf, printDiagnostics, reportFailure } from '../common.js';
import type { CliIO } from '../io.js';

export const PLAN_FORMATS = ['text', 'json', 'markdown'] as const;

export async function planCommand(argv: string[], io: CliIO): Promise<number> {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        plan: { type: 'boolean' },
        file: { type: 'string', short: 'f', default: 'keys.yaml' },
        format: { type: 'string' },
        out: { type: 'string' },
        'detailed-exitcode': { type: 'boolean' },
        at: { type: 'string' },
        'log-format': { type: 'string' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
      },
      strict: true,
    });
    const format = oneOf('--format', values.format, PLAN_FORMATS, 'text');
    const at = parseAt(values.at, new Date());
    const { desired, warnings } = await loadDesired(values.file!, io.cwd, io.env);
    printDiagnostics(io, warnings);
    const session = await openSession(desired, at);
    let doc: PlanDocument;
    try {
      doc = (await computePlan(session, at)).doc;
    } finally {
      await session.close();
    }
    if (values.out) await writeFile(resolve(io.cwd, values.out), renderJson(doc));
    io.stdout(renderPlan(doc, format, wantsColor(io, values)));
    if (values.out && format === 'text') io.stdout(`\nSaved the plan to ${values.out}. Apply exactly these actions with: reconcile --apply ${values.out}\n`);
    // A plan that carries errors (a managed bucket missing, ...) fails the check even though its
    // other actions are valid; apply still applies those, so one bad entry never blocks renewals.
    if (planHasErrors(doc)) return 1;
    return values['detailed-exitcode'] && doc.actions.length > 0 ? 2 : 0;
  } catch (e) {
    return reportFailure(io, e);
  }
}

export function renderPlan(doc: PlanDocument, format: (typeof PLAN_FORMATS)[number], color: boolean): string {
  if (format === 'json') return renderJson(doc);
  if (format === 'markdown') return renderMarkdown(doc);
  return renderText(doc, { color });
}

export function planHasErrors(doc: PlanDocument): boolean {
  return doc.diagnostics.some((d) => d.severity === 'error');
}

export function wantsColor(io: CliIO, values: { color?: boolean | undefined; 'no-color'?: boolean | undefined }): boolean {
  if (values['no-color'] || io.env.NO_COLOR) return false;
  return Boolean(values.color) || io.isTTY;
}
