import { TAG, type DesiredState, type KeySummary, type LiveKey, type LiveState } from '../core/types.js';
import type { KeyState } from '../core/specs.js';

/** One managed live key, as the daemon last saw it. */
export interface MaterialView {
  keyName: string;
  provider: string;
  /** The generation tag as written on the key (a label value, kept as text). */
  generation: string;
  keyId: string;
  state: KeyState;
  /** null when the material does not expire or none is imported. */
  validTo: Date | null;
  /** True for the generation the manifest's material lives in (the plan's key summary). */
  current: boolean;
  /** The manifest's renew-before window for this key; null when it never expires. */
  renewBeforeMs: number | null;
  /** In-place keys: each material on its own (key-level validTo is the earliest of them). */
  materials?: { keyMaterialId: string; kcv: string | null; state: string; validTo: Date | null }[];
}

/**
 * What the daemon knows about live materials at the end of its last successful read: the source
 * of the expiry gauge and of the health checks. `at` is when it was read.
 */
export interface ExpiryView {
  manifest: string;
  at: Date;
  materials: MaterialView[];
}

/** `provider NUL keyId` of each manifest key's current generation, from the plan's key summary. */
export function currentKeyIds(summaries: readonly KeySummary[]): Map<string, string> {
  return new Map(summaries.flatMap((s) => (s.keyId ? [[`${s.provider}\u0000${s.keyName}`, `${s.provider}\u0000${s.keyId}`] as const] : [])));
}

/**
 * Builds the view from a live read. `current` maps `provider NUL keyName` to `provider NUL keyId`
 * of the current generation (currentKeyIds of a plan of the same or an earlier read).
 */
export function viewOf(desired: DesiredState, live: LiveState, current: ReadonlyMap<string, string>, at: Date): ExpiryView {
  const currentIds = new Set(current.values());
  const renewBefore = new Map(desired.keys.map((k) => [`${k.provider}\u0000${k.name}`, k.expiration.model === 'expires' ? k.expiration.renewBeforeMs : null]));
  const materials = live.keys
    .filter((k) => k.tags[TAG.manifest] === desired.name && k.tags[TAG.key] !== undefined)
    .map((k) => materialOf(k, currentIds.has(`${k.provider}\u0000${k.keyId}`), renewBefore.get(`${k.provider}\u0000${k.tags[TAG.key]}`) ?? null));
  return { manifest: desired.name, at, materials };
}

function materialOf(k: LiveKey, current: boolean, renewBeforeMs: number | null): MaterialView {
  const t = k.validTo === null ? Number.NaN : Date.parse(k.validTo);
  return {
    keyName: k.tags[TAG.key] ?? '',
    provider: k.provider,
    generation: k.tags[TAG.generation] ?? '',
    keyId: k.keyId,
    state: k.state,
    validTo: Number.isNaN(t) ? null : new Date(t),
    current,
    renewBeforeMs,
    ...(k.materials
      ? {
          materials: k.materials.map((m) => ({
            keyMaterialId: m.keyMaterialId,
            kcv: m.kcv ?? (m.state === 'CURRENT' ? (k.tags[TAG.kcv] ?? null) : null),
            state: m.state,
            // An expired material reads as its old ValidTo, so the gauge goes negative as documented.
            validTo: m.validTo ? new Date(m.validTo) : null,
          })),
        }
      : {}),
  };
}

/** Why a current material needs work at `at`, or null: it cannot serve, or its renewal is due. */
export function dueReason(m: MaterialView, at: Date): string | null {
  if (!m.current) return null;
  if (m.state === 'PendingImport') return `key ${m.keyName} (${m.keyId}) is PendingImport: its material must be re-imported`;
  if (!m.validTo || m.renewBeforeMs === null) return null;
  const left = m.validTo.getTime() - at.getTime();
  if (left <= 0) return `material of key ${m.keyName} (${m.keyId}) expired at ${m.validTo.toISOString()}`;
  if (left <= m.renewBeforeMs) return `material of key ${m.keyName} (${m.keyId}) expires at ${m.validTo.toISOString()}, inside its renew-before window`;
  return null;
}

/** Why a current material is unusable at `at` (expired or PendingImport), or null. */
export function expiredReason(m: MaterialView, at: Date): string | null {
  const why = dueReason(m, at);
  return why && (m.state === 'PendingImport' || (m.validTo !== null && m.validTo <= at)) ? why : null;
}
