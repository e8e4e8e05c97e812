/**
 * KeyState is derived, never stored: it follows from the deletion schedule, whether material is
 * imported, and the EnableKey/DisableKey intent. Time-driven transitions (material expiring at
 * ValidTo, a deletion window ending) are applied lazily by `settle` before every call.
 */
import type { KeyState } from '../core/specs.js';
import { invalidState } from './errors.js';
import { arnOf } from './resolve.js';
import type { SimContext } from './context.js';
import type { KeyRecord, SimModel } from './model.js';

export function keyStateOf(k: KeyRecord): KeyState {
  if (k.deletion) return 'PendingDeletion';
  // AWS: Enabled only while every permanently associated material (CURRENT and NON_CURRENT) is imported.
  if (k.origin === 'EXTERNAL' && (!k.material?.imported || k.nonCurrent.some((m) => !m.imported))) return 'PendingImport';
  return k.enabled ? 'Enabled' : 'Disabled';
}

const STATE_PHRASE: Partial<Record<KeyState, string>> = {
  Disabled: 'is disabled',
  PendingImport: 'is pending import',
  PendingDeletion: 'is pending deletion',
};

/** KMSInvalidStateException with AWS's "<arn> is pending import." wording unless the state is allowed. */
export function requireState(ctx: SimContext, k: KeyRecord, allowed: readonly KeyState[]): void {
  const state = keyStateOf(k);
  if (allowed.includes(state)) return;
  throw invalidState(`${arnOf(ctx, k.keyId)} ${STATE_PHRASE[state] ?? `is ${state}`}.`);
}

export function stateMessage(ctx: SimContext, k: KeyRecord): string {
  const state = keyStateOf(k);
  return `${arnOf(ctx, k.keyId)} ${STATE_PHRASE[state] ?? `is ${state}`}.`;
}

/** Lower the sweep deadline when a mutation introduces an earlier one. */
export function noteDeadline(model: SimModel, at: Date | null | undefined): void {
  if (at && at.getTime() < model.nextDeadline) model.nextDeadline = at.getTime();
}

function deleteKey(model: SimModel, keyId: string): void {
  model.keys.delete(keyId);
  // AWS deletes a key's aliases with it.
  for (const [name, a] of model.aliases) if (a.targetKeyId === keyId) model.aliases.delete(name);
  for (const [h, p] of model.importParams) if (p.keyId === keyId) model.importParams.delete(h);
}

/**
 * Applies every transition due at `now`: expired material is deleted (the key falls to
 * PendingImport unless it is PendingDeletion; the fingerprint stays, so only the same material can
 * be reimported), and keys whose deletion window ended disappear with their aliases.
 * Returns true when anything changed.
 */
export function settle(ctx: SimContext): boolean {
  const model = ctx.model;
  const now = ctx.clock.now().getTime();
  if (now < model.nextDeadline) return false;
  let changed = false;
  let next = Number.POSITIVE_INFINITY;
  for (const k of [...model.keys.values()]) {
    if (k.deletion && k.deletion.date.getTime() <= now) {
      deleteKey(model, k.keyId);
      changed = true;
      continue;
    }
    for (const m of [k.material, ...k.nonCurrent, k.pending]) {
      if (!m?.imported || !m.validTo) continue;
      const deletedAt = m.validTo.getTime() + ctx.rules.materialDeletedAfterExpiryMs;
      if (deletedAt <= now) {
        m.imported = false;
        changed = true;
      } else next = Math.min(next, deletedAt);
    }
    if (k.deletion) next = Math.min(next, k.deletion.date.getTime());
  }
  // Expired parameters are useless (the token itself carries its expiry, so it is still reported
  // as expired rather than unknown); drop them with their wrapping private keys.
  for (const [h, p] of model.importParams) if (p.expiresAt.getTime() <= now) model.importParams.delete(h);
  model.nextDeadline = next;
  return changed;
}
