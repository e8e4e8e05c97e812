import { dirname } from 'node:path';
import type { Clock, DesiredKey, DesiredMaterial, DesiredState } from '../core/types.js';
import { materialDescription } from '../core/material-label.js';
import { DAY_MS } from '../core/specs.js';
import { UserError, error } from '../diagnostics/diagnostic.js';
import { withMaterial, zeroize } from '../material/index.js';
import { kcv, wrapFormFor, wrapMaterial } from '../wrapping/index.js';
import { ProviderError, type MaterialExpiry, type MaterialImport, type Provider } from '../providers/port.js';

type ImportAction = {
  keyName: string;
  wrapping: DesiredKey['wrapping'];
  expiration: { model: 'expires'; validForMs: number } | { model: 'never' };
  expectedKcv: string;
  inPlace?: { importType: 'NEW_KEY_MATERIAL' } | { importType: 'EXISTING_KEY_MATERIAL'; keyMaterialId?: string };
};

// One index per desired state: a find() per import made a 10,000-key apply quadratic.
const indexes = new WeakMap<DesiredState, Map<string, DesiredKey>>();
function keysByName(desired: DesiredState): Map<string, DesiredKey> {
  let index = indexes.get(desired);
  if (!index) indexes.set(desired, (index = new Map(desired.keys.map((k) => [k.name, k]))));
  return index;
}

/**
 * The one place plaintext material is handled during an apply: read, KCV-checked, wrapped under
 * fresh import parameters, imported, zeroed. An expired or rejected import token is retried once
 * with new parameters (the pair is only valid 24 h, and a saved plan may be older than that).
 */
export async function importMaterial(action: ImportAction, keyId: string, provider: Provider, desired: DesiredState, clock: Clock): Promise<void> {
  const key = keysByName(desired).get(action.keyName);
  if (!key) throw new UserError(error('manifest.unknown-key', `key "${action.keyName}" is no longer in the manifest`));
  const source = sourceFor(key, action.expectedKcv);
  await withMaterial(source.source, dirname(desired.file), key.keySpec, async (material) => {
    const actual = kcv(material);
    if (actual !== action.expectedKcv || (source.declaredKcv !== undefined && actual !== source.declaredKcv)) {
      throw new UserError(
        error('material.kcv-mismatch', `material for key "${key.name}" has KCV ${actual}, expected ${source.declaredKcv ?? action.expectedKcv}`, {
          detail: 'Nothing was imported. Check the material source, or update `kcv` in keys.yaml and plan again.',
        }),
      );
    }
    const expiry = expiryFor(action.expiration, clock, provider.keys.capabilities.maxValidForDays);
    const form = wrapFormFor(provider.keys.capabilities.type, key.keySpec);
    for (let attempt = 1; ; attempt++) {
      const params = await provider.keys.getImportParameters(keyId, action.wrapping.algorithm, action.wrapping.keySpec);
      const wrapped = wrapMaterial(material, params.publicKey, action.wrapping.algorithm, { expectedKeySpec: action.wrapping.keySpec, form });
      try {
        await provider.keys.importMaterial(keyId, params, wrapped, expiry, materialImport(action));
        return;
      } catch (e) {
        if (!(e instanceof ProviderError && e.code === 'provider.import-token' && attempt < 2)) throw e;
      } finally {
        zeroize(wrapped.encryptedKeyMaterial, wrapped.encryptedPrivateKey, params.importToken);
      }
    }
  });
}

/**
 * In-place keys list several materials: the action names the one it imports by KCV (a saved plan
 * whose material left the manifest is refused rather than importing another one).
 */
function sourceFor(key: DesiredKey, expectedKcv: string): DesiredMaterial {
  if (!key.materials) return { source: key.material, kcv: key.kcv, ...(key.declaredKcv !== undefined ? { declaredKcv: key.declaredKcv } : {}) };
  const m = key.materials.find((x) => x.kcv === expectedKcv);
  if (m) return m;
  throw new UserError(
    error('material.kcv-mismatch', `key "${key.name}" no longer lists a material with KCV ${expectedKcv}`, {
      detail: 'Nothing was imported. The manifest changed since the plan was made: plan again.',
    }),
  );
}

function materialImport(action: ImportAction): MaterialImport | undefined {
  const ip = action.inPlace;
  if (!ip) return undefined;
  return { ...ip, description: materialDescription(action.expectedKcv) };
}

/** ValidTo counted from the apply-time clock, capped at what the provider accepts. */
export function expiryFor(expiration: ImportAction['expiration'], clock: Clock, maxValidForDays: number | null): MaterialExpiry {
  if (expiration.model === 'never') return { model: 'never' };
  const cap = maxValidForDays === null ? Infinity : maxValidForDays * DAY_MS;
  // A minute of slack keeps a 365-day request inside the provider's limit despite clock skew.
  const validFor = Math.min(expiration.validForMs, cap - 60_000);
  return { model: 'expires', validTo: new Date(clock.now().getTime() + validFor) };
}
