import { warning } from '../../diagnostics/diagnostic.js';
import { TAG, type Action } from '../types.js';
import { currentGeneration, type KeyGroup, type PlanContext } from './context.js';
import { formatDuration } from './format.js';
import { hasMaterial, type ManagedKey } from './inventory.js';
import { usesOf, type Moves, type Use } from './usage.js';
import { warnIfExpiring } from './warnings.js';

/**
 * Previous generations: stamp the cut-over once traffic has left, then retire per `retire` when the
 * grace period is over. A key still in use is retired only when this same plan moves every use
 * away, and then only after those moves (its actions depend on them).
 */
export function planRetirement(ctx: PlanContext, group: KeyGroup, moves: Moves): void {
  const inv = group.inv;
  for (const old of inv.previous) {
    const uses = usesOf(ctx, old.live.provider, old.live.keyId, moves, old.generation);
    warnIfExpiring(ctx, inv.desired, old, uses);
    const moveIds = movedIds(uses);
    // Under `keep` nothing would be retired anyway, so an unmovable use is not worth a warning.
    if (blocked(ctx, group, old, uses, inv.desired.retire.action === 'keep')) continue;
    const deps = [...group.readyDeps, ...moveIds];
    let stampId: string | null = null;
    if (!old.supersededAt) {
      stampId = `${inv.desired.name}/g${old.generation}/tag-key`;
      group.cutover.push({
        provider: old.live.provider,
        keyName: inv.desired.name,
        target: old.live.keyId,
        destructive: false,
        id: stampId,
        kind: 'tag-key',
        reason: `cut-over: generation ${old.generation} is no longer current (generation ${currentGeneration(inv)} is); stamps ${TAG.supersededAt} at apply time`,
        dependsOn: deps,
        key: { keyId: old.live.keyId },
        tags: {},
        stampNow: [TAG.supersededAt],
      });
    }
    const retire = retireAction(ctx, group, old, [...deps, ...(stampId ? [stampId] : [])], moveIds.length > 0);
    if (retire) group.retire.push(retire);
  }
  for (const dup of inv.duplicates) planDuplicate(ctx, group, dup, moves);
}

function retireAction(ctx: PlanContext, group: KeyGroup, old: ManagedKey, deps: string[], afterMoves: boolean): Action | null {
  const r = group.inv.desired.retire;
  if (r.action === 'keep') return null;
  const elapsed = old.supersededAt ? ctx.now.getTime() - old.supersededAt.getTime() : 0;
  const due = old.supersededAt ? elapsed >= r.afterMs : r.afterMs === 0;
  if (!due) return null;
  const since = old.supersededAt
    ? `superseded ${formatDuration(elapsed)} ago (retire: ${r.action} after ${formatDuration(r.afterMs)})`
    : `superseded in this plan (retire: ${r.action} at once)`;
  // Only what was checked: manifest aliases, managed buckets' default keys and their objects.
  const free = afterMoves
    ? 'no manifest alias, managed bucket or object in one uses it once this plan has moved its traffic'
    : 'no manifest alias, managed bucket or object in one uses it';
  const reason = `${since}; ${free}`;
  const prefix = `${group.inv.desired.name}/g${old.generation}`;
  if (r.action === 'disable') {
    if (old.live.state !== 'Enabled') return null;
    return {
      provider: old.live.provider,
      keyName: group.inv.desired.name,
      target: old.live.keyId,
      destructive: true,
      id: `${prefix}/disable-key`,
      kind: 'disable-key',
      reason,
      dependsOn: deps,
      keyId: old.live.keyId,
      generation: old.generation,
    };
  }
  if (!['Enabled', 'Disabled', 'PendingImport'].includes(old.live.state)) return null;
  return {
    provider: old.live.provider,
    keyName: group.inv.desired.name,
    target: old.live.keyId,
    destructive: true,
    id: `${prefix}/schedule-key-deletion`,
    kind: 'schedule-key-deletion',
    reason: `${reason}; deleted after ${r.pendingWindowDays} days pending`,
    dependsOn: deps,
    keyId: old.live.keyId,
    generation: old.generation,
    pendingWindowDays: r.pendingWindowDays,
  };
}

/**
 * A second key of one generation is deleted only when it never had material (nothing can be
 * encrypted under it); one with material may hold data, so it is reported instead.
 */
function planDuplicate(ctx: PlanContext, group: KeyGroup, dup: ManagedKey, moves: Moves): void {
  const d = group.inv.desired;
  if (hasMaterial(dup.live) || dup.live.state !== 'PendingImport') {
    ctx.diagnostics.push(
      warning('plan.duplicate-key', `key ${d.name} has a second key of generation ${dup.generation} (${dup.live.keyId}) that has material; left as is`, {
        detail: 'An interrupted apply left it. Check that nothing uses it, then disable or delete it by hand.',
        path: `keys.${d.name}`,
        pos: d.pos,
      }),
    );
    return;
  }
  const uses = usesOf(ctx, dup.live.provider, dup.live.keyId, moves, dup.generation);
  if (blocked(ctx, group, dup, uses)) return;
  group.retire.push({
    provider: dup.live.provider,
    keyName: d.name,
    target: dup.live.keyId,
    destructive: true,
    id: `${d.name}/g${dup.generation}/${dup.live.keyId}/schedule-key-deletion`,
    kind: 'schedule-key-deletion',
    reason: `duplicate of generation ${dup.generation} left by an interrupted apply; it never had material`,
    dependsOn: movedIds(uses),
    keyId: dup.live.keyId,
    generation: dup.generation,
    pendingWindowDays: d.retire.pendingWindowDays,
  });
}

function blocked(ctx: PlanContext, group: KeyGroup, k: ManagedKey, uses: Use[], quiet = false): boolean {
  const stuckUses = uses.filter((u) => u.movedBy === null);
  const stuck = stuckUses.map((u) => u.what);
  if (stuck.length === 0) return false;
  const d = group.inv.desired;
  if (quiet) return true;
  const hints = stuckUses.flatMap((u) => (u.hint ? [u.hint] : []));
  const fix = hints.length > 0 ? `${hints.join(' ')} It is kept until then.` : 'Move what uses it to the current generation (or declare it in the manifest); it is retired only once nothing uses it.';
  ctx.diagnostics.push(
    warning('plan.key-in-use', `key ${d.name} generation ${k.generation} (${k.live.keyId}) is still used by ${stuck.join(', ')}; it is kept`, {
      detail: fix,
      path: `keys.${d.name}`,
      pos: d.pos,
    }),
  );
  return true;
}

function movedIds(uses: Use[]): string[] {
  return uses.flatMap((u) => (u.movedBy ? [u.movedBy] : []));
}

