import type { Action, ActionKind, KeySummary, PlanDocument } from '../types.js';
import { daysLeft } from './format.js';
import type { KeyInventory } from './inventory.js';

/** The live view of a manifest key's current generation, for plan output and `status`. */
export function summarizeKey(inv: KeyInventory, now: Date): KeySummary {
  const cur = inv.current;
  const d = inv.desired;
  if (!cur) {
    return { keyName: d.name, provider: d.provider, generation: null, keyId: null, state: 'absent', validTo: null, daysLeft: null, kcv: d.kcv };
  }
  return {
    keyName: d.name,
    provider: d.provider,
    generation: cur.generation,
    keyId: cur.live.keyId,
    state: cur.live.state,
    validTo: cur.live.validTo,
    daysLeft: cur.live.expirationModel === 'expires' ? daysLeft(cur.live.validTo, now) : null,
    kcv: d.kcv,
  };
}

export function countActions(actions: readonly Action[]): PlanDocument['summary'] {
  const byKind: Partial<Record<ActionKind, number>> = {};
  for (const a of actions) byKind[a.kind] = (byKind[a.kind] ?? 0) + 1;
  return { total: actions.length, destructive: actions.filter((a) => a.destructive).length, byKind };
}
