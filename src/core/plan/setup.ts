import { warning } from '../../diagnostics/diagnostic.js';
import { TAG, type Action } from '../types.js';
import type { PlanContext } from './context.js';
import type { KeyInventory } from './inventory.js';
import { planInPlace } from './in-place.js';
import { expirationOf, importNeed } from './material.js';
import { desiredMaterialsOf } from './materials.js';

export interface Setup {
  setup: Action[];
  /** Ids that must succeed before traffic (aliases, buckets, objects) may move to the key. */
  readyDeps: string[];
  /** Clearing a stale cut-over stamp on a key that is current again. */
  cutover: Action[];
}

type ImportAction = Extract<Action, { kind: 'import-material' | 'reimport-material' }>;

/** create-key → import → enable for the key that should carry the manifest's material. */
export function planSetup(ctx: PlanContext, inv: KeyInventory): Setup {
  const d = inv.desired;
  // Each action is one literal, any shared part spread last: spreading shared fields into a literal
  // and then adding more costs V8 about 4 KB per object and a hidden class of its own (lint forbids
  // it here), and every manifest key passes here.
  const provider = d.provider;
  const expiration = expirationOf(d);
  const inPlace = d.rotation === 'in-place';
  /** An import of the manifest's material: the key's import fields, then `own`. */
  const importOf = (own: Pick<ImportAction, 'id' | 'kind' | 'target' | 'reason' | 'dependsOn' | 'generation' | 'key'>): Action => ({
    provider,
    keyName: d.name,
    destructive: false,
    wrapping: d.wrapping,
    expiration,
    expectedKcv: d.kcv,
    ...own,
  });

  if (!inv.current) {
    const gen = inv.nextGeneration;
    const createId = `${d.name}/g${gen}/create-key`;
    const importId = `${d.name}/g${gen}/import-material`;
    const create: Action = {
      provider,
      keyName: d.name,
      destructive: false,
      id: createId,
      kind: 'create-key',
      target: `${d.name} generation ${gen}`,
      reason: createReason(inv),
      dependsOn: [],
      generation: gen,
      keySpec: d.keySpec,
      description: d.description,
      // An in-place key starts with its oldest material; the tag follows each rotation.
      tags: { [TAG.manifest]: ctx.desired.name, [TAG.key]: d.name, [TAG.generation]: String(gen), [TAG.kcv]: inPlace ? desiredMaterialsOf(d)[0]!.kcv : d.kcv },
    };
    if (inPlace) {
      const ip = planInPlace(ctx, inv, null, { created: { keyName: d.name, generation: gen } }, gen, [createId]);
      return { setup: [create, ...ip.actions], readyDeps: [createId, ...ip.restoring], cutover: [] };
    }
    const imp = importOf({
      id: importId,
      kind: 'import-material',
      target: `${d.name} generation ${gen}`,
      reason: `first import into the new key (kcv ${d.kcv})`,
      dependsOn: [createId],
      generation: gen,
      key: { created: { keyName: d.name, generation: gen } },
    });
    return { setup: [create, imp], readyDeps: [createId, importId], cutover: [] };
  }

  const cur = inv.current;
  const keyId = cur.live.keyId;
  const prefix = `${d.name}/g${cur.generation}`;
  const setup: Action[] = [];
  const ip = inPlace ? planInPlace(ctx, inv, cur, { keyId }, cur.generation, []) : null;
  if (ip) setup.push(...ip.actions);
  const need = ip ? null : importNeed(cur, d, ctx.now);
  if (need) {
    setup.push(
      importOf({
        id: `${prefix}/${need.kind}`,
        kind: need.kind,
        target: keyId,
        reason: need.reason,
        dependsOn: [],
        generation: cur.generation,
        key: { keyId },
      }),
    );
  }
  if (cur.live.state === 'Disabled') {
    setup.push({
      provider,
      keyName: d.name,
      destructive: false,
      id: `${prefix}/enable-key`,
      kind: 'enable-key',
      target: keyId,
      reason: `generation ${cur.generation} carries the manifest's material (kcv ${d.kcv}) but is Disabled`,
      dependsOn: ip ? ip.restoring : setup.map((a) => a.id),
      key: { keyId },
    });
    // RotateKeyOnDemand needs an Enabled key.
    for (const a of ip?.actions ?? []) if (a.kind === 'rotate-key') a.dependsOn.push(`${prefix}/enable-key`);
  }
  if (cur.live.state === 'Unavailable' || cur.live.state === 'Updating') {
    ctx.diagnostics.push(
      warning('provider.invalid-state', `key ${d.name} generation ${cur.generation} (${keyId}) is ${cur.live.state}`, {
        detail: 'The provider reports it cannot be used right now; nothing is planned for it until it is back.',
        path: `keys.${d.name}`,
        pos: d.pos,
      }),
    );
  }
  const cutover: Action[] = [];
  if (cur.live.tags[TAG.supersededAt]) {
    cutover.push({
      provider,
      keyName: d.name,
      destructive: false,
      id: `${prefix}/tag-key`,
      kind: 'tag-key',
      target: keyId,
      reason: `generation ${cur.generation} is current again; clears its old cut-over stamp so a later rotation starts a fresh grace period`,
      dependsOn: [],
      key: { keyId },
      tags: { [TAG.supersededAt]: '' },
    });
  }
  // An Enabled key already serves; renewing it must not hold traffic moves back.
  // An in-place key serves again once its recoveries are done; new materials do not hold traffic.
  const readyDeps = cur.live.state === 'Enabled' ? [] : setup.filter((a) => !ip || ip.restoring.includes(a.id) || a.kind === 'enable-key').map((a) => a.id);
  return { setup, readyDeps, cutover };
}

function createReason(inv: KeyInventory): string {
  const d = inv.desired;
  const gen = inv.nextGeneration;
  const newest = inv.active[inv.active.length - 1];
  if (!newest) return `no live key for ${d.name} yet; creates generation ${gen}`;
  if (newest.kcv !== d.kcv) {
    return `material changed (kcv ${newest.kcv ?? 'unknown'} → ${d.kcv}); rotates to generation ${gen}`;
  }
  if (newest.live.keySpec !== d.keySpec) {
    return `key spec changed (${newest.live.keySpec} → ${d.keySpec}); creates generation ${gen}`;
  }
  return `no usable live key carries kcv ${d.kcv}; creates generation ${gen}`;
}
