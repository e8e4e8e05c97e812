import { TAG, type DesiredState } from '../core/types.js';
import { UserError, error } from '../diagnostics/diagnostic.js';
import type { Provider } from '../providers/port.js';
import { aliasesIn, bucketsOf } from './providers.js';

/**
 * Checked against live state right before a key is disabled or scheduled for deletion, whatever
 * the plan says (a saved plan may be old, objects may have been written since):
 * the key must carry this manifest's tag, must not hold the manifest's current material, must not
 * be the target of a manifest alias or a managed bucket's default key, and (where `reencrypt` is
 * on) no object of a managed bucket may still be encrypted under it.
 */
export async function assertRetirable(keyId: string, providerName: string, provider: Provider, desired: DesiredState): Promise<void> {
  const refuse = (why: string) => {
    throw new UserError(error('apply.key-in-use', `refusing to retire key ${keyId}: ${why}`, { detail: 'Nothing was changed for this key; the next plan will retry once it is unused.' }));
  };
  const key = await provider.keys.describeKey(keyId);
  if (!key) return refuse('it no longer exists');
  if (key.tags[TAG.manifest] !== desired.name) return refuse(`it is not tagged ${TAG.manifest}=${desired.name}`);
  const owner = desired.keys.find((k) => k.name === key.tags[TAG.key]);
  if (owner && key.tags[TAG.kcv] === owner.kcv && key.expirationModel !== null) return refuse(`it holds the current material of "${owner.name}"`);

  const aliasNames = aliasesIn(desired, providerName);
  if (aliasNames.length) {
    const hit = (await provider.keys.getAliases(aliasNames)).find((a) => a.targetKeyId === keyId);
    if (hit) return refuse(`alias ${hit.name} points at it`);
  }
  for (const bucket of desired.buckets.filter((b) => b.provider === providerName)) {
    const enc = await bucketsOf(provider).getBucketEncryption(bucket.name);
    if (enc?.kmsKeyId === keyId) return refuse(`it is the default key of bucket ${bucket.name}`);
    if (bucket.reencrypt) {
      const n = (await bucketsOf(provider).countObjectsByKey(bucket.name))[keyId] ?? 0;
      if (n > 0) return refuse(`${n} object(s) in bucket ${bucket.name} are still encrypted under it`);
    }
  }
}
