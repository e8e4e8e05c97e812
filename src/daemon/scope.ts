import { countActions } from '../core/plan/summary.js';
import type { Action, ActionKind, PlanDocument } from '../core/types.js';

/** What a daemon tick may apply: `renew` only re-imports of the same material; `all` the whole plan. */
export type Scope = 'renew' | 'all';

export const SCOPES: readonly Scope[] = ['renew', 'all'];

/**
 * `renew` covers renewal ahead of expiry and recovery of PendingImport keys: both are
 * `reimport-material` of material the key already had, so they cannot change what any alias,
 * bucket or object points at. First imports, creates, moves and retirements need `all`.
 */
const RENEW_KINDS: ReadonlySet<ActionKind> = new Set(['reimport-material']);

export interface ScopedPlan {
  doc: PlanDocument;
  /** Actions of the full plan that this scope holds back (shown in logs, never applied). */
  heldBack: Action[];
}

/**
 * The plan restricted to a scope. An allowed action whose dependency was held back is held back
 * too: applyPlan would otherwise treat the missing id as satisfied and run it out of order.
 */
export function restrictToScope(doc: PlanDocument, scope: Scope): ScopedPlan {
  if (scope === 'all') return { doc, heldBack: [] };
  const kept = new Set<string>();
  // Plan order lists dependencies before dependants, so one pass settles every chain.
  for (const a of doc.actions) {
    if (RENEW_KINDS.has(a.kind) && a.dependsOn.every((id) => kept.has(id))) kept.add(a.id);
  }
  const actions = doc.actions.filter((a) => kept.has(a.id));
  const heldBack = doc.actions.filter((a) => !kept.has(a.id));
  return { doc: { ...doc, actions, summary: countActions(actions) }, heldBack };
}
