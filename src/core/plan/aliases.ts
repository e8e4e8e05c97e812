import type { Action } from '../types.js';
import { currentGeneration, labelOf, refOf, type PlanContext } from './context.js';
import type { KeyInventory } from './inventory.js';
import { at } from './live-index.js';

/**
 * Each desired alias must point at the current generation. Moves wait for `readyDeps`: an alias may
 * target a PendingImport key, but moving traffic before the material is in would be an outage.
 */
export function planAliases(ctx: PlanContext, inv: KeyInventory, readyDeps: string[]): Action[] {
  const d = inv.desired;
  const gen = currentGeneration(inv);
  const currentId = inv.current?.live.keyId ?? null;
  const out: Action[] = [];
  for (const alias of d.aliases) {
    const live = ctx.ix.alias.get(at(d.provider, alias));
    if (live && live.targetKeyId === currentId) continue;
    // One literal, the optional field spread last: a spread followed by more fields costs V8 a
    // hidden class per object (lint forbids it here).
    out.push({
      provider: d.provider,
      keyName: d.name,
      target: alias,
      destructive: false,
      dependsOn: [...readyDeps],
      alias,
      key: refOf(inv),
      id: `${d.name}/${alias}/${live ? 'update' : 'create'}-alias`,
      kind: live ? 'update-alias' : 'create-alias',
      reason: live ? `points at ${labelOf(ctx, live.targetKeyId, d.name)}; moves to generation ${gen}` : `alias is missing; points it at generation ${gen}`,
      ...(live ? { fromKeyId: live.targetKeyId } : {}),
    });
  }
  return out;
}
