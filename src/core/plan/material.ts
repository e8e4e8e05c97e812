import type { DesiredKey } from '../types.js';
import { formatDuration, msUntil } from './format.js';
import type { ManagedKey } from './inventory.js';

export interface ImportNeed {
  kind: 'import-material' | 'reimport-material';
  reason: string;
  /** True when the key cannot serve until this import is done (first import, recovery). */
  restoresService: boolean;
}

/**
 * Whether the current generation needs its material (re-)imported now. Re-importing the same
 * material is always safe, so every doubt (unknown expiry, model mismatch) resolves to importing.
 */
export function importNeed(k: ManagedKey, desired: DesiredKey, now: Date): ImportNeed | null {
  const { state, expirationModel, validTo } = k.live;
  const gen = `generation ${k.generation}`;
  if (state === 'PendingImport' || state === 'Creating') {
    if (expirationModel === null) {
      return {
        kind: 'import-material',
        reason: `${gen} has no material yet (an earlier apply stopped before importing)`,
        restoresService: true,
      };
    }
    const when = validTo === null ? 'material was deleted' : `material expired at ${validTo}`;
    return { kind: 'reimport-material', reason: `${when}; recovering`, restoresService: true };
  }
  if (state !== 'Enabled' && state !== 'Disabled') return null;
  if (expirationModel === null) return null;

  const want = desired.expiration;
  if (want.model === 'never') {
    if (expirationModel === 'never') return null;
    return reimport(`material expires at ${validTo ?? 'an unknown time'} but the manifest says it never expires; re-imports to conform`);
  }
  if (expirationModel === 'never') {
    return reimport(`material never expires but the manifest says it expires after ${formatDuration(want.validForMs)}; re-imports to conform`);
  }
  const left = msUntil(validTo, now);
  if (left === null) return reimport('material expiry is unknown; re-imports to set it');
  if (left > want.renewBeforeMs) return null;
  if (left <= 0) return reimport(`material expired at ${validTo}; recovering`);
  return reimport(`expires in ${formatDuration(left)} (renew before ${formatDuration(want.renewBeforeMs)})`);
}

function reimport(reason: string): ImportNeed {
  return { kind: 'reimport-material', reason, restoresService: false };
}

export function expirationOf(desired: DesiredKey): { model: 'expires'; validForMs: number } | { model: 'never' } {
  return desired.expiration.model === 'expires'
    ? { model: 'expires', validForMs: desired.expiration.validForMs }
    : { model: 'never' };
}
