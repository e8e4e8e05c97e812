import { isAbsolute, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { PLAN_FORMAT_VERSION, type ApplyReport, type PlanDocument } from '../../core/types.js';
import { UserError, error } from '../../diagnostics/diagnostic.js';
import { applyPlan } from '../../engine/apply.js';
import { computePlan, loadDesired, lockScope, openSession, refuseAtForRealApply, type ScopeLock, type Session } from '../../engine/session.js';
import { refresh } from '../../engine/refresh.js';
import { assertLiveFresh, assertManifestFresh, manifestOfSavedPlan, readSavedPlan } from '../../engine/saved-plan.js';
import { applyReportLines, inPieces, renderJson } from '../../render/index.js';
import { parseFor } from '../args.js';
import { parseAt } from '../at.js';
import { printDiagnostics, withBoundary } from '../boundary.js';
import { loggerFor, oneOf } from '../common.js';
import type { CliIO } from '../io.js';
import { createProgress, interruptedSummary, onInterrupt } from '../progress.js';
import { SPECS, helpText } from '../specs.js';
import { planHasErrors, planPieces, wantsColor, withManifestFindings } from './plan.js';

/** Exit code after Ctrl-C, as shells report a process ended by SIGINT. */
export const EXIT_INTERRUPTED = 130;

export const applyCommand = withBoundary(async (argv: string[], io: CliIO): Promise<number> => {
  const { values, positionals, help } = parseFor(SPECS.apply, argv);
  if (help) return io.stdout(helpText(SPECS.apply)), 0;
  const format = oneOf('--format', values.format, ['text', 'json'] as const, 'text');
  const color = wantsColor(io, values);
  const at = parseAt(values.at, new Date());
  const planPath = positionals[0] ? resolve(io.cwd, positionals[0]) : null;
  const saved = planPath ? await readSavedPlan(planPath) : null;
  // A saved plan names its manifest; `-f` overrides it, else ./keys.yaml.
  const file = values.file ?? (saved && planPath ? manifestOfSavedPlan(saved, planPath) : 'keys.yaml');
  const shownFile = isAbsolute(file) ? relative(io.cwd, file) || file : file;

  const { desired, warnings } = await loadDesired(file, io.cwd, io.env);
  printDiagnostics(io, warnings);
  refuseAtForRealApply(desired, at);
  if (saved) assertManifestFresh(saved, desired, shownFile);

  const session: Session = await openSession(desired, at);
  let lock: ScopeLock | undefined;
  const interrupt = onInterrupt(io);
  try {
    lock = await lockScope(desired, `reconcile --apply (pid ${process.pid})`, session.providers);
    let doc: PlanDocument;
    if (saved) {
      assertLiveFresh(saved, await refresh(desired, session.providers), shownFile);
      doc = saved;
    } else {
      doc = withManifestFindings((await computePlan(session, at)).doc, [], desired, shownFile);
      if (format === 'text') for (const piece of planPieces(doc, 'text', color)) io.stdout(piece);
      if (doc.actions.length === 0) {
        if (format === 'json') io.stdout(renderJson({ formatVersion: PLAN_FORMAT_VERSION, plan: doc, report: emptyReport() }));
        return planHasErrors(doc) ? 1 : 0;
      }
      if (!values['auto-approve'] && !(await approve(doc.actions.length))) {
        io.stderr('Apply cancelled; nothing was changed.\n');
        return 1;
      }
    }
    const progress = createProgress(io, doc.actions.length, values['log-format']);
    // On a terminal the progress line replaces one log line per action; warnings and failures still print.
    const log = loggerFor({ ...io, stderr: progress.write }, values['log-format'], progress.active ? 'warn' : 'info');
    const report = await applyPlan(doc, {
      desired,
      providers: session.providers,
      clock: session.clock,
      log,
      signal: AbortSignal.any([lock.signal, interrupt.signal]),
      onOutcome: progress.tick,
      confirmLock: lock.confirm,
    });
    progress.done();
    if (format === 'json') io.stdout(renderJson({ formatVersion: PLAN_FORMAT_VERSION, plan: doc, report }));
    else {
      io.stdout('\n');
      for (const piece of inPieces(applyReportLines(report, { color }))) io.stdout(piece);
    }
    if (interrupt.signal.aborted) {
      io.stderr(interruptedSummary(report, shownFile));
      return EXIT_INTERRUPTED;
    }
    return report.failed > 0 || planHasErrors(doc) ? 1 : 0;
  } finally {
    interrupt.dispose();
    await lock?.release();
    await session.close();
  }
});

function emptyReport(): ApplyReport {
  return { outcomes: [], applied: 0, failed: 0, skipped: 0 };
}

async function approve(count: number): Promise<boolean> {
  if (!process.stdin.isTTY) {
    throw new UserError(error('cli.refused', 'refusing to apply without confirmation: stdin is not a terminal', { detail: 'Review the plan and pass --auto-approve, or apply a saved plan: reconcile --apply plan.json.' }));
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`\nApply these ${count} actions? Only 'yes' will be accepted: `);
    return answer.trim() === 'yes';
  } finally {
    rl.close();
  }
}
