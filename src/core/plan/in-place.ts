import { error, warning } from '../../diagnostics/diagnostic.js';
import type { Action, DesiredKey, KeyRef, LiveMaterial } from '../types.js';
import type { PlanContext } from './context.js';
import type { KeyInventory, ManagedKey } from './inventory.js';
import { expirationOf } from './material.js';
import { MAX_ON_DEMAND_ROTATIONS, desiredMaterialsOf, isAssociated, liveMaterialsOf, materialNeed, rotationsUsed } from './materials.js';
import { usesOf, type Moves } from './usage.js';

/** What in-place planning adds to a key's setup. */
export interface InPlaceSetup {
  actions: Action[];
  /** Ids of recoveries: the key serves again only once they are done. */
  restoring: string[];
}

const NO_MOVES: Moves = { alias: new Map(), put: new Map(), reencrypt: new Map() };

/**
 * `rotation: in-place` on the key that serves the manifest key. The manifest lists every material,
 * oldest first and current last; AWS keeps the key Enabled only while every permanently associated
 * material is imported, so each is renewed on its own schedule (EXISTING_KEY_MATERIAL with its
 * KeyMaterialId). Materials listed after the live current one are added one at a time: import as
 * NEW_KEY_MATERIAL (it waits as PENDING_ROTATION), then rotate-key makes it current.
 * `afterCreate`: the ids a brand-new key's first import waits for (its material list is empty).
 */
type ImportAction = Extract<Action, { kind: 'import-material' | 'reimport-material' }>;

export function planInPlace(ctx: PlanContext, inv: KeyInventory, cur: ManagedKey | null, key: KeyRef, generation: number, afterCreate: string[]): InPlaceSetup {
  const d = inv.desired;
  const wanted = desiredMaterialsOf(d);
  const live = cur ? liveMaterialsOf(cur) : [];
  const byKcv = new Map(live.filter((m) => m.kcv !== null).map((m) => [m.kcv!, m]));
  const prefix = `${d.name}/g${generation}`;
  const target = (kcv: string) => `${cur?.live.keyId ?? `${d.name} generation ${generation}`} material ${kcv}`;
  const expiration = expirationOf(d);
  /** A material import into this key: its shared fields, then `own` (spread last: one hidden class, see setup.ts). */
  const importOf = (own: Pick<ImportAction, 'id' | 'kind' | 'target' | 'reason' | 'dependsOn' | 'expectedKcv' | 'inPlace'>): Action => ({
    provider: d.provider,
    keyName: d.name,
    destructive: false,
    generation,
    key,
    wrapping: d.wrapping,
    expiration,
    ...own,
  });
  const actions: Action[] = [];
  const restoring: string[] = [];

  // A refused removal stops additions only: the materials still listed keep being renewed.
  const removalsOk = refuseRemovals(ctx, d, cur, live, new Set(wanted.map((m) => m.kcv)));

  // Renewals and recoveries of the materials the key already holds.
  let newestLive = -1;
  wanted.forEach((w, i) => {
    if (byKcv.get(w.kcv) && isAssociated(byKcv.get(w.kcv)!)) newestLive = i;
  });
  const adding = newestLive < wanted.length - 1;
  wanted.forEach((w) => {
    const m = byKcv.get(w.kcv);
    if (!m) return;
    // A material known only through the key's tag (imported before the key was in-place) is
    // labelled with its KCV before a rotation: once NON_CURRENT, nothing else would name it.
    const unlabelled = adding && m.state === 'CURRENT' && !cur?.live.materials?.some((x) => x.keyMaterialId === m.keyMaterialId && x.kcv !== null);
    const need = materialNeed(m, d, ctx.now) ?? (unlabelled ? { reason: `labels material ${w.kcv} with its KCV before the key rotates (it was imported without one)`, restores: false } : null);
    if (!need) return;
    const id = `${prefix}/${w.kcv}/reimport-material`;
    actions.push(
      importOf({
        id,
        kind: 'reimport-material',
        target: target(w.kcv),
        reason: need.reason,
        dependsOn: [],
        expectedKcv: w.kcv,
        inPlace: { importType: 'EXISTING_KEY_MATERIAL' as const, ...(m.keyMaterialId ? { keyMaterialId: m.keyMaterialId } : {}) },
      }),
    );
    if (need.restores) restoring.push(id);
  });

  const missingEarlier = wanted.slice(0, Math.max(newestLive, 0)).filter((w) => !byKcv.has(w.kcv));
  if (missingEarlier.length > 0) {
    ctx.diagnostics.push(
      error('plan.material-order', `key ${d.name}: material ${missingEarlier.map((w) => w.kcv).join(', ')} is listed before the key's current material but was never imported into it`, {
        detail: 'An in-place key only gains materials at the end of `materials:` (oldest first, current last). Move the new material to the end, or remove it.',
        path: `keys.${d.name}.materials`,
        pos: d.pos,
      }),
    );
    return { actions, restoring };
  }

  const toAdd = wanted.slice(newestLive + 1);
  if (toAdd.length === 0 || !removalsOk) return { actions, restoring };
  const pending = live.find((m) => m.state === 'PENDING_ROTATION');
  if (pending && pending.kcv !== toAdd[0]!.kcv) {
    ctx.diagnostics.push(
      error('plan.material-order', `key ${d.name} has a material pending rotation (${pending.kcv ?? pending.keyMaterialId}) that is not the next one in \`materials:\``, {
        detail: 'AWS holds one pending material at a time. List it next in `materials:`, or delete it (DeleteImportedKeyMaterial with its KeyMaterialId) and plan again.',
        path: `keys.${d.name}.materials`,
        pos: d.pos,
      }),
    );
    return { actions, restoring };
  }
  // The first material of a key is a plain first import and costs no rotation.
  const rotations = toAdd.length - (newestLive < 0 ? 1 : 0);
  const used = rotationsUsed(live);
  if (used + rotations > MAX_ON_DEMAND_ROTATIONS) {
    ctx.diagnostics.push(
      error('plan.rotation-limit', `key ${d.name} would need ${rotations} more on-demand rotation(s) but has used ${used} of ${MAX_ON_DEMAND_ROTATIONS}`, {
        detail: 'AWS allows 25 on-demand rotations per key. Use rotation: new-key for this key (a new key, aliases and buckets moved), or list fewer new materials.',
        path: `keys.${d.name}.materials`,
        pos: d.pos,
      }),
    );
    return { actions, restoring };
  }

  // A rotation needs every associated material imported (RotateKeyOnDemand refuses a key pending import).
  let after = [...afterCreate, ...actions.map((a) => a.id)];
  for (const w of toAdd) {
    const first = newestLive < 0 && w === toAdd[0];
    const importId = `${prefix}/${w.kcv}/import-material`;
    if (!(pending && pending.kcv === w.kcv)) {
      actions.push(
        importOf({
          id: importId,
          kind: 'import-material',
          target: target(w.kcv),
          reason: first ? `first import into the key (kcv ${w.kcv})` : `new material (kcv ${w.kcv}) added to \`materials:\`; imported pending rotation`,
          dependsOn: after,
          expectedKcv: w.kcv,
          // NEW on a key without material is its first import (AWS's own default then); it labels the material too.
          inPlace: { importType: 'NEW_KEY_MATERIAL' as const },
        }),
      );
      after = [importId];
      if (first) {
        restoring.push(importId);
        continue;
      }
    }
    const rotateId = `${prefix}/${w.kcv}/rotate-key`;
    actions.push({
      provider: d.provider,
      keyName: d.name,
      destructive: false,
      id: rotateId,
      kind: 'rotate-key',
      target: target(w.kcv),
      reason: `makes material ${w.kcv} current (on-demand rotation ${used + 1 + actions.filter((a) => a.kind === 'rotate-key').length} of ${MAX_ON_DEMAND_ROTATIONS}); older materials stay for decryption`,
      dependsOn: after,
      key,
      kcv: w.kcv,
    });
    after = [rotateId];
  }
  return { actions, restoring };
}

