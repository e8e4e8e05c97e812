import { identityTags } from '../identity.js';
import { TAG, type Action, type LiveKey } from '../types.js';
import type { PlanContext } from './context.js';
import type { KeyInventory } from './inventory.js';
import { at } from './live-index.js';

/**
 * A key found by its create-time identity (alias or description) but without ownership tags: the
 * apply that created it stopped before tagging (clouds that cannot tag at create). The planner
 * treats it as tagged from its identity, so it is neither created again nor orphaned, and this
 * step plans the tagging that was missed.
 */
export function adoptUntagged(k: LiveKey): LiveKey {
  if (!k.identity || k.tags[TAG.manifest] !== undefined) return k;
  // Replaces a field the key already has: no new hidden class.
  // eslint-disable-next-line no-restricted-syntax
  return { ...k, tags: { ...identityTags(k.identity), ...k.tags } };
}

export function isUntagged(k: LiveKey): boolean {
  return k.identity !== undefined && k.tags[TAG.manifest] === undefined;
}

/** One `tag-key` per untagged key of this manifest key, ahead of everything else for it. */
export function planOwnershipTags(ctx: PlanContext, inv: KeyInventory): Action[] {
  const d = inv.desired;
  const managed = [...inv.active, ...inv.pendingDeletion];
  const out: Action[] = [];
  const ids = new Set<string>();
  for (const m of managed) {
    const original = ctx.untagged.get(at(m.live.provider, m.live.keyId));
    if (!original?.identity) continue;
    const base = `${d.name}/g${m.generation}/tag-ownership`;
    const id = ids.has(base) ? `${base}@${m.live.keyId}` : base;
    ids.add(id);
    out.push({
      id,
      kind: 'tag-key',
      provider: d.provider,
      keyName: d.name,
      target: m.live.keyId,
      reason: `generation ${m.generation} was created but never tagged (found by its create-time identity); adds its ownership tags`,
      destructive: false,
      dependsOn: [],
      key: { keyId: m.live.keyId },
      tags: identityTags(original.identity),
    });
  }
  return out;
}
