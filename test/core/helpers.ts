import { plan } from '../../src/core/plan/index.js';
import type { Action, DesiredState, LiveState, PlanDocument } from '../../src/core/types.js';
import { NOW } from './fixtures.js';

export function run(desired: DesiredState, live: LiveState, now: Date = NOW): PlanDocument {
  return plan(desired, live, now, { toolVersion: '0.0.0-test' });
}

/** `kind target` per action, in plan order: the shape most assertions read best in. */
export function steps(doc: PlanDocument): string[] {
  return doc.actions.map((a) => `${a.kind} ${a.target}`);
}

export function byId(doc: PlanDocument, id: string): Action {
  const a = doc.actions.find((x) => x.id === id);
  if (!a) throw new Error(`no action ${id} in ${doc.actions.map((x) => x.id).join(', ')}`);
  return a;
}

export function codes(doc: PlanDocument): string[] {
  return doc.diagnostics.map((d) => d.code);
}