/**
 * A live material the manifest no longer lists. Its data becomes undecryptable once it expires,
 * and so does the whole key (AWS needs every material imported), so this is refused unless the
 * manifest names its KCV under `removableMaterials` and nothing we can see uses the key.
 * Returns false when planning must stop for this key.
 */
function refuseRemovals(ctx: PlanContext, d: DesiredKey, cur: ManagedKey | null, live: LiveMaterial[], listed: Set<string>): boolean {
  if (!cur) return true;
  const gone = live.filter((m) => isAssociated(m) && (m.kcv === null || !listed.has(m.kcv)));
  if (gone.length === 0) return true;
  const uses = usesOf(ctx, cur.live.provider, cur.live.keyId, NO_MOVES).map((u) => u.what);
  if (d.aliases.length > 0 && uses.length === 0) uses.push(`the manifest's aliases (${d.aliases.join(', ')})`);
  const allowed = new Set(d.removableMaterials ?? []);
  let ok = true;
  for (const m of gone) {
    const name = m.kcv ?? `KeyMaterialId ${m.keyMaterialId}`;
    const when = m.validTo ? `at ${m.validTo}` : 'when it is next deleted';
    if (m.kcv !== null && allowed.has(m.kcv) && uses.length === 0) {
      ctx.diagnostics.push(
        warning('plan.material-removed', `key ${d.name}: material ${name} is no longer renewed; the key goes to PendingImport ${when}`, {
          detail: 'The manifest allows its removal and nothing visible uses the key. Every decrypt under this key fails from then on.',
          path: `keys.${d.name}.materials`,
          pos: d.pos,
        }),
      );
      continue;
    }
    ok = false;
    const why = m.kcv !== null && allowed.has(m.kcv) ? `the key is still used by ${uses.join(', ')}` : 'the manifest does not allow it';
    ctx.diagnostics.push(
      error('plan.material-removed', `key ${d.name}: material ${name} is on the key but not in \`materials:\`; refusing to drop it (${why})`, {
        detail:
          `Data encrypted under it would become undecryptable, and once it expires (${m.validTo ?? 'unknown'}) the whole key goes to PendingImport. ` +
          'Put it back in `materials:`; to let it go on purpose, list its KCV under `removableMaterials:` once nothing uses the key.',
        path: `keys.${d.name}.materials`,
        pos: d.pos,
      }),
    );
  }
  return ok;
}
