import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { liveDigest } from '../../core/plan/index.js';
import { PLAN_FORMAT_VERSION, type ApplyReport, type PlanDocument } from '../../core/types.js';
import { UserError, error } from '../../diagnostics/diagnostic.js';
import { applyPlan } from '../../engine/apply.js';
import { computePlan, loadDesired, lockScope, openSession, refuseAtForRealApply, type ScopeLock, type Session } from '../../engine/session.js';
import { refresh } from '../../engine/refresh.js';
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
    if (saved && (saved.manifest.digest !== desired.digest || saved.manifest.name !== desired.name)) throw stale('the manifest changed since the plan was made');

    const session: Session = await openSession(desired, at);
    let lock: ScopeLock | undefined;
    try {
      lock = await lockScope(desired, `reconcile --apply (pid ${process.pid})`, session.providers);
      let doc: PlanDocument;
      if (saved) {
        const live = await refresh(desired, session.providers);
        if (liveDigest(live) !== saved.liveDigest) throw stale('the live state changed since the plan was made');
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
      const report = await applyPlan(doc, { desired, providers: session.providers, clock: session.clock, log, signal: lock.signal, confirmLock: lock.confirm });
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

function stale(why: string): UserError {
  return new UserError(error('plan.stale', `Saved plan is stale: ${why}`, { detail: 'Nothing was applied. Run `reconcile --plan --out plan.json` again, review it, and apply the new plan.' }));
}

async function readSavedPlan(path: string): Promise<PlanDocument> {
  let doc: Partial<PlanDocument>;
  try {
    doc = JSON.parse(await readFile(path, 'utf8')) as Partial<PlanDocument>;
  } catch (e) {
    throw new UserError(error('plan.unreadable', `cannot read saved plan ${path}: ${(e as Error).message}`, { detail: 'Pass a file written by `reconcile --plan --out FILE`.' }));
  }
  if (doc.formatVersion !== PLAN_FORMAT_VERSION || !Array.isArray(doc.actions) || !doc.manifest || typeof doc.liveDigest !== 'string') {
    throw new UserError(error('plan.unreadable', `${path} is not a saved plan of format version ${PLAN_FORMAT_VERSION}`, { detail: 'Pass a file written by `reconcile --plan --out FILE` with this version of the tool.' }));
  }
  return doc as PlanDocument;
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
