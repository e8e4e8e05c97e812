import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { inPieces, renderJson, renderMarkdown, textLines } from '../../render/index.js';
import { computePlan, loadDesired, openSession } from '../../engine/session.js';
import type { DesiredState, PlanDocument } from '../../core/types.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { parseFor } from '../args.js';
import { parseAt } from '../at.js';
import { withBoundary } from '../boundary.js';
import { oneOf } from '../common.js';
import type { CliIO } from '../io.js';
import { SPECS, helpText } from '../specs.js';

export const PLAN_FORMATS = ['text', 'json', 'markdown'] as const;

export const planCommand = withBoundary(async (argv: string[], io: CliIO): Promise<number> => {
  const { values, help } = parseFor(SPECS.plan, argv);
  if (help) return io.stdout(helpText(SPECS.plan)), 0;
  const format = oneOf('--format', values.format, PLAN_FORMATS, 'text');
  const at = parseAt(values.at, new Date());
  const file = values.file ?? 'keys.yaml';
  const { desired, warnings } = await loadDesired(file, io.cwd, io.env);
  const session = await openSession(desired, at);
  let doc: PlanDocument;
  try {
    doc = withManifestFindings((await computePlan(session, at)).doc, warnings, desired, file);
  } finally {
    await session.close();
  }
  if (values.out) await writeFile(resolve(io.cwd, values.out), renderJson(doc));
  for (const piece of planPieces(doc, format, wantsColor(io, values))) io.stdout(piece);
  if (values.out && format === 'text') io.stdout(`\nSaved the plan to ${values.out}. Apply exactly these actions with: reconcile --apply ${values.out}\n`);
  // A plan that carries errors (a managed bucket missing, ...) fails the check even though its
  // other actions are valid; apply still applies those, so one bad entry never blocks renewals.
  if (planHasErrors(doc)) return 1;
  return values['detailed-exitcode'] && doc.actions.length > 0 ? 2 : 0;
});

/**
 * The manifest's warnings (a material file readable by others, ...) travel in the plan document,
 * so the JSON plan, a saved plan and the Markdown comment carry what the text shows; and a missing
 * bucket on the embedded simulator names the command that creates it.
 */
export function withManifestFindings(doc: PlanDocument, warnings: readonly Diagnostic[], desired: DesiredState, fileArg: string): PlanDocument {
  const diagnostics = [...warnings, ...doc.diagnostics].map((d) => {
    const bucket = d.code === 'plan.bucket-missing' ? desired.buckets.find((b) => d.path === `buckets.${b.name}`) : undefined;
    if (!bucket || desired.providers[bucket.provider]?.type !== 'local') return d;
    const f = fileArg === 'keys.yaml' ? '' : ` -f ${fileArg}`;
    return { ...d, detail: `Create it with \`reconcile local create-bucket ${bucket.name}${f}\` (the tool configures existing buckets only), or remove it from the manifest.` };
  });
  return { ...doc, diagnostics };
}

/** The plan in `format`, as pieces to write one after another (the text of a large plan is never held whole). */
export function planPieces(doc: PlanDocument, format: (typeof PLAN_FORMATS)[number], color: boolean): Iterable<string> {
  if (format === 'json') return [renderJson(doc)];
  if (format === 'markdown') return [renderMarkdown(doc)];
  return inPieces(textLines(doc, { color }));
}

export function planHasErrors(doc: PlanDocument): boolean {
  return doc.diagnostics.some((d) => d.severity === 'error');
}

export function wantsColor(io: CliIO, values: { color?: boolean | undefined; 'no-color'?: boolean | undefined }): boolean {
  if (values['no-color'] || io.env.NO_COLOR) return false;
  return Boolean(values.color) || io.isTTY;
}
