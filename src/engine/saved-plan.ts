import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { liveDigest } from '../core/plan/index.js';
import { PLAN_FORMAT_VERSION, type Action, type DesiredState, type LiveState, type PlanDocument } from '../core/types.js';
import { UserError, error } from '../diagnostics/diagnostic.js';

/**
 * A saved plan (`reconcile --plan --out FILE`) is applied as written, never re-planned, so it is
 * checked before anything runs: its format, its internal consistency, and that neither the
 * manifest nor the live state moved since it was made ("Saved plan is stale").
 */
export async function readSavedPlan(path: string): Promise<PlanDocument> {
  let doc: Partial<PlanDocument>;
  try {
    doc = JSON.parse(await readFile(path, 'utf8')) as Partial<PlanDocument>;
  } catch (e) {
    throw new UserError(error('plan.unreadable', `cannot read saved plan ${path}: ${(e as Error).message}`, { detail: 'Pass a file written by `reconcile --plan --out FILE`.' }));
  }
  if (doc.formatVersion !== PLAN_FORMAT_VERSION || !Array.isArray(doc.actions) || !doc.manifest || typeof doc.liveDigest !== 'string') {
    throw new UserError(error('plan.unreadable', `${path} is not a saved plan of format version ${PLAN_FORMAT_VERSION}`, { detail: 'Pass a file written by `reconcile --plan --out FILE` with this version of the tool.' }));
  }
  assertConsistent(doc.actions, path);
  return doc as PlanDocument;
}

/**
 * Every action id is unique and every `dependsOn` names an action of the same plan: an unknown
 * dependency would otherwise be dropped and the action run without the ordering it asked for.
 */
export function assertConsistent(actions: readonly Action[], source = 'the plan'): void {
  const ids = new Set<string>();
  for (const a of actions) {
    if (ids.has(a.id)) throw unreadable(source, `action id ${a.id} appears twice`);
    ids.add(a.id);
  }
  for (const a of actions) {
    const unknown = a.dependsOn.find((d) => !ids.has(d));
    if (unknown !== undefined) throw unreadable(source, `action ${a.id} depends on ${unknown}, which is not in the plan`);
  }
}

/** The manifest a saved plan was made from: absolute as recorded, or relative to the plan file. */
export function manifestOfSavedPlan(doc: PlanDocument, planPath: string): string {
  return resolve(dirname(planPath), doc.manifest.file);
}

/** The manifest the plan was made from is the one loaded now. `file` is the manifest as the user names it. */
export function assertManifestFresh(saved: PlanDocument, desired: DesiredState, file = 'keys.yaml'): void {
  if (saved.manifest.digest !== desired.digest || saved.manifest.name !== desired.name) throw stale('the manifest changed since the plan was made', file);
}

/** The live state the plan was made from is the one read now. */
export function assertLiveFresh(saved: PlanDocument, live: LiveState, file = 'keys.yaml'): void {
  if (liveDigest(live) !== saved.liveDigest) throw stale('the live state changed since the plan was made', file);
}

function stale(why: string, file: string): UserError {
  const f = file === 'keys.yaml' ? '' : ` -f ${file}`;
  return new UserError(error('plan.stale', `Saved plan is stale: ${why}`, { detail: `Nothing was applied. Run \`reconcile --plan${f} --out plan.json\` again, review it, and apply the new plan.` }));
}

function unreadable(source: string, why: string): UserError {
  return new UserError(error('plan.unreadable', `${source} is inconsistent: ${why}`, { detail: 'Nothing was applied. Make a new plan with `reconcile --plan --out FILE`; do not edit saved plans by hand.' }));
}
