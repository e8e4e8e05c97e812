import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { PLAN_FORMAT_VERSION, type ApplyReport, type PlanDocument } from '../../core/types.js';
import { UserError, error } from '../../diagnostics/diagnostic.js';
import { applyPlan } from '../../engine/apply.js';
import { computePlan, loadDesired, lockScope, openSession, refuseAtForRealApply, type ScopeLock, type Session } from '../../engine/session.js';
import { refresh } from '../../engine/refresh.js';
import { assertLiveFresh, assertManifestFresh, readSavedPlan } from '../../engine/saved-plan.js';
import { renderApplyReport, renderJson } from '../../render/index.js';
import { parseAt } from '../at.js';
import { loggerFor, oneOf, printDiagnostics, reportFailure, usage } from '../common.js';
import type { CliIO } from '../io.js';
import { planHasErrors, renderPlan, wantsColor } from './plan.js';

export async function applyCommand(argv: string[], io: CliIO): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        apply: { type: 'boolean' },
        file: { type: 'string', short: 'f', default: 'keys.yaml' },
        format: { type: 'string' },
        'auto-approve': { type: 'boolean' },
        at: { type: 'string' },
        'log-format': { type: 'string' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
      },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length > 1) throw usage('--apply takes at most one saved plan file', 'Usage: reconcile --apply [plan.json] [-f keys.yaml] [--auto-approve]');
    const format = oneOf('--format', values.format, ['text', 'json'] as const, 'text');
    const color = wantsColor(io, values);
    const at = parseAt(values.at, new Date());
    const log = loggerFor(io, values['log-format']);
    const saved = positionals[0] ? await readSavedPlan(resolve(io.cwd, positionals[0])) : null;

    const { desired, warnings } = await loadDesired(values.file!, io.cwd, io.env);
    printDiagnostics(io, warnings);
    refuseAtForRealApply(desired, at);
    if (saved) assertManifestFresh(saved, desired);

    const session: Session = await openSession(desired, at);
    let lock: ScopeLock | undefined;
    try {
      lock = await lockScope(desired, `reconcile --apply (pid ${process.pid})`, session.providers);
      let doc: PlanDocument;
      if (saved) {
        assertLiveFresh(saved, await refresh(desired, session.providers));
        doc = saved;
      } else {
        doc = (await computePlan(session, at)).doc;
        if (format === 'text') io.stdout(renderPlan(doc, 'text', color));
        if (doc.actions.length === 0) {
          if (format === 'json') io.stdout(renderJson({ formatVersion: PLAN_FORMAT_VERSION, plan: doc, report: emptyReport() }));
          return planHasErrors(doc) ? 1 : 0;
        }
        if (!values['auto-approve'] && !(await approve(doc.actions.length))) {
          io.stderr('Apply cancelled; nothing was changed.\n');
          return 1;
        }
      }
      const report = await applyPlan(doc, { desired, providers: session.providers, clock: session.clock, log, signal: lock.signal });
      io.stdout(format === 'json' ? renderJson({ formatVersion: PLAN_FORMAT_VERSION, plan: doc, report }) : `\n${renderApplyReport(report, { color })}`);
      return report.failed > 0 || planHasErrors(doc) ? 1 : 0;
    } finally {
      await lock?.release();
      await session.close();
    }
  } catch (e) {
    return reportFailure(io, e);
  }
}

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
