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
    // Written out whole: a spread followed by more fields costs V8 a hidden class per object (lint forbids it here).
    if (!live) {
      out.push({
        provider: d.provider,
        keyName: d.name,
        target: alias,
        destructive: false,
        dependsOn: [...readyDeps],
        alias,
        key: refOf(inv),
        id: `${d.name}/${alias}/create-alias`,
        kind: 'create-alias',
        reason: `alias is missing; points it at generation ${gen}`,
      });
    } else if (live.targetKeyId !== currentId) {
      out.push({
        provider: d.provider,
        keyName: d.name,
        target: alias,
        destructive: false,
        dependsOn: [...readyDeps],
        alias,
        key: refOf(inv),
        id: `${d.name}/${alias}/update-alias`,
        kind: 'update-alias',
        reason: `points at ${labelOf(ctx, live.targetKeyId, d.name)}; moves to generation ${gen}`,
        fromKeyId: live.targetKeyId,
      });
    }
  }
  return out;
}
