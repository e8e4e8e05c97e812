/** RotateKeyOnDemand, ListKeyRotations and GetKeyLastUsage for keys with imported material. */
import { SimError, type SimRotation } from './sim-types.js';
import { enumError, invalidState, unsupported } from './errors.js';
import { materialsOf } from './kms-import.js';
import { requireState } from './key-state.js';
import { checkLimit, paginate } from './paginate.js';
import { arnOf, resolveKey } from './resolve.js';
import type { SimContext } from './context.js';
import type { KeyRecord, MaterialRecord } from './model.js';

export const MAX_ON_DEMAND_ROTATIONS = 25;
const INCLUDE = ['ALL_KEY_MATERIAL', 'ROTATIONS_ONLY'] as const;

/**
 * Promotes the one PENDING_ROTATION material to CURRENT; the current one stays as NON_CURRENT,
 * so data under it still decrypts (and it must stay imported for the key to stay Enabled).
 */
export function rotateKeyOnDemand(ctx: SimContext, req: { KeyId: string }): { KeyId: string } {
  const key = resolveKey(ctx, req.KeyId, false);
  if (key.origin !== 'EXTERNAL') throw unsupported('On-demand rotation of keys with AWS_KMS origin is not simulated.');
  if (key.keySpec !== 'SYMMETRIC_DEFAULT') throw unsupported(`${arnOf(ctx, key.keyId)} is not a symmetric encryption key; on-demand rotation needs one.`);
  requireState(ctx, key, ['Enabled']);
  if (rotationsOf(key) >= MAX_ON_DEMAND_ROTATIONS) {
    throw new SimError('LimitExceededException', `The on-demand rotations limit has been reached for the key ${arnOf(ctx, key.keyId)}.`);
  }
  const next = key.pending;
  if (!next || !next.imported) throw invalidState('No available key material pending rotation for the key');
  if (key.material) key.nonCurrent.push(key.material);
  next.rotatedAt = ctx.clock.now();
  key.material = next;
  key.pending = null;
  return { KeyId: arnOf(ctx, key.keyId) };
}

export function rotationsOf(key: KeyRecord): number {
  return [...key.nonCurrent, ...(key.material ? [key.material] : [])].filter((m) => m.rotatedAt).length;
}

/** Oldest first: the NON_CURRENT materials, the CURRENT one, then the pending one. */
export function listKeyRotations(ctx: SimContext, req: { KeyId: string; IncludeKeyMaterial?: string; Limit?: number; Marker?: string }) {
  const key = resolveKey(ctx, req.KeyId, false);
  const include = req.IncludeKeyMaterial ?? 'ROTATIONS_ONLY';
  if (!(INCLUDE as readonly string[]).includes(include)) throw enumError(include, 'includeKeyMaterial', INCLUDE);
  const limit = checkLimit(req.Limit, 100, 1000);
  const all = materialsOf(key).map((m, i) => ({ m, sortKey: String(i).padStart(4, '0') }));
  const chosen = include === 'ALL_KEY_MATERIAL' ? all : all.filter((x) => x.m.rotatedAt);
  const page = paginate(chosen, (x) => x.sortKey, limit, req.Marker);
  return {
    Rotations: page.items.map((x) => rotationOf(ctx, key, x.m)),
    Truncated: page.truncated,
    ...(page.nextMarker ? { NextMarker: page.nextMarker } : {}),
  };
}

function rotationOf(ctx: SimContext, key: KeyRecord, m: MaterialRecord): SimRotation {
  const state = m === key.material ? 'CURRENT' : m === key.pending ? 'PENDING_ROTATION' : 'NON_CURRENT';
  return {
    KeyId: arnOf(ctx, key.keyId),
    KeyMaterialId: m.keyMaterialId,
    ...(m.description !== undefined ? { KeyMaterialDescription: m.description } : {}),
    ImportState: m.imported ? 'IMPORTED' : 'PENDING_IMPORT',
    KeyMaterialState: state,
    ExpirationModel: m.expirationModel,
    // Kept after expiry (unverified on AWS): it says when the material was lost.
    ...(m.validTo ? { ValidTo: new Date(m.validTo) } : {}),
    ...(m.rotatedAt ? { RotationDate: new Date(m.rotatedAt), RotationType: 'ON_DEMAND' as const } : {}),
  };
}

/** Tracking starts when the key is created (AWS: then, or when tracking began, whichever is later). */
export function getKeyLastUsage(ctx: SimContext, req: { KeyId: string }) {
  const key = resolveKey(ctx, req.KeyId, false);
  const u = key.lastUsage;
  return {
    KeyId: key.keyId,
    KeyLastUsage: u ? { Operation: u.operation, Timestamp: new Date(u.at) } : {},
    TrackingStartDate: new Date(key.createdAt),
    KeyCreationDate: new Date(key.createdAt),
  };
}
