import type { DesiredKey, DesiredMaterial, LiveMaterial } from '../types.js';
import { formatDuration, msUntil } from './format.js';
import type { ManagedKey } from './inventory.js';

/**
 * The materials of an in-place key as the planner sees them. A key read without its material list
 * (a provider that cannot list them, or a key that was `new-key` until now) has one material: the
 * key-level fields describe it, its KCV is the key's tag, and its KeyMaterialId is unknown ('').
 * A material this tool did not describe at import has no KCV; when it is the current one, the
 * key's `byok:kcv` tag (which follows every rotation) names it.
 */
export function liveMaterialsOf(k: ManagedKey): LiveMaterial[] {
  if (k.live.materials) {
    // Replaces a field the material already has: no new hidden class.
    // eslint-disable-next-line no-restricted-syntax
    return k.live.materials.map((m) => (m.kcv === null && m.state === 'CURRENT' ? { ...m, kcv: k.kcv } : m));
  }
  if (k.live.expirationModel === null) return [];
  return [
    {
      keyMaterialId: '',
      kcv: k.kcv,
      state: 'CURRENT',
      imported: k.live.state !== 'PendingImport',
      expirationModel: k.live.expirationModel,
      validTo: k.live.validTo,
      rotatedAt: null,
    },
  ];
}

/** The manifest's materials of an in-place key (a key written with `material:` has just that one). */
export function desiredMaterialsOf(d: DesiredKey): DesiredMaterial[] {
  if (d.materials && d.materials.length > 0) return d.materials;
  return [{ source: d.material, kcv: d.kcv, ...(d.declaredKcv !== undefined ? { declaredKcv: d.declaredKcv } : {}) }];
}

/** Permanently associated: the key is Enabled only while every one of these is imported. */
export function isAssociated(m: LiveMaterial): boolean {
  return m.state !== 'PENDING_ROTATION';
}

/** On-demand rotations the key has used up (AWS allows 25 per key). */
export function rotationsUsed(materials: readonly LiveMaterial[]): number {
  const dated = materials.filter((m) => m.rotatedAt !== null).length;
  // Without rotation dates, every associated material but the first came from a rotation.
  return Math.max(dated, materials.filter(isAssociated).length - 1);
}

export const MAX_ON_DEMAND_ROTATIONS = 25;

/**
 * Whether one material must be imported again now: recovery when it expired or was deleted (the
 * whole key is down until then), renewal inside `renewBefore`, or to conform to the manifest's
 * expiration model. Same doubts-resolve-to-importing rule as for single-material keys.
 */
export function materialNeed(m: LiveMaterial, d: DesiredKey, now: Date): { reason: string; restores: boolean } | null {
  const label = `material ${m.kcv ?? m.keyMaterialId.slice(0, 8)} (${m.state})`;
  if (!m.imported) {
    const what = m.validTo ? `expired at ${m.validTo}` : 'was deleted';
    return { reason: `${label} ${what}; the key is PendingImport until it is back: recovering`, restores: true };
  }
  const want = d.expiration;
  if (want.model === 'never') {
    return m.expirationModel === 'never' ? null : { reason: `${label} expires but the manifest says it never expires; re-imports to conform`, restores: false };
  }
  if (m.expirationModel === 'never') {
    return { reason: `${label} never expires but the manifest says it expires after ${formatDuration(want.validForMs)}; re-imports to conform`, restores: false };
  }
  const left = msUntil(m.validTo, now);
  if (left === null) return { reason: `${label} expiry is unknown; re-imports to set it`, restores: false };
  if (left > want.renewBeforeMs) return null;
  if (left <= 0) return { reason: `${label} expired at ${m.validTo}; recovering`, restores: true };
  return { reason: `${label} expires in ${formatDuration(left)} (renew before ${formatDuration(want.renewBeforeMs)})`, restores: false };
}
