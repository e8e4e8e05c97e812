import { TAG, type Action, type ActionKind, type GenerationSummary, type KeySummary, type MaterialSummary, type PlanDocument } from '../types.js';
import { daysLeft } from './format.js';
import type { KeyInventory, ManagedKey } from './inventory.js';
import { liveMaterialsOf } from './materials.js';

/** The live view of a manifest key: its current generation, and every generation for details. */
export function summarizeKey(inv: KeyInventory, now: Date): KeySummary {
  const cur = inv.current;
  const d = inv.desired;
  const generations = generationsOf(inv, now);
  if (!cur) {
    return { keyName: d.name, provider: d.provider, generation: null, keyId: null, state: 'absent', validTo: null, daysLeft: null, kcv: d.kcv, generations };
  }
  return {
    keyName: d.name,
    provider: d.provider,
    generation: cur.generation,
    keyId: cur.live.keyId,
    state: cur.live.state,
    validTo: cur.live.validTo,
    daysLeft: lifeLeft(cur, now),
    kcv: d.kcv,
    generations,
    ...(d.rotation === 'in-place' ? { materials: materialRows(cur, now) } : {}),
  };
}

/** One row per material of an in-place key, as `status` and the daemon's metrics show them. */
export function materialRows(k: ManagedKey, now: Date): MaterialSummary[] {
  return liveMaterialsOf(k).map((m) => ({
    kcv: m.kcv,
    keyMaterialId: m.keyMaterialId,
    state: m.state,
    imported: m.imported,
    validTo: m.imported ? m.validTo : null,
    daysLeft: m.imported && m.expirationModel === 'expires' ? daysLeft(m.validTo, now) : null,
  }));
}

function generationsOf(inv: KeyInventory, now: Date): GenerationSummary[] {
  const rows = [
    ...(inv.current ? [row(inv.current, 'current', now)] : []),
    ...inv.previous.map((k) => row(k, 'previous', now)),
    ...inv.duplicates.map((k) => row(k, 'duplicate', now)),
    ...inv.pendingDeletion.map((k) => row(k, 'previous', now)),
  ];
  return rows.sort((a, b) => a.generation - b.generation || (a.keyId < b.keyId ? -1 : a.keyId > b.keyId ? 1 : 0));
}

function row(k: ManagedKey, role: GenerationSummary['role'], now: Date): GenerationSummary {
  return {
    generation: k.generation,
    keyId: k.live.keyId,
    state: k.live.state,
    role,
    validTo: k.live.validTo,
    daysLeft: lifeLeft(k, now),
    supersededAt: k.live.tags[TAG.supersededAt] || null,
    deletionDate: k.live.deletionDate,
  };
}

function lifeLeft(k: ManagedKey, now: Date): number | null {
  return k.live.expirationModel === 'expires' ? daysLeft(k.live.validTo, now) : null;
}

export function countActions(actions: readonly Action[]): PlanDocument['summary'] {
  const byKind: Partial<Record<ActionKind, number>> = {};
  for (const a of actions) byKind[a.kind] = (byKind[a.kind] ?? 0) + 1;
  return { total: actions.length, destructive: actions.filter((a) => a.destructive).length, byKind };
}
